// The ConfigMap kube-system/kube-flannel-cfg of a container cluster, with the
// labels and key flannel's manifest gives it: net-conf.json from the cluster
// file's networking. The nodes read the same text from their /etc/kdrill.
import { createApiClient } from '../kube/https-api-client.ts';
import { flannelConfigMap, netConfJson } from '../reference/node/network/flannel/net-conf.ts';
import type { ClusterFile } from './cluster-file.ts';

export async function createFlannelConfigMap(kubeconfigPath: string, file: ClusterFile): Promise<void> {
  const client = await createApiClient(kubeconfigPath);
  try {
    await client.create(`/api/v1/namespaces/${flannelConfigMap.namespace}/configmaps`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: flannelConfigMap.name, namespace: flannelConfigMap.namespace, labels: { app: 'flannel', 'k8s-app': 'flannel', tier: 'node' } },
      data: { [flannelConfigMap.key]: netConfJson({ network: file.spec.networking.podSubnet, backend: file.spec.networking.backend }) },
    });
  } finally {
    client.close();
  }
}
