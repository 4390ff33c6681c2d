// persistentVolumeClaimRetentionPolicy as owner references on a StatefulSet's
// claims, as upstream's updateClaimOwnerRefForSetAndPod: whenDeleted: Delete
// makes the set an owner (the claim goes with the set), whenScaled: Delete
// makes a condemned pod (ordinal >= replicas) an owner (the claim goes with the
// pod). The garbage collector does the deleting; Retain leaves no owner.
import type { KubeObject } from '../api/object.ts';
import type { OwnerReference } from './controller-ref.ts';

export interface RetentionPolicy {
  whenDeleted?: string;
  whenScaled?: string;
}

function ownerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata?.name ?? '', uid: owner.metadata?.uid ?? '' };
}

/** The claim's owner references under the policy; undefined when they are already right. */
export function retainedClaimOwners(claim: KubeObject, set: KubeObject, pod: KubeObject | undefined, condemned: boolean, policy: RetentionPolicy): OwnerReference[] | undefined {
  const current = claim.metadata?.ownerReferences ?? [];
  const setUid = set.metadata?.uid;
  const others = current.filter((r) => r.uid !== setUid && !(r.kind === 'Pod' && r.apiVersion === 'v1' && r.name === pod?.metadata?.name));
  const wanted = [...others];
  if (policy.whenDeleted === 'Delete') wanted.push(current.find((r) => r.uid === setUid) ?? ownerRef(set, 'apps/v1', 'StatefulSet'));
  if (policy.whenScaled === 'Delete' && condemned && pod) wanted.push(ownerRef(pod, 'v1', 'Pod'));
  const key = (refs: OwnerReference[]) => JSON.stringify(refs.map((r) => r.uid).sort());
  return key(wanted) === key(current) ? undefined : wanted;
}
