// v1 ReplicationControllers (ValidateReplicationControllerSpec): a non-empty
// equality selector matching the template's labels, a template whose pods
// always restart, non-negative counts.
import { validateNonNegative } from './deployment.ts';
import { child } from './field-path.ts';
import { validateLabels } from './labels.ts';
import { isObj, obj, strMap, type Obj } from './object-access.ts';
import { validateAlwaysRestarting, validatePodTemplateSpec } from './pod-template.ts';
import { invalid, required, type StatusCause } from './status-cause.ts';

export function validateReplicationController(rc: Obj): StatusCause[] {
  const spec = obj(rc.spec);
  const p = (...f: string[]) => child('spec', ...f);
  const causes = [...validateNonNegative(spec.minReadySeconds, p('minReadySeconds'))];
  const selector = strMap(spec.selector);
  if (Object.keys(selector).length === 0) causes.push(required(p('selector')));
  else causes.push(...validateLabels(spec.selector, p('selector')));
  causes.push(...validateNonNegative(spec.replicas, p('replicas')));
  if (!isObj(spec.template)) {
    causes.push(required(p('template')));
    return causes;
  }
  const templateLabels = strMap(obj(spec.template.metadata).labels);
  if (Object.keys(selector).length && !Object.entries(selector).every(([k, v]) => templateLabels[k] === v)) {
    causes.push(invalid(p('template', 'metadata', 'labels'), templateLabels, '`selector` does not match template `labels`'));
  }
  causes.push(...validatePodTemplateSpec(spec.template, p('template')));
  causes.push(...validateAlwaysRestarting(spec.template, p('template'), 'ReplicationController'));
  return causes;
}
