// policy/v1 PodDisruptionBudgets (ValidatePodDisruptionBudgetSpec): one of
// minAvailable and maxUnavailable, each a non-negative int or a percentage of
// at most 100%, a valid selector, a known unhealthyPodEvictionPolicy.
import { child } from './field-path.ts';
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-percent.ts';
import { validateLabelSelector } from './label-selector.ts';
import { obj, type Obj } from './object-access.ts';
import { invalid, notSupported, type StatusCause } from './status-cause.ts';

const unhealthyPodEvictionPolicies = ['AlwaysAllow', 'IfHealthyBudget'];

export function validatePodDisruptionBudget(pdb: Obj): StatusCause[] {
  const spec = obj(pdb.spec);
  const causes: StatusCause[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) causes.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  for (const field of ['minAvailable', 'maxUnavailable']) {
    const value = spec[field];
    if (value === undefined) continue;
    const path = child('spec', field);
    causes.push(...validatePositiveIntOrPercent(value, path), ...isNotMoreThan100Percent(value, path));
  }
  causes.push(...validateLabelSelector(spec.selector, child('spec', 'selector')));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (typeof policy === 'string' && !unhealthyPodEvictionPolicies.includes(policy)) {
    causes.push(notSupported(child('spec', 'unhealthyPodEvictionPolicy'), policy, unhealthyPodEvictionPolicies));
  }
  return causes;
}
