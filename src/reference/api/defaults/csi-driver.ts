// storage.k8s.io/v1 CSIDrivers (SetDefaults_CSIDriver): attach required, no
// pod info on mount, persistent volumes only, fsGroup applied for
// ReadWriteOnce volumes with a filesystem type, no republishing, no capacity
// tracking, no SELinux mount.
import { ensureObj, type Obj } from '../validation/object-access.ts';

export function defaultCSIDriver(driver: Obj): void {
  const spec = ensureObj(driver, 'spec');
  spec.attachRequired ??= true;
  spec.podInfoOnMount ??= false;
  spec.storageCapacity ??= false;
  spec.fsGroupPolicy ??= 'ReadWriteOnceWithFSType';
  spec.volumeLifecycleModes ??= ['Persistent'];
  spec.requiresRepublish ??= false;
  spec.seLinuxMount ??= false;
}
