// storage.k8s.io/v1 StorageClasses: a provisioner, bounded parameters, a
// reclaim policy and binding mode; provisioner and parameters are fixed.
import { byteLength, isQualifiedName } from './formats.ts';
import { obj, optStr, semanticEqual, sortedKeys, str, type Obj } from './object-access.ts';
import { forbidden, invalid, notSupported, required, tooLong, type StatusCause } from './status-cause.ts';

const maxParameters = 512;
const maxParametersSize = 256 * 1024;

export function validateStorageClass(sc: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  const provisioner = str(sc.provisioner);
  if (!provisioner) causes.push(required('provisioner'));
  else causes.push(...isQualifiedName(provisioner.toLowerCase()).map((msg) => invalid('provisioner', provisioner, msg)));
  const parameters = obj(sc.parameters);
  const keys = sortedKeys(parameters);
  if (keys.length > maxParameters) {
    causes.push(tooLong('parameters', maxParameters));
  } else {
    let size = 0;
    for (const k of keys) {
      if (!k) causes.push(invalid('parameters', k, 'field can not be empty.'));
      size += byteLength(k) + byteLength(str(parameters[k]));
    }
    if (size > maxParametersSize) causes.push(tooLong('parameters', maxParametersSize));
  }
  const reclaim = optStr(sc.reclaimPolicy);
  if (reclaim !== undefined && reclaim !== 'Delete' && reclaim !== 'Retain') causes.push(notSupported('reclaimPolicy', reclaim, ['Delete', 'Retain']));
  const binding = optStr(sc.volumeBindingMode);
  if (binding === undefined) causes.push(required('volumeBindingMode'));
  else if (binding !== 'Immediate' && binding !== 'WaitForFirstConsumer') causes.push(notSupported('volumeBindingMode', binding, ['Immediate', 'WaitForFirstConsumer']));
  return causes;
}

export function validateStorageClassUpdate(sc: Obj, old: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!semanticEqual(sc.parameters, old.parameters)) causes.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if (str(sc.provisioner) !== str(old.provisioner)) causes.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  for (const field of ['reclaimPolicy', 'volumeBindingMode']) {
    if (!semanticEqual(sc[field], old[field])) causes.push(invalid(field, sc[field] ?? null, 'field is immutable'));
  }
  return causes;
}
