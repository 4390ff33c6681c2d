// The root CA certificate publisher (pkg/controller/certificates/rootcacertpublisher):
// every active namespace has a ConfigMap kube-root-ca.crt holding the cluster
// CA (ca.crt), kept equal to it, made again when deleted.
import { ApiRequestError } from '../../kube/api-client.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { Controller, ControllerContext } from './controller-context.ts';

export const rootCaConfigMapName = 'kube-root-ca.crt';
const description = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export async function startRootCaPublisher(ctx: ControllerContext, rootCA: string): Promise<Controller> {
  const namespaces = ctx.informers.for('/api/v1/namespaces');
  const configMaps = ctx.informers.for('/api/v1/configmaps');
  const queue = createWorkQueue({ log: ctx.log });
  let stopped = false;
  const add = (namespace: string | undefined) => !stopped && namespace && queue.add(namespace);
  namespaces.on({ add: (ns) => add(ns.metadata?.name), update: (_o, ns) => add(ns.metadata?.name) });
  const onConfigMap = (cm: KubeObject) => cm.metadata?.name === rootCaConfigMapName && add(cm.metadata.namespace);
  configMaps.on({ update: (_o, cm) => onConfigMap(cm), delete: onConfigMap });
  await Promise.all([namespaces.synced(), configMaps.synced()]);

  async function sync(namespace: string): Promise<void> {
    const ns = namespaces.get(undefined, namespace);
    if (!ns || ns.metadata?.deletionTimestamp) return;
    const data = { 'ca.crt': rootCA };
    const current = configMaps.get(namespace, rootCaConfigMapName);
    try {
      if (!current) {
        await ctx.client.create(`/api/v1/namespaces/${namespace}/configmaps`, {
          apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: rootCaConfigMapName, annotations: { 'kubernetes.io/description': description } }, data,
        });
      } else if ((current.data as Record<string, string> | undefined)?.['ca.crt'] !== rootCA || Object.keys(current.data ?? {}).length !== 1) {
        await ctx.client.update(`/api/v1/namespaces/${namespace}/configmaps/${rootCaConfigMapName}`, {
          ...current,
          metadata: { ...current.metadata, annotations: { ...current.metadata?.annotations, 'kubernetes.io/description': description } },
          data,
        });
      }
    } catch (err) {
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
