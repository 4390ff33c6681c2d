// PersistentVolumeClaims (and the claim templates of StatefulSets and
// ephemeral volumes): filesystem volumes, Pending until bound.
import { ensureObj, isObj, type Obj } from '../validation/object-access.ts';
import { canonicalResourceList } from './quantities.ts';

export function defaultPersistentVolumeClaimSpec(spec: Obj): void {
  spec.volumeMode ??= 'Filesystem';
  if (isObj(spec.resources)) {
    canonicalResourceList(spec.resources.requests);
    canonicalResourceList(spec.resources.limits);
  }
}

export function defaultPersistentVolumeClaim(pvc: Obj): void {
  defaultPersistentVolumeClaimSpec(ensureObj(pvc, 'spec'));
  const status = ensureObj(pvc, 'status');
  status.phase ||= 'Pending';
  canonicalResourceList(status.capacity);
  canonicalResourceList(status.allocatedResources);
}
