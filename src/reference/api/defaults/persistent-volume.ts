// PersistentVolumes: retained when released, filesystem mode, Pending until
// the controller makes them Available.
import { ensureObj, type Obj } from '../validation/object-access.ts';
import { canonicalResourceList } from './quantities.ts';

export function defaultPersistentVolume(pv: Obj): void {
  const spec = ensureObj(pv, 'spec');
  spec.persistentVolumeReclaimPolicy ||= 'Retain';
  spec.volumeMode ??= 'Filesystem';
  canonicalResourceList(spec.capacity);
  const status = ensureObj(pv, 'status');
  status.phase ||= 'Pending';
}
