// admissionregistration.k8s.io/v1 Validating- and MutatingWebhookConfigurations
// (ValidateValidatingWebhookConfiguration / ValidateMutatingWebhookConfiguration):
// uniquely named webhooks with a fully qualified name, a clientConfig with
// exactly one of url (https, no query or fragment) and service, sideEffects
// and admissionReviewVersions stated, supported policies, a timeout of 1-30 s.
import { child, index } from './field-path.ts';
import { isDNS1123Subdomain } from './formats.ts';
import { validateLabelSelector } from './label-selector.ts';
import { arr, isObj, obj, objs, optNum, str, type Obj } from './object-access.ts';
import { duplicate, invalid, notSupported, required, type StatusCause } from './status-cause.ts';

const acceptedReviewVersions = ['v1', 'v1beta1'];
const sideEffectClasses = ['None', 'NoneOnDryRun'];
const operations = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];

function validateWebhookName(name: string, path: string): StatusCause[] {
  if (!name) return [required(path)];
  const causes = isDNS1123Subdomain(name).map((m) => invalid(path, name, m));
  if (name.split('.').length < 3) causes.push(invalid(path, name, 'should be a domain with at least three segments separated by dots'));
  return causes;
}

function validateClientConfig(config: Obj, path: string): StatusCause[] {
  const hasURL = typeof config.url === 'string';
  const hasService = isObj(config.service);
  if (hasURL === hasService) return [required(path, 'exactly one of url or service is required')];
  if (hasURL) {
    const url = str(config.url);
    const urlPath = child(path, 'url');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return [invalid(urlPath, url, 'host must be specified')];
    }
    const causes: StatusCause[] = [];
    if (parsed.protocol !== 'https:') causes.push(invalid(urlPath, url, "'https' is the only allowed URL scheme"));
    if (!parsed.hostname) causes.push(invalid(urlPath, url, 'host must be specified'));
    if (parsed.username || parsed.password) causes.push(invalid(urlPath, url, 'user information is not permitted in the URL'));
    if (parsed.hash || url.includes('#')) causes.push(invalid(urlPath, url, 'fragments are not permitted in the URL'));
    if (parsed.search || url.includes('?')) causes.push(invalid(urlPath, url, 'query parameters are not permitted in the URL'));
    return causes;
  }
  const service = obj(config.service);
  const servicePath = child(path, 'service');
  const causes: StatusCause[] = [];
  if (!str(service.name)) causes.push(required(child(servicePath, 'name'), 'service name is required'));
  if (!str(service.namespace)) causes.push(required(child(servicePath, 'namespace'), 'service namespace is required'));
  const port = optNum(service.port);
  if (port !== undefined && (port < 1 || port > 65535)) causes.push(invalid(child(servicePath, 'port'), port, 'port is not valid: must be between 1 and 65535, inclusive'));
  if (typeof service.path === 'string' && !service.path.startsWith('/')) causes.push(invalid(child(servicePath, 'path'), service.path, "must start with a '/'"));
  return causes;
}

function validateWebhook(hook: Obj, path: string, mutating: boolean): StatusCause[] {
  const causes = validateWebhookName(str(hook.name), child(path, 'name'));
  objs(hook.rules).forEach((rule, i) => {
    const rulePath = index(child(path, 'rules'), i);
    if (!arr(rule.operations).length) causes.push(required(child(rulePath, 'operations')));
    arr(rule.operations).map(str).forEach((op, j) => {
      if (!operations.includes(op)) causes.push(notSupported(index(child(rulePath, 'operations'), j), op, operations));
    });
    for (const field of ['apiGroups', 'apiVersions', 'resources']) if (!arr(rule[field]).length) causes.push(required(child(rulePath, field)));
    if (typeof rule.scope === 'string' && !['*', 'Cluster', 'Namespaced'].includes(rule.scope)) causes.push(notSupported(child(rulePath, 'scope'), rule.scope, ['*', 'Cluster', 'Namespaced']));
  });
  if (typeof hook.failurePolicy === 'string' && !['Fail', 'Ignore'].includes(hook.failurePolicy)) causes.push(notSupported(child(path, 'failurePolicy'), hook.failurePolicy, ['Fail', 'Ignore']));
  if (typeof hook.matchPolicy === 'string' && !['Equivalent', 'Exact'].includes(hook.matchPolicy)) causes.push(notSupported(child(path, 'matchPolicy'), hook.matchPolicy, ['Equivalent', 'Exact']));
  if (typeof hook.sideEffects !== 'string') causes.push(required(child(path, 'sideEffects'), `must specify one of ${sideEffectClasses.join(', ')}`));
  else if (!sideEffectClasses.includes(hook.sideEffects)) causes.push(notSupported(child(path, 'sideEffects'), hook.sideEffects, sideEffectClasses));
  const timeout = optNum(hook.timeoutSeconds);
  if (timeout !== undefined && (timeout < 1 || timeout > 30)) causes.push(invalid(child(path, 'timeoutSeconds'), timeout, 'the timeout value must be between 1 and 30 seconds'));
  causes.push(...validateLabelSelector(hook.namespaceSelector, child(path, 'namespaceSelector')));
  causes.push(...validateLabelSelector(hook.objectSelector, child(path, 'objectSelector')));
  const versions = arr(hook.admissionReviewVersions).map(str);
  const versionsPath = child(path, 'admissionReviewVersions');
  if (!versions.length) causes.push(required(versionsPath, `must specify one of ${acceptedReviewVersions.join(', ')}`));
  else if (!versions.some((v) => acceptedReviewVersions.includes(v))) causes.push(invalid(versionsPath, versions, `must include at least one of ${acceptedReviewVersions.join(', ')}`));
  if (mutating && typeof hook.reinvocationPolicy === 'string' && !['IfNeeded', 'Never'].includes(hook.reinvocationPolicy)) {
    causes.push(notSupported(child(path, 'reinvocationPolicy'), hook.reinvocationPolicy, ['IfNeeded', 'Never']));
  }
  causes.push(...validateClientConfig(obj(hook.clientConfig), child(path, 'clientConfig')));
  return causes;
}

function validateWebhooks(configuration: Obj, mutating: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  objs(configuration.webhooks).forEach((hook, i) => {
    const path = index('webhooks', i);
    causes.push(...validateWebhook(hook, path, mutating));
    const name = str(hook.name);
    if (name && names.has(name)) causes.push(duplicate(child(path, 'name'), name));
    names.add(name);
  });
  return causes;
}

export const validateValidatingWebhookConfiguration = (o: Obj): StatusCause[] => validateWebhooks(o, false);
export const validateMutatingWebhookConfiguration = (o: Obj): StatusCause[] => validateWebhooks(o, true);
