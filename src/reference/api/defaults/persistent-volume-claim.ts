// PersistentVolumeClaims (and the claim templates of StatefulSets and
// ephemeral volumes): filesystem volumes, Pending until bound.
import { ensureObj, type Obj } from '../validation/object-access.ts';

export function defaultPersistentVolumeClaimSpec(spec: Obj): void {
  spec.volumeMode ??= 'Filesystem';
}

export function defaultPersistentVolumeClaim(pvc: Obj): void {
  defaultPersistentVolumeClaimSpec(ensureObj(pvc, 'spec'));
  const status = ensureObj(pvc, 'status');
  status.phase ||= 'Pending';
}
