// Deleting one object as kube-apiserver does: preconditions, the garbage
// collector's finalizers for the propagation policy, graceful deletion of pods
// that a node runs, namespaces that go Terminating first, and objects with
// finalizers that wait (deletionTimestamp set) until the last one is removed.
import { ConflictError, KeyNotFoundError } from '../store/store.ts';
import type { KubeObject } from './object.ts';
import type { Registry } from './registry.ts';
import type { ResourceType } from './resources.ts';
import { conflict, forbidden, invalidOptions, notFound } from './status.ts';
import { invalid, notSupported, type StatusCause } from './validation/status-cause.ts';
import { decodeObject, encodeObject } from './storage-keys.ts';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

export interface DeleteResult {
  object: KubeObject;
  /** False when the object remains, waiting for finalizers or its grace period. */
  deleted: boolean;
}

const immortalNamespaces = new Set(['default', 'kube-system', 'kube-public']);
const orphanFinalizer = 'orphan';
const foregroundFinalizer = 'foregroundDeletion';
const maxAttempts = 16;

function isPod(t: ResourceType): boolean {
  return t.group === '' && t.kind === 'Pod';
}

function isNamespace(t: ResourceType): boolean {
  return t.group === '' && t.kind === 'Namespace';
}

/** Types whose immediate delete answers with the object (kube-apiserver's ReturnDeletedObject); the rest answer with a Status. */
const returningDeletedObject = new Set(['/namespaces', '/pods', '/services', '/serviceaccounts', '/persistentvolumes', '/persistentvolumeclaims', 'storage.k8s.io/storageclasses']);

export function returnsDeletedObject(t: ResourceType): boolean {
  return returningDeletedObject.has(`${t.group}/${t.plural}`);
}

/** kube-apiserver's ValidateDeleteOptions: a 422 on DeleteOptions. A negative grace period counts as 1 second, as upstream. */
export function validateDeleteOptions(o: DeleteOptions): void {
  const causes: StatusCause[] = [];
  if (o.orphanDependents !== undefined && o.orphanDependents !== null && o.propagationPolicy !== undefined && o.propagationPolicy !== null) {
    causes.push(invalid('propagationPolicy', o.propagationPolicy, 'orphanDependents and deletionPropagation cannot be both set'));
  }
  const policies = ['Foreground', 'Background', 'Orphan'];
  if (o.propagationPolicy !== undefined && o.propagationPolicy !== null && !policies.includes(o.propagationPolicy)) {
    causes.push(notSupported('propagationPolicy', o.propagationPolicy, [...policies, 'nil']));
  }
  if ((o.dryRun ?? []).some((d) => d !== 'All')) causes.push(notSupported('dryRun', o.dryRun, ['All']));
  if (causes.length) throw invalidOptions('DeleteOptions', causes);
  if (typeof o.gracePeriodSeconds === 'number' && o.gracePeriodSeconds < 0) o.gracePeriodSeconds = 1;
}

/** The finalizers the garbage collector needs to carry out the propagation policy. */
function finalizersFor(current: string[], o: DeleteOptions): string[] {
  const orphan = o.propagationPolicy === 'Orphan' || o.orphanDependents === true;
  const foreground = o.propagationPolicy === 'Foreground';
  const background = o.propagationPolicy === 'Background' || o.orphanDependents === false;
  let out = [...current];
  if (orphan || foreground || background) out = out.filter((f) => f !== orphanFinalizer && f !== foregroundFinalizer);
  if (orphan) out.push(orphanFinalizer);
  if (foreground) out.push(foregroundFinalizer);
  return out;
}

/** Seconds a pod gets to stop; 0 when nothing runs it. */
function podGracePeriod(pod: KubeObject, o: DeleteOptions): number {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const requested = o.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
  const pending = pod.metadata?.deletionGracePeriodSeconds;
  return pending !== undefined ? Math.min(pending, requested) : requested;
}

function checkPreconditions(t: ResourceType, obj: KubeObject, o: DeleteOptions): void {
  const name = obj.metadata?.name ?? '';
  const uid = o.preconditions?.uid;
  if (uid && uid !== obj.metadata?.uid) {
    throw conflict(t, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${obj.metadata?.uid ?? ''}`);
  }
  const rv = o.preconditions?.resourceVersion;
  if (rv && rv !== obj.metadata?.resourceVersion) {
    throw conflict(t, name, `Precondition failed: ResourceVersion in precondition: ${rv}, ResourceVersion in object meta: ${obj.metadata?.resourceVersion ?? ''}`);
  }
}

export async function deleteObject(
  registry: Registry,
  t: ResourceType,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions,
): Promise<DeleteResult> {
  validateDeleteOptions(options);
  // The NamespaceLifecycle admission plugin: the namespaces the cluster cannot work without stay.
  if (isNamespace(t) && immortalNamespaces.has(name)) {
    throw forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
  }
  const dryRun = (options.dryRun ?? []).includes('All');
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const current = await registry.tryGet(t, namespace, name);
    if (!current) throw notFound(t, name);
    const obj = current.obj;
    checkPreconditions(t, obj, options);
    const meta = obj.metadata ?? {};
    const finalizers = finalizersFor(meta.finalizers ?? [], options);
    const grace = isPod(t) ? podGracePeriod(obj, options) : 0;
    const nsFinalizers = isNamespace(t) ? ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []) : [];
    const waits = finalizers.length > 0 || grace > 0 || nsFinalizers.length > 0;
    try {
      if (!waits) {
        if (dryRun) return { object: obj, deleted: true };
        await registry.deleteStored(t, current.kv, obj);
        return { object: obj, deleted: true };
      }
      const next = structuredClone(obj);
      const nextMeta = (next.metadata ??= {});
      nextMeta.finalizers = finalizers.length ? finalizers : undefined;
      if (!nextMeta.finalizers) delete nextMeta.finalizers;
      if (!meta.deletionTimestamp || grace < (meta.deletionGracePeriodSeconds ?? Infinity)) {
        nextMeta.deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
        nextMeta.deletionGracePeriodSeconds = grace;
      }
      if (isNamespace(t)) next.status = { ...(next.status as object), phase: 'Terminating' };
      if (JSON.stringify(next) === JSON.stringify(obj)) return { object: obj, deleted: false };
      if (dryRun) return { object: next, deleted: false };
      const kv = await registry.store.update(current.kv.key, encodeObject(next), current.kv.modRevision);
      return { object: decodeObject(kv), deleted: false };
    } catch (err) {
      if (err instanceof ConflictError || err instanceof KeyNotFoundError) continue;
      throw err;
    }
  }
  throw conflict(t, name, 'too many concurrent writes; please try again');
}
