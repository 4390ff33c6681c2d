// StorageClasses (SetDefaults_StorageClass): delete volumes with their
// claims, bind immediately.
import type { Obj } from '../validation/object-access.ts';

export function defaultStorageClass(sc: Obj): void {
  sc.reclaimPolicy ??= 'Delete';
  sc.volumeBindingMode ??= 'Immediate';
}
