// node.k8s.io/v1 RuntimeClasses (ValidateRuntimeClass): a handler that is a
// DNS label and never changes, a pod overhead of valid quantities, and
// scheduling constraints with valid node selector labels.
import { child, key } from './field-path.ts';
import { isDNS1123Label } from './formats.ts';
import { validateLabels } from './labels.ts';
import { isObj, obj, str, type Obj } from './object-access.ts';
import { parseQuantity } from './quantity.ts';
import { invalid, required, type StatusCause } from './status-cause.ts';

export function validateRuntimeClass(runtimeClass: Obj): StatusCause[] {
  const handler = str(runtimeClass.handler);
  const causes: StatusCause[] = [];
  if (!handler) causes.push(required('handler'));
  else causes.push(...isDNS1123Label(handler).map((m) => invalid('handler', handler, m)));
  const podFixed = obj(obj(runtimeClass.overhead).podFixed);
  for (const [name, value] of Object.entries(podFixed)) {
    const q = parseQuantity(value);
    if (q && q.nanos < 0n) causes.push(invalid(key(child('overhead', 'podFixed'), name), value, 'must be greater than or equal to 0'));
  }
  if (isObj(runtimeClass.scheduling)) causes.push(...validateLabels(runtimeClass.scheduling.nodeSelector, child('scheduling', 'nodeSelector')));
  return causes;
}

export function validateRuntimeClassUpdate(runtimeClass: Obj, old: Obj): StatusCause[] {
  const handler = str(runtimeClass.handler);
  return [...validateRuntimeClass(runtimeClass), ...(handler === str(old.handler) ? [] : [invalid('handler', handler, 'field is immutable')])];
}
