// PriorityClasses (SetDefaults_PriorityClass): may preempt lower priorities.
import type { Obj } from '../validation/object-access.ts';

export function defaultPriorityClass(pc: Obj): void {
  pc.preemptionPolicy ??= 'PreemptLowerPriority';
}
