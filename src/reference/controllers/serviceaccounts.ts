// The service account controller (pkg/controller/serviceaccount): every active
// namespace has a ServiceAccount named `default`, made again when deleted.
import { ApiRequestError } from '../../kube/api-client.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { Controller, ControllerContext } from './controller-context.ts';

const defaultName = 'default';

function isActive(ns: KubeObject | undefined): boolean {
  return ns !== undefined && !ns.metadata?.deletionTimestamp && (ns.status as { phase?: string } | undefined)?.phase !== 'Terminating';
}

export async function startServiceAccountsController(ctx: ControllerContext): Promise<Controller> {
  const namespaces = ctx.informers.for('/api/v1/namespaces');
  const accounts = ctx.informers.for('/api/v1/serviceaccounts');
  const queue = createWorkQueue({ log: ctx.log });
  let stopped = false;
  const add = (namespace: string | undefined) => !stopped && namespace && queue.add(namespace);
  namespaces.on({ add: (ns) => add(ns.metadata?.name), update: (_o, ns) => add(ns.metadata?.name) });
  accounts.on({ delete: (sa) => sa.metadata?.name === defaultName && add(sa.metadata.namespace) });
  await Promise.all([namespaces.synced(), accounts.synced()]);

  async function sync(namespace: string): Promise<void> {
    if (!isActive(namespaces.get(undefined, namespace)) || accounts.get(namespace, defaultName)) return;
    try {
      await ctx.client.create(`/api/v1/namespaces/${namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: defaultName } });
    } catch (err) {
      // Exists already (the cache lags), or the namespace began terminating meanwhile.
      if (err instanceof ApiRequestError && (err.code === 409 || err.code === 403 || err.code === 404)) return;
      throw err;
    }
  }

  queue.run(1, sync);
  return {
    async stop() {
      stopped = true;
      await queue.stop();
    },
  };
}
