// apiregistration.k8s.io/v1 APIServices (ValidateAPIService): named
// VERSION.GROUP, a version, positive priorities within their ranges, a
// backing Service with a name and namespace when there is one, and not both
// insecureSkipTLSVerify and a caBundle.
import { child } from './field-path.ts';
import { isObj, obj, optNum, str, type Obj } from './object-access.ts';
import { invalid, required, type StatusCause } from './status-cause.ts';

export function validateApiService(apiService: Obj): StatusCause[] {
  const spec = obj(apiService.spec);
  const p = (...f: string[]) => child('spec', ...f);
  const causes: StatusCause[] = [];
  const name = str(obj(apiService.metadata).name);
  if (name !== `${str(spec.version)}.${str(spec.group)}`) causes.push(invalid(child('metadata', 'name'), name, 'must be `spec.version+"."+spec.group`'));
  if (!str(spec.version)) causes.push(required(p('version')));
  const groupPriority = optNum(spec.groupPriorityMinimum) ?? 0;
  if (groupPriority <= 0 || groupPriority > 20000) causes.push(invalid(p('groupPriorityMinimum'), groupPriority, 'must be positive and less than 20000'));
  const versionPriority = optNum(spec.versionPriority) ?? 0;
  if (versionPriority <= 0 || versionPriority > 1000) causes.push(invalid(p('versionPriority'), versionPriority, 'must be positive and less than 1000'));
  if (isObj(spec.service)) {
    if (!str(spec.service.namespace)) causes.push(required(p('service', 'namespace')));
    if (!str(spec.service.name)) causes.push(required(p('service', 'name')));
    const port = optNum(spec.service.port);
    if (port !== undefined && (port < 1 || port > 65535)) causes.push(invalid(p('service', 'port'), port, 'must be a valid port number'));
  }
  if (spec.insecureSkipTLSVerify === true && str(spec.caBundle)) causes.push(invalid(p('insecureSkipTLSVerify'), true, 'may not be true if caBundle is present'));
  return causes;
}
