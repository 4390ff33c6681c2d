// apps/v1 ReplicaSets: one replica by default.
import { ensureObj, type Obj } from '../validation/object-access.ts';
import { defaultPodTemplate } from './pod-template.ts';

export function defaultReplicaSet(replicaSet: Obj): void {
  const spec = ensureObj(replicaSet, 'spec');
  spec.replicas ??= 1;
  defaultPodTemplate(spec);
}
