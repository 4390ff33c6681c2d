// ObjectMeta rules shared by every type: name and generateName, namespace,
// labels, annotations, owner references and finalizers on create, and what an
// update may not change.
import { child, index } from './field-path.ts';
import { isQualifiedName } from './formats.ts';
import { validateAnnotations, validateLabels } from './labels.ts';
import { dnsLabelName, type NameRule } from './names.ts';
import { arr, num, obj, objs, semanticEqual, str, type Obj } from './object-access.ts';
import { forbidden, invalid, required, type StatusCause } from './status-cause.ts';

const standardFinalizers = ['kubernetes', 'orphan', 'foregroundDeletion'];

function apiVersionHasVersion(apiVersion: string): boolean {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return apiVersion !== '';
  return parts.length === 2 && parts[1] !== '';
}

function validateOwnerReferences(refs: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  let firstController = '';
  for (const ref of objs(refs)) {
    const apiVersion = str(ref.apiVersion);
    const kind = str(ref.kind);
    if (!apiVersionHasVersion(apiVersion)) causes.push(invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!kind) causes.push(invalid(child(path, 'kind'), kind, 'must not be empty'));
    if (!str(ref.name)) causes.push(invalid(child(path, 'name'), str(ref.name), 'must not be empty'));
    if (!str(ref.uid)) causes.push(invalid(child(path, 'uid'), str(ref.uid), 'must not be empty'));
    if (apiVersion === 'v1' && kind === 'Event') causes.push(invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    if (ref.controller === true) {
      const current = `${kind}/${str(ref.name)}`;
      if (firstController) {
        causes.push(invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`));
      } else {
        firstController = current;
      }
    }
  }
  return causes;
}

function validateFinalizers(finalizers: unknown, path: string): StatusCause[] {
  const list = arr(finalizers).map(str);
  const causes: StatusCause[] = [];
  for (const f of list) causes.push(...isQualifiedName(f).map((msg) => invalid(path, f, msg)));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    causes.push(invalid(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return causes;
}

/** Finalizers without a domain must be one of the few Kubernetes itself defines. */
export function validateKubeFinalizerName(finalizer: string, path: string): StatusCause[] {
  return finalizer.includes('/') || standardFinalizers.includes(finalizer)
    ? []
    : [invalid(path, finalizer, 'name is neither a standard finalizer name nor is it fully qualified')];
}

function validateStandardFinalizers(finalizers: unknown, path: string): StatusCause[] {
  return arr(finalizers).map(str).flatMap((f, i) => validateKubeFinalizerName(f, index(path, i)));
}

export function validateObjectMeta(metadata: unknown, namespaced: boolean, nameRule: NameRule, path = 'metadata'): StatusCause[] {
  const meta = obj(metadata);
  const causes: StatusCause[] = [];
  const generateName = str(meta.generateName);
  if (generateName) causes.push(...nameRule(generateName, true).map((msg) => invalid(child(path, 'generateName'), generateName, msg)));
  const name = str(meta.name);
  if (!name) causes.push(required(child(path, 'name'), 'name or generateName is required'));
  else causes.push(...nameRule(name, false).map((msg) => invalid(child(path, 'name'), name, msg)));
  const namespace = str(meta.namespace);
  if (namespaced) {
    if (!namespace) causes.push(required(child(path, 'namespace')));
    else causes.push(...dnsLabelName(namespace, false).map((msg) => invalid(child(path, 'namespace'), namespace, msg)));
  } else if (namespace) {
    causes.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  const generation = num(meta.generation);
  if (generation < 0) causes.push(invalid(child(path, 'generation'), generation, 'must be greater than or equal to 0'));
  causes.push(...validateLabels(meta.labels, child(path, 'labels')));
  causes.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  causes.push(...validateOwnerReferences(meta.ownerReferences, child(path, 'ownerReferences')));
  causes.push(...validateFinalizers(meta.finalizers, child(path, 'finalizers')));
  causes.push(...validateStandardFinalizers(meta.finalizers, child(path, 'finalizers')));
  return causes;
}

const immutableMetaFields = ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** The value Go would hold for an immutable metadata field: strings default to "", the rest to null. */
function metaValue(meta: Obj, field: string): unknown {
  return field === 'name' || field === 'namespace' || field === 'uid' ? str(meta[field]) : (meta[field] ?? null);
}

export function validateObjectMetaUpdate(metadata: unknown, oldMetadata: unknown, path = 'metadata'): StatusCause[] {
  const meta = obj(metadata);
  const old = obj(oldMetadata);
  const causes: StatusCause[] = [];
  if (old.deletionTimestamp) {
    const before = arr(old.finalizers).map(str);
    const added = [...new Set(arr(meta.finalizers).map(str).filter((f) => !before.includes(f)))].sort();
    if (added.length) {
      causes.push(forbidden(child(path, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`));
    }
  }
  const resourceVersion = str(meta.resourceVersion);
  if (!resourceVersion) causes.push(invalid(child(path, 'resourceVersion'), resourceVersion, 'must be specified for an update'));
  const generation = num(meta.generation);
  if (generation < num(old.generation)) causes.push(invalid(child(path, 'generation'), generation, 'must not be decremented'));
  for (const field of immutableMetaFields) {
    const value = metaValue(meta, field);
    if (!semanticEqual(value, metaValue(old, field))) causes.push(invalid(child(path, field), value, 'field is immutable'));
  }
  causes.push(...validateLabels(meta.labels, child(path, 'labels')));
  causes.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  causes.push(...validateOwnerReferences(meta.ownerReferences, child(path, 'ownerReferences')));
  causes.push(...validateStandardFinalizers(meta.finalizers, child(path, 'finalizers')));
  return causes;
}

/** A pod template's or PVC template's metadata: only labels and annotations are looked at. */
export function validateTemplateLabelsAndAnnotations(metadata: unknown, labelsPath: string, annotationsPath: string): StatusCause[] {
  const meta = obj(metadata);
  return [...validateLabels(meta.labels, labelsPath), ...validateAnnotations(meta.annotations, annotationsPath)];
}
