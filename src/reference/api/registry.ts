// Generic storage for every resource type: create, get, update, delete and the
// write path they share (defaults, validation, managed fields, optimistic
// concurrency). Type-specific rules come in through ObjectPolicy; the HTTP
// layer only translates requests into calls here.
import { randomUUID } from 'node:crypto';
import { ConflictError, KeyExistsError, KeyNotFoundError, type KeyValue, type Store } from '../store/store.ts';
import type { KubeObject, ObjectMeta } from './object.ts';
import { apiVersionOf, findByKind, type ResourceType } from './resources.ts';
import { ApiError, alreadyExists, badRequest, conflict, forbidden, invalid, notFound, type StatusCause } from './status.ts';
import { decodeObject, encodeObject, keyOf } from './storage-keys.ts';

/** What the write path asks of type-specific code. */
export interface ObjectPolicy {
  /** isCreate: admission that happens only to new objects (a pod's priority) runs too. */
  applyDefaults(t: ResourceType, obj: KubeObject, isCreate: boolean): Promise<void> | void;
  validate(t: ResourceType, obj: KubeObject, old?: KubeObject, subresource?: string): StatusCause[];
  /** Reserve what a new object takes from shared pools (a Service's cluster IP and node ports), before validation. */
  allocate?(t: ResourceType, obj: KubeObject): Promise<void>;
  /** Give back what allocate reserved: the object was deleted, or its create failed. */
  release?(t: ResourceType, obj: KubeObject): Promise<void>;
  /** The validating admission of an update of the main resource (quota for what the change adds); throws its refusal. */
  admitUpdate?(t: ResourceType, obj: KubeObject, old: KubeObject): Promise<void>;
  /** Record the write in metadata.managedFields, as the field manager of kube-apiserver does. */
  recordUpdate(t: ResourceType, before: KubeObject | undefined, after: KubeObject, manager: string, subresource?: string): void;
}

export interface WriteContext {
  fieldManager: string;
  dryRun: boolean;
  /** Server-side apply already wrote metadata.managedFields for this write. */
  managedFieldsSet?: boolean;
  /** What the client hears of fields the schema does not declare (the fieldValidation parameter; Warn when absent). */
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
  /** Warnings for the response's Warning headers, collected as the request is served. */
  warnings?: string[];
}

/** Computes the new object from the current one; undefined current means it does not exist. */
export type Mutation = (current: KubeObject | undefined) => KubeObject;

const generateNameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';
const maxWriteAttempts = 16;

function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += generateNameAlphabet[Math.floor(Math.random() * generateNameAlphabet.length)];
  return s;
}

function nowTimestamp(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function specOf(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

function isDeployment(t: ResourceType): boolean {
  return t.group === 'apps' && t.kind === 'Deployment';
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Two versions of an object equal but for resourceVersion and the times in managedFields. */
function unchanged(before: KubeObject, after: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { resourceVersion: _rv, managedFields, ...meta } = o.metadata ?? {};
    return { ...o, metadata: { ...meta, managedFields: managedFields?.map(({ time: _t, ...m }) => m) } };
  };
  return sameJson(strip(before), strip(after));
}

export class Registry {
  readonly store: Store;
  readonly policy: ObjectPolicy;
  /** Types whose objects live in namespaces are only written into namespaces that exist. */
  readonly namespaceType: ResourceType;

  constructor(store: Store, policy: ObjectPolicy, namespaceType: ResourceType) {
    this.store = store;
    this.policy = policy;
    this.namespaceType = namespaceType;
  }

  async get(t: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject> {
    const kv = await this.store.get(keyOf(t, namespace, name));
    if (!kv) throw notFound(t, name);
    return decodeObject(kv);
  }

  async tryGet(t: ResourceType, namespace: string | undefined, name: string): Promise<{ obj: KubeObject; kv: KeyValue } | undefined> {
    const kv = await this.store.get(keyOf(t, namespace, name));
    return kv ? { obj: decodeObject(kv), kv } : undefined;
  }

  async create(t: ResourceType, namespace: string | undefined, body: KubeObject, ctx: WriteContext): Promise<KubeObject> {
    const obj = structuredClone(body);
    this.checkTypeMeta(t, obj);
    const meta: ObjectMeta = (obj.metadata ??= {});
    if (t.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = namespace ?? meta.namespace;
      if (!meta.namespace) throw badRequest('the server could not find the requested resource (namespace not given)');
      await this.checkNamespaceAcceptsContent(meta.namespace);
    } else {
      delete meta.namespace;
    }
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix();
    if (!meta.name) throw invalid(t, '', [{ reason: 'FieldValueRequired', message: 'name or generateName is required', field: 'metadata.name' }]);
    if (meta.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    meta.uid = randomUUID();
    meta.creationTimestamp = nowTimestamp();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (t.generation) meta.generation = 1;
    else delete meta.generation;
    await this.policy.applyDefaults(t, obj, true);
    await this.policy.allocate?.(t, obj);
    let stored = false;
    try {
      const causes = this.policy.validate(t, obj);
      if (causes.length) throw invalid(t, meta.name, causes);
      if (!ctx.managedFieldsSet) {
        delete meta.managedFields;
        this.policy.recordUpdate(t, undefined, obj, ctx.fieldManager);
      }
      if (ctx.dryRun) {
        if (await this.store.get(keyOf(t, meta.namespace, meta.name))) throw alreadyExists(t, meta.name);
        return obj;
      }
      const kv = await this.store.create(keyOf(t, meta.namespace, meta.name), encodeObject(obj));
      stored = true;
      return decodeObject(kv);
    } catch (err) {
      if (err instanceof KeyExistsError) throw alreadyExists(t, meta.name);
      throw err;
    } finally {
      if (!stored) await this.policy.release?.(t, obj);
    }
  }

  /** Remove a stored object (only while it is at modRevision) and give back what it held; returns the delete's revision. */
  async deleteStored(t: ResourceType, kv: KeyValue, obj: KubeObject): Promise<number> {
    const { revision } = await this.store.delete(kv.key, kv.modRevision);
    await this.policy.release?.(t, obj);
    return revision;
  }

  /**
   * The shared read-modify-write loop: apply `mutate` to the current object and
   * store the result if nobody wrote in between, retrying otherwise. A mutation
   * that throws a Conflict ApiError (a stale resourceVersion the client sent)
   * ends the loop. `allowCreate` lets a missing object be created (apply).
   */
  async write(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    mutate: Mutation,
    ctx: WriteContext & { subresource?: string; allowCreate?: boolean },
  ): Promise<KubeObject> {
    for (let attempt = 0; attempt < maxWriteAttempts; attempt++) {
      const current = await this.tryGet(t, namespace, name);
      if (!current) {
        if (!ctx.allowCreate) throw notFound(t, name);
        const created = mutate(undefined);
        try {
          return await this.create(t, namespace, created, ctx);
        } catch (err) {
          if (err instanceof ApiError && err.reason === 'AlreadyExists') continue;
          throw err;
        }
      }
      const updated = mutate(structuredClone(current.obj));
      const result = await this.prepareUpdate(t, current.obj, updated, ctx);
      if (unchanged(current.obj, result)) return current.obj;
      if (ctx.dryRun) return result;
      if (!ctx.subresource) await this.policy.admitUpdate?.(t, result, current.obj);
      try {
        if (result.metadata?.deletionTimestamp && !result.metadata.finalizers?.length && this.deletesWhenFinalized(t, result)) {
          const revision = await this.deleteStored(t, current.kv, current.obj);
          return decodeObject({ ...current.kv, value: encodeObject(result) }, revision);
        }
        const kv = await this.store.update(current.kv.key, encodeObject(result), current.kv.modRevision);
        return decodeObject(kv);
      } catch (err) {
        if (err instanceof ConflictError || err instanceof KeyNotFoundError) continue;
        throw err;
      }
    }
    throw conflict(t, name, 'too many concurrent writes; please try again');
  }

  /** An update with a full object (PUT); stale resourceVersion in the body is a 409. */
  async update(t: ResourceType, namespace: string | undefined, name: string, body: KubeObject, ctx: WriteContext & { subresource?: string }): Promise<KubeObject> {
    this.checkTypeMeta(t, body);
    const bodyName = body.metadata?.name;
    if (bodyName && bodyName !== name) throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
    if (t.namespaced && body.metadata?.namespace && body.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    return this.write(t, namespace, name, (current) => {
      const wanted = body.metadata?.resourceVersion;
      if (current && wanted && wanted !== current.metadata?.resourceVersion) throw conflict(t, name);
      return structuredClone(body);
    }, ctx);
  }

  /** Folds the client's new object onto the current one: the parts a client may not change, and the subresource split. */
  private async prepareUpdate(t: ResourceType, current: KubeObject, incoming: KubeObject, ctx: WriteContext & { subresource?: string }): Promise<KubeObject> {
    let next: KubeObject;
    if (ctx.subresource === 'status') {
      next = { ...structuredClone(current), status: incoming.status };
      // deployments/status keeps the labels too (upstream's deploymentStatusStrategy).
      if (incoming.metadata?.labels !== undefined && !isDeployment(t)) next.metadata!.labels = incoming.metadata.labels;
      if (incoming.metadata?.annotations !== undefined) next.metadata!.annotations = incoming.metadata.annotations;
    } else if (ctx.subresource === 'approval') {
      // certificatesigningrequests/approval changes the approval conditions and nothing else (upstream csrApprovalStrategy).
      next = structuredClone(current);
      next.status = { ...(current.status as object | undefined), conditions: (incoming.status as { conditions?: unknown } | undefined)?.conditions };
    } else {
      next = incoming;
      // Writes to the main resource leave status alone; other subresources (binding, scale) write what they computed.
      if (!ctx.subresource && t.subresources.includes('status')) {
        if ('status' in current) next.status = current.status;
        else delete next.status;
      }
    }
    next.apiVersion = apiVersionOf(t);
    next.kind = t.kind;
    const meta: ObjectMeta = (next.metadata ??= {});
    const old = current.metadata ?? {};
    meta.name = old.name;
    if (t.namespaced) meta.namespace = old.namespace;
    meta.uid = old.uid;
    meta.creationTimestamp = old.creationTimestamp;
    meta.resourceVersion = old.resourceVersion;
    if (old.deletionTimestamp) meta.deletionTimestamp = old.deletionTimestamp;
    else delete meta.deletionTimestamp;
    if (old.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
    else delete meta.deletionGracePeriodSeconds;
    if (old.deletionTimestamp) {
      const added = (meta.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f));
      if (added.length) {
        throw invalid(t, old.name ?? '', [{
          reason: 'FieldValueForbidden',
          field: 'metadata.finalizers',
          message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
        }]);
      }
    }
    if (t.generation) {
      // A Deployment's annotations are copied to its ReplicaSets, so changing them is a new generation too (upstream's deploymentStrategy).
      const changed = !sameJson(specOf(current), specOf(next)) || (isDeployment(t) && ctx.subresource !== 'status' && !sameJson(old.annotations ?? {}, meta.annotations ?? {}));
      meta.generation = (old.generation ?? 1) + (changed ? 1 : 0);
    } else {
      delete meta.generation;
    }
    if (meta.managedFields === undefined && old.managedFields) meta.managedFields = old.managedFields;
    await this.policy.applyDefaults(t, next, false);
    const causes = this.policy.validate(t, next, current, ctx.subresource);
    if (causes.length) throw invalid(t, old.name ?? '', causes);
    if (!ctx.managedFieldsSet) this.policy.recordUpdate(t, current, next, ctx.fieldManager, ctx.subresource);
    return next;
  }

  /** Objects pending deletion go away when their last finalizer is removed (namespaces follow their own spec.finalizers). */
  private deletesWhenFinalized(t: ResourceType, obj: KubeObject): boolean {
    if (t === this.namespaceType) return !((obj.spec as { finalizers?: string[] } | undefined)?.finalizers?.length);
    if (t.kind === 'Pod' && t.group === '') return (obj.metadata?.deletionGracePeriodSeconds ?? 0) === 0;
    return true;
  }

  private checkTypeMeta(t: ResourceType, obj: KubeObject): void {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw badRequest('the body of the request must be a JSON object');
    const apiVersion = apiVersionOf(t);
    // As kube-apiserver's decoder: a body of another kind cannot be decoded into this type, and one of
    // another version is refused; both are 400s. An empty kind or apiVersion means this type's.
    const kind = obj.kind ? String(obj.kind) : t.kind;
    const bodyVersion = obj.apiVersion ? String(obj.apiVersion) : apiVersion;
    if (kind !== t.kind) {
      const version = bodyVersion.split('/').pop();
      const why = findByKind(bodyVersion, kind)
        ? `converting (${version}.${kind}) to (${t.group === '' ? 'core' : t.group.split('.')[0]}.${t.kind}): unknown conversion`
        : `no kind "${kind}" is registered for version "${bodyVersion}" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"`;
      throw badRequest(`${kind} in version "${version}" cannot be handled as a ${t.kind}: ${why}`);
    }
    if (bodyVersion !== apiVersion) throw badRequest(`the API version in the data (${bodyVersion}) does not match the expected API version (${apiVersion})`);
    obj.apiVersion = apiVersion;
    obj.kind = t.kind;
  }

  private async checkNamespaceAcceptsContent(namespace: string): Promise<void> {
    const ns = await this.store.get(keyOf(this.namespaceType, undefined, namespace));
    if (!ns) throw notFound(this.namespaceType, namespace);
    const obj = decodeObject(ns);
    if (obj.metadata?.deletionTimestamp) {
      throw forbidden(`unable to create new content in namespace ${namespace} because it is being terminated`, {
        name: namespace,
        kind: 'namespaces',
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
      });
    }
  }
}
