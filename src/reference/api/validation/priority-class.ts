// scheduling.k8s.io/v1 PriorityClasses: user classes stay at or below one
// billion, "system-" names are reserved for the two built-in classes; the
// value and preemption policy are fixed.
import { child } from './field-path.ts';
import { num, obj, optStr, semanticEqual, str, type Obj } from './object-access.ts';
import { forbidden, invalid, notSupported, required, type StatusCause } from './status-cause.ts';

const highestUserDefinablePriority = 1_000_000_000;

export const systemPriorityClasses: Record<string, number> = {
  'system-node-critical': 2_000_001_000,
  'system-cluster-critical': 2_000_000_000,
};

function systemClassError(name: string, value: number, globalDefault: boolean): string | undefined {
  const expected = systemPriorityClasses[name];
  if (expected === undefined) return `${name} is not a known system priority class`;
  if (value !== expected) return `value of ${name} PriorityClass must be ${expected}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

function validatePreemptionPolicy(policy: string, path: string): StatusCause[] {
  if (!policy) return [required(path)];
  return policy === 'PreemptLowerPriority' || policy === 'Never' ? [] : [notSupported(path, policy, ['PreemptLowerPriority', 'Never'])];
}

export function validatePriorityClass(pc: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = str(obj(pc.metadata).name);
  const value = num(pc.value);
  if (name.startsWith('system-')) {
    const err = systemClassError(name, value, pc.globalDefault === true);
    if (err) causes.push(forbidden(child('metadata', 'name'), `priority class names with 'system-' prefix are reserved for system use only. error: ${err}`));
  } else if (value > highestUserDefinablePriority) {
    causes.push(forbidden('value', `maximum allowed value of a user defined priority is ${highestUserDefinablePriority}`));
  }
  const policy = optStr(pc.preemptionPolicy);
  if (policy !== undefined) causes.push(...validatePreemptionPolicy(policy, 'preemptionPolicy'));
  return causes;
}

export function validatePriorityClassUpdate(pc: Obj, old: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  if (num(pc.value) !== num(old.value)) causes.push(forbidden('value', 'may not be changed in an update.'));
  if (!semanticEqual(pc.preemptionPolicy, old.preemptionPolicy)) causes.push(invalid('preemptionPolicy', pc.preemptionPolicy ?? null, 'field is immutable'));
  return causes;
}
