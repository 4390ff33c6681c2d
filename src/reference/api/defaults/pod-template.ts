// A workload's pod template gets the PodSpec defaults (not the Pod-only ones).
import { ensureObj, type Obj } from '../validation/object-access.ts';
import { defaultPodSpec } from './pod-spec.ts';

export function defaultPodTemplate(workloadSpec: Obj): void {
  defaultPodSpec(ensureObj(ensureObj(workloadSpec, 'template'), 'spec'));
}
