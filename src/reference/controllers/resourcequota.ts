// The resource quota controller (upstream pkg/controller/resourcequota):
// writes every ResourceQuota's status.hard (its spec.hard) and status.used,
// counted from the objects of the namespace the quota selects. It counts a
// quota when it appears or its spec changes, when an object it tracks goes
// away or changes what it uses (replenishment: a pod that finished, a service
// that changed type), and every resync period; between those the admission
// plugin charges new objects to status.used itself.
import { objectKey, splitKey, type Informer } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import { objectUsage, quotaSelects, trackedTypes } from '../api/admission/quota-usage.ts';
import { addLists, count, maskList, resourceList, toJson, type ResourceList } from '../api/admission/resource-list.ts';
import type { KubeObject } from '../api/object.ts';
import { apiVersionOf, type ResourceType } from '../api/resources.ts';
import type { Controller, ControllerContext } from './controller-context.ts';

export const resourceQuotasPath = '/api/v1/resourcequotas';

const workers = 2;

export interface ResourceQuotaControllerOptions {
  /** How often every quota is counted again (upstream --resource-quota-sync-period, 5 minutes). */
  resyncMs?: number;
}

interface QuotaStatus {
  hard?: Record<string, string>;
  used?: Record<string, string>;
}

function hardOf(quota: KubeObject): Record<string, unknown> {
  return ((quota.spec as { hard?: Record<string, unknown> } | undefined)?.hard) ?? {};
}

function collectionPath(t: ResourceType): string {
  return t.group === '' ? `/api/${t.version}/${t.plural}` : `/apis/${apiVersionOf(t)}/${t.plural}`;
}

/** status.used for the quota, from the objects of its namespace (upstream CalculateUsage). */
function quotaUsage(quota: KubeObject, objectsOf: (t: ResourceType) => KubeObject[]): ResourceList {
  const hardNames = Object.keys(hardOf(quota));
  let used: ResourceList = new Map();
  for (const t of trackedTypes(hardNames)) {
    for (const o of objectsOf(t)) {
      if (quotaSelects(quota, hardNames, t, o)) used = addLists(used, maskList(objectUsage(t, o), hardNames));
    }
  }
  for (const n of hardNames) if (!used.has(n)) used.set(n, count(0));
  return used;
}

export async function startResourceQuotaController(ctx: ControllerContext, o: ResourceQuotaControllerOptions = {}): Promise<Controller> {
  const quotas = ctx.informers.for(resourceQuotasPath);
  const queue = createWorkQueue({ log: ctx.log });
  const tracked = new Map<string, Informer>();

  const enqueueNamespace = (obj: KubeObject): void => {
    for (const quota of quotas.list(obj.metadata?.namespace)) queue.add(objectKey(quota));
  };
  /** The informer of a type quotas count, started the first time a quota needs it. */
  const informerFor = (t: ResourceType): Informer => {
    const path = collectionPath(t);
    let informer = tracked.get(path);
    if (!informer) {
      informer = ctx.informers.for(path);
      tracked.set(path, informer);
      informer.on({
        update(oldObj, obj) {
          if (JSON.stringify(toJson(objectUsage(t, oldObj))) !== JSON.stringify(toJson(objectUsage(t, obj)))) enqueueNamespace(obj);
        },
        delete: enqueueNamespace,
      });
    }
    return informer;
  };

  quotas.on({
    add: (quota) => queue.add(objectKey(quota)),
    update(oldQuota, quota) {
      // Status writes (the admission plugin's charges, this controller's counts) are no reason to count again.
      if (JSON.stringify(oldQuota.spec) !== JSON.stringify(quota.spec)) queue.add(objectKey(quota));
    },
  });

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const quota = quotas.get(namespace, name);
    if (!quota || !namespace) return;
    const types = trackedTypes(Object.keys(hardOf(quota)));
    const informers = types.map(informerFor);
    await Promise.all(informers.map((i) => i.synced()));
    const used = quotaUsage(quota, (t) => informerFor(t).list(namespace));
    const status: QuotaStatus = { hard: toJson(resourceList(hardOf(quota))), used: toJson(used) };
    if (JSON.stringify(quota.status ?? {}) === JSON.stringify(status)) return;
    await ctx.client.update(`/api/v1/namespaces/${namespace}/resourcequotas/${name}/status`, { ...quota, status });
  };

  await quotas.synced();
  queue.run(workers, sync);
  const resync = setInterval(() => {
    for (const quota of quotas.list()) queue.add(objectKey(quota));
  }, o.resyncMs ?? 5 * 60 * 1000);
  resync.unref();
  return {
    async stop() {
      clearInterval(resync);
      await queue.stop();
    },
  };
}
