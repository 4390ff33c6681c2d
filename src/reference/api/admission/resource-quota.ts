// The ResourceQuota admission plugin (plugin/pkg/admission/resourcequota), on
// creates (and on updates of services and claims, for what they add): every quota of the namespace that selects the new object must know
// its usage (status.used, kept by the quota controller), must see the
// resources it insists on stated (a pod's cpu and memory), and must have room
// for what the object adds; then the object's usage is charged to those
// quotas' status at once (compare-and-swap, retried), so that concurrent
// creates cannot both take the last unit. Refusals are upstream's 403s.
import { ConflictError, KeyNotFoundError, type KeyValue, type Store } from '../../store/store.ts';
import type { KubeObject } from '../object.ts';
import { resourceTypes, type ResourceType } from '../resources.ts';
import { decodeObject, encodeObject, prefixOf } from '../storage-keys.ts';
import { obj } from '../validation/object-access.ts';
import { admissionForbidden } from './admission-error.ts';
import { missingComputeResources, objectUsage, quotaSelects, tracks } from './quota-usage.ts';
import { addLists, maskList, prettyPrint, resourceList, toJson, type ResourceList } from './resource-list.ts';

export const resourceQuotasType = resourceTypes.find((t) => t.group === '' && t.plural === 'resourcequotas')!;

const maxAttempts = 16;

interface Charge {
  kv: KeyValue;
  quota: KubeObject;
  used: ResourceList;
}

function sortedNames(names: Iterable<string>): string {
  return [...names].sort().join(',');
}

async function namespaceQuotas(store: Store, namespace: string): Promise<{ kv: KeyValue; quota: KubeObject }[]> {
  return (await store.list(prefixOf(resourceQuotasType, namespace))).items.map((kv) => ({ kv, quota: decodeObject(kv) }));
}

/** The new status.used of every quota the object counts against, or the 403 that refuses it (upstream checkRequest). */
function charges(t: ResourceType, object: KubeObject, quotas: { kv: KeyValue; quota: KubeObject }[], usage: ResourceList): Charge[] {
  const out: Charge[] = [];
  for (const { kv, quota } of quotas) {
    const status = obj(quota.status);
    const hard = resourceList(status.hard);
    const hardNames = [...hard.keys()];
    if (!quotaSelects(quota, hardNames, t, object)) continue;
    const name = quota.metadata?.name ?? '';
    const restricted = hardNames.filter((n) => tracks(t, n));
    const missing = missingComputeResources(t, object, restricted);
    if (missing) throw admissionForbidden(t, object, `failed quota: ${name}: ${missing}`);
    const used = resourceList(status.used);
    if (restricted.some((n) => !used.has(n))) throw admissionForbidden(t, object, `status unknown for quota: ${name}, resources: ${sortedNames(restricted)}`);
    const requested = maskList(usage, hardNames);
    if (!requested.size) continue;
    const next = addLists(used, requested);
    const exceeded = [...requested.keys()].filter((n) => next.get(n)!.nanos > hard.get(n)!.nanos);
    if (exceeded.length) {
      throw admissionForbidden(t, object,
        `exceeded quota: ${name}, requested: ${prettyPrint(maskList(requested, exceeded))}, used: ${prettyPrint(maskList(used, exceeded))}, limited: ${prettyPrint(maskList(hard, exceeded))}`);
    }
    out.push({ kv, quota, used: next });
  }
  return out;
}

async function writeUsed(store: Store, c: Charge): Promise<void> {
  const quota = structuredClone(c.quota);
  quota.status = { ...obj(quota.status), used: toJson(c.used) };
  await store.update(c.kv.key, encodeObject(quota), c.kv.modRevision);
}

/**
 * Checks the object against the namespace's quotas and charges its usage
 * (all of it for a new object, what an update adds otherwise) to them; throws
 * the 403 when it does not fit.
 */
export async function chargeResourceQuotas(store: Store, t: ResourceType, object: KubeObject, usage: ResourceList = objectUsage(t, object)): Promise<void> {
  const namespace = object.metadata?.namespace;
  if (!t.namespaced || !namespace) return;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const planned = charges(t, object, await namespaceQuotas(store, namespace), usage);
    const charged: string[] = [];
    try {
      for (const c of planned) {
        await writeUsed(store, c);
        charged.push(c.quota.metadata?.name ?? '');
      }
      return;
    } catch (err) {
      // A quota changed or went meanwhile: give back what was charged already and plan again from fresh quotas.
      if (charged.length) await refund(store, t, object, charged, usage);
      if (!(err instanceof ConflictError || err instanceof KeyNotFoundError)) throw err;
    }
  }
  throw admissionForbidden(t, object, 'status unknown for quota: too many concurrent updates');
}

/** Gives back what the object was charged (a create that failed after admission, a dry run, a deletion), never below zero. */
export async function refund(store: Store, t: ResourceType, object: KubeObject, only?: string[], usage: ResourceList = objectUsage(t, object)): Promise<void> {
  const namespace = object.metadata?.namespace;
  if (!t.namespaced || !namespace) return;
  const done = new Set<string>();
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    let conflicted = false;
    for (const { kv, quota } of await namespaceQuotas(store, namespace)) {
      const name = quota.metadata?.name ?? '';
      if (done.has(name) || (only && !only.includes(name))) continue;
      const status = obj(quota.status);
      const hardNames = Object.keys(obj(status.hard));
      if (!quotaSelects(quota, hardNames, t, object)) continue;
      const used = resourceList(status.used);
      const back = maskList(usage, [...used.keys()].filter((n) => hardNames.includes(n)));
      if (!back.size) continue;
      for (const [n, q] of back) {
        const u = used.get(n)!;
        used.set(n, { ...u, nanos: u.nanos > q.nanos ? u.nanos - q.nanos : 0n });
      }
      try {
        await writeUsed(store, { kv, quota, used });
        done.add(name);
      } catch (err) {
        // A quota deleted meanwhile has nothing to give back to.
        if (err instanceof KeyNotFoundError) continue;
        if (!(err instanceof ConflictError)) throw err;
        conflicted = true;
      }
    }
    if (!conflicted) return;
  }
}
