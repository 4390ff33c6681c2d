// A reference cluster in containers for one benchmark: made under a kdrill
// home of its own, handed to the benchmark with an API client, and deleted
// whatever happens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterFile } from '../src/clusters/cluster-file.ts';
import { createContainerCluster, type ContainerCluster } from '../src/clusters/container-cluster-create.ts';
import { deleteContainerCluster } from '../src/clusters/container-cluster-delete.ts';
import { parseClusterFile } from '../src/clusters/load-cluster-file.ts';
import type { ApiClient } from '../src/kube/api-client.ts';
import { createApiClient } from '../src/kube/https-api-client.ts';

/** One control plane and `workers` workers, nodes in containers. */
/** With `etcd`, the store is etcd and flannel leases subnets in it (clusters/reference-etcd.yaml's form). */
export function benchClusterFile(name: string, workers: number, options: { etcd?: boolean } = {}): ClusterFile {
  const workerLines = Array.from({ length: workers }, () => '    - role: worker\n').join('');
  const etcdLines = options.etcd ? '  store: etcd\n  networking: {subnetManager: etcd}\n' : '';
  return parseClusterFile(
    `apiVersion: kdrill.dev/v1\nkind: Cluster\nmetadata: {name: ${name}}\nspec:\n  provider: reference\n  reference: {simulated: false}\n${etcdLines}  nodes:\n    - role: control-plane\n${workerLines}`,
    'bench.yaml', join(tmpdir(), 'bench.yaml'),
  );
}

export async function withBenchCluster<T>(file: ClusterFile, work: (cluster: ContainerCluster, client: ApiClient) => Promise<T>): Promise<T> {
  const home = mkdtempSync(join(tmpdir(), 'kdrill-bench-home-'));
  const previousHome = process.env.KDRILL_HOME;
  process.env.KDRILL_HOME = home;
  try {
    const cluster = await createContainerCluster(file, { waitSeconds: 600 });
    const client = await createApiClient(cluster.kubeconfigPath);
    try {
      return await work(cluster, client);
    } finally {
      client.close();
    }
  } finally {
    await deleteContainerCluster(file.metadata.name);
    if (previousHome === undefined) delete process.env.KDRILL_HOME;
    else process.env.KDRILL_HOME = previousHome;
    rmSync(home, { recursive: true, force: true });
  }
}
