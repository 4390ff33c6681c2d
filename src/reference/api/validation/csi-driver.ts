// storage.k8s.io/v1 CSIDrivers (ValidateCSIDriver): a driver name, supported
// fsGroupPolicy and volumeLifecycleModes, token audiences set once each; the
// attach and pod-info settings fixed after creation.
import { child, index } from './field-path.ts';
import { validateCSIDriverName } from './csi-driver-name.ts';
import { arr, obj, objs, semanticEqual, str, type Obj } from './object-access.ts';
import { duplicate, invalid, notSupported, required, type StatusCause } from './status-cause.ts';

const fsGroupPolicies = ['File', 'None', 'ReadWriteOnceWithFSType'];
const lifecycleModes = ['Ephemeral', 'Persistent'];

export function validateCSIDriver(driver: Obj): StatusCause[] {
  const spec = obj(driver.spec);
  const p = (f: string) => child('spec', f);
  const causes = validateCSIDriverName(str(obj(driver.metadata).name), child('metadata', 'name'));
  if (typeof spec.attachRequired !== 'boolean') causes.push(required(p('attachRequired')));
  if (typeof spec.podInfoOnMount !== 'boolean') causes.push(required(p('podInfoOnMount')));
  if (typeof spec.fsGroupPolicy === 'string' && !fsGroupPolicies.includes(spec.fsGroupPolicy)) causes.push(notSupported(p('fsGroupPolicy'), spec.fsGroupPolicy, fsGroupPolicies));
  arr(spec.volumeLifecycleModes).map(str).forEach((mode, i) => {
    if (!lifecycleModes.includes(mode)) causes.push(notSupported(index(p('volumeLifecycleModes'), i), mode, lifecycleModes));
  });
  const audiences = new Set<string>();
  objs(spec.tokenRequests).forEach((request, i) => {
    const audience = str(request.audience);
    if (audiences.has(audience)) causes.push(duplicate(child(index(p('tokenRequests'), i), 'audience'), audience));
    audiences.add(audience);
  });
  return causes;
}

export function validateCSIDriverUpdate(driver: Obj, old: Obj): StatusCause[] {
  const causes = validateCSIDriver(driver);
  for (const field of ['attachRequired', 'podInfoOnMount', 'volumeLifecycleModes', 'fsGroupPolicy']) {
    const value = obj(driver.spec)[field];
    if (!semanticEqual(value, obj(old.spec)[field])) causes.push(invalid(child('spec', field), value ?? null, 'field is immutable'));
  }
  return causes;
}
