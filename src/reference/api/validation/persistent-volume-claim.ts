// PersistentVolumeClaim updates: the spec is fixed, but for binding a volume
// once, setting a class left unset, and growing the storage request.
import { goJson } from './bad-value.ts';
import { child } from './field-path.ts';
import { obj, semanticEqual, str, type Obj } from './object-access.ts';
import { compareQuantities, parseQuantity } from './quantity.ts';
import { forbidden, invalid, type StatusCause } from './status-cause.ts';

function storageRequest(spec: Obj): unknown {
  return obj(obj(spec.resources).requests).storage;
}

export function validatePersistentVolumeClaimUpdate(pvc: Obj, old: Obj): StatusCause[] {
  const spec = obj(pvc.spec);
  const oldSpec = obj(old.spec);
  const causes: StatusCause[] = [];
  const comparable = structuredClone(spec);
  const oldComparable = structuredClone(oldSpec);
  if (!str(oldSpec.volumeName)) oldComparable.volumeName = comparable.volumeName;
  if (oldSpec.storageClassName === undefined || oldSpec.storageClassName === null) oldComparable.storageClassName = comparable.storageClassName;
  if (str(obj(pvc.status).phase) === 'Bound') {
    obj(obj(comparable.resources).requests).storage = storageRequest(oldSpec);
    comparable.volumeAttributesClassName = oldComparable.volumeAttributesClassName;
  }
  if (!semanticEqual(comparable, oldComparable)) {
    causes.push(forbidden('spec', `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n- ${goJson(oldComparable)}\n+ ${goJson(comparable)}`));
  }
  const size = parseQuantity(storageRequest(spec));
  const oldSize = parseQuantity(storageRequest(oldSpec));
  const statusSize = parseQuantity(obj(obj(old.status).capacity).storage);
  const atMostStatus = size && (statusSize ? compareQuantities(size, statusSize) <= 0 : size.nanos <= 0n);
  if (size && oldSize && compareQuantities(size, oldSize) < 0 && atMostStatus) {
    causes.push(forbidden(child('spec', 'resources', 'requests', 'storage'), 'field can not be less than status.capacity'));
  }
  if (!semanticEqual(spec.volumeMode, oldSpec.volumeMode)) causes.push(invalid('volumeMode', spec.volumeMode ?? null, 'field is immutable'));
  return causes;
}
