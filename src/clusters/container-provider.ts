// Provider "reference" with reference.simulated: false: kdrill's control plane
// and node agents in Docker containers (container-cluster-create.ts), made for
// a run and deleted after it.
import { createApiClient } from '../kube/https-api-client.ts';
import type { ClusterFile } from './cluster-file.ts';
import type { ClusterHandle, ClusterProvider } from './cluster-provider.ts';
import { createContainerCluster } from './container-cluster-create.ts';
import { deleteContainerCluster } from './container-cluster-delete.ts';
import { readClusterInfo } from './read-cluster-info.ts';
import type { ReferenceProviderOptions } from './reference-provider.ts';

export function containerProvider(cluster: ClusterFile, options: ReferenceProviderOptions = {}): ClusterProvider {
  const name = cluster.metadata.name;
  return {
    name: 'reference',
    async create(): Promise<ClusterHandle> {
      const created = await createContainerCluster(cluster, { progress: options.log ?? (() => {}) });
      let deleted = false;
      return {
        kubeconfigPath: created.kubeconfigPath,
        async info() {
          const client = await createApiClient(created.kubeconfigPath);
          try {
            return await readClusterInfo(client, 'reference', name);
          } finally {
            client.close();
          }
        },
        async delete() {
          if (deleted) return;
          deleted = true;
          await deleteContainerCluster(name);
        },
      };
    },
  };
}
