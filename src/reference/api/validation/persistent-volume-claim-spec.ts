// A PersistentVolumeClaimSpec, in a PVC or in a generic ephemeral volume's
// claim template: access modes, a positive storage request, class and mode.
import { child, key } from './field-path.ts';
import { isDNS1123Subdomain } from './formats.ts';
import { validateLabelSelector } from './label-selector.ts';
import { arr, isObj, obj, optStr, str, type Obj } from './object-access.ts';
import { formatQuantity, parseQuantity } from './quantity.ts';
import { forbidden, invalid, notSupported, required, type StatusCause } from './status-cause.ts';

export const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const volumeModes = ['Block', 'Filesystem'];

/** At least one known access mode; ReadWriteOncePod only on its own. */
export function validateAccessModes(modes: unknown, path: string, detail: string): StatusCause[] {
  const list = arr(modes).map(str);
  const causes: StatusCause[] = [];
  if (list.length === 0) causes.push(required(path, detail));
  let oncePod = false;
  let other = false;
  for (const mode of list) {
    if (!accessModes.includes(mode)) causes.push(notSupported(path, mode, accessModes));
    else if (mode === 'ReadWriteOncePod') oncePod = true;
    else other = true;
  }
  if (oncePod && other) causes.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return causes;
}

function validateDataSource(source: Obj, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const kind = str(source.kind);
  if (!str(source.name)) causes.push(required(child(path, 'name')));
  if (!kind) causes.push(required(child(path, 'kind')));
  const apiGroup = str(source.apiGroup);
  if (!apiGroup && kind !== 'PersistentVolumeClaim') causes.push(invalid(path, kind, 'must be \'PersistentVolumeClaim\' when referencing the default apiGroup'));
  if (apiGroup) causes.push(...isDNS1123Subdomain(apiGroup).map((msg) => invalid(child(path, 'apiGroup'), apiGroup, msg)));
  return causes;
}

export function validatePersistentVolumeClaimSpec(specValue: unknown, path: string): StatusCause[] {
  const spec = obj(specValue);
  const causes = validateAccessModes(spec.accessModes, child(path, 'accessModes'), 'at least 1 access mode is required');
  if (isObj(spec.selector)) causes.push(...validateLabelSelector(spec.selector, child(path, 'selector')));
  const storagePath = key(child(path, 'resources'), 'storage');
  const requests = obj(obj(spec.resources).requests);
  if (!('storage' in requests)) {
    causes.push(required(storagePath));
  } else {
    const storage = parseQuantity(requests.storage);
    if (storage && storage.nanos <= 0n) causes.push(invalid(storagePath, formatQuantity(storage), 'must be greater than zero'));
  }
  const className = optStr(spec.storageClassName);
  if (className) causes.push(...isDNS1123Subdomain(className).map((msg) => invalid(child(path, 'storageClassName'), className, msg)));
  const mode = optStr(spec.volumeMode);
  if (mode !== undefined && !volumeModes.includes(mode)) causes.push(notSupported(child(path, 'volumeMode'), mode, volumeModes));
  if (isObj(spec.dataSource)) causes.push(...validateDataSource(spec.dataSource, child(path, 'dataSource')));
  if (isObj(spec.dataSourceRef)) causes.push(...validateDataSource(spec.dataSourceRef, child(path, 'dataSourceRef')));
  const attributesClass = optStr(spec.volumeAttributesClassName);
  if (attributesClass) {
    causes.push(...isDNS1123Subdomain(attributesClass).map((msg) => invalid(child(path, 'volumeAttributesClassName'), attributesClass, msg)));
  }
  return causes;
}
