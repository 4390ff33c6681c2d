// coordination.k8s.io/v1 Leases: a positive duration, non-negative transitions.
import { child } from './field-path.ts';
import { obj, optNum, optStr, type Obj } from './object-access.ts';
import { forbidden, invalid, notSupported, type StatusCause } from './status-cause.ts';

export function validateLeaseSpec(lease: Obj): StatusCause[] {
  const spec = obj(lease.spec);
  const causes: StatusCause[] = [];
  const duration = optNum(spec.leaseDurationSeconds);
  if (duration !== undefined && duration <= 0) causes.push(invalid(child('spec', 'leaseDurationSeconds'), duration, 'must be greater than 0'));
  const transitions = optNum(spec.leaseTransitions);
  if (transitions !== undefined && transitions < 0) causes.push(invalid(child('spec', 'leaseTransitions'), transitions, 'must be greater than or equal to 0'));
  const strategy = optStr(spec.strategy);
  if (strategy !== undefined && strategy !== 'OldestEmulationVersion') {
    causes.push(notSupported(child('spec', 'strategy'), strategy, ['OldestEmulationVersion']));
  }
  if (optStr(spec.preferredHolder) && !strategy) causes.push(forbidden(child('spec', 'preferredHolder'), 'may only be specified if `strategy` is defined'));
  return causes;
}
