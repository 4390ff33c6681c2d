// Provider "reference": kdrill's own control plane in this process, with the
// scheduler, controllers and one simulated node per worker in the cluster
// file, in a temporary data dir that delete removes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../kube/https-api-client.ts';
import { startControlPlane, type RunningControlPlane } from '../reference/control-plane.ts';
import type { ClusterFile, NodeSpec } from './cluster-file.ts';
import { ClusterFileError } from './cluster-file-error.ts';
import { nodeLifecycleTimings } from './node-lifecycle-timings.ts';
import type { ClusterHandle, ClusterProvider } from './cluster-provider.ts';
import { readClusterInfo } from './read-cluster-info.ts';

const defaultCpu = '4';
const defaultMemory = '16Gi';

export interface ReferenceProviderOptions {
  /** Where control-plane messages go (default: dropped). */
  log?: (message: string) => void;
}

/** Simulated nodes share one capacity, so the workers must agree on theirs. */
function workerCapacity(cluster: ClusterFile, workers: NodeSpec[]): { cpu: string; memory: string } {
  for (const field of ['cpu', 'memory'] as const) {
    const values = new Set(workers.map((w) => w[field] ?? (field === 'cpu' ? defaultCpu : defaultMemory)));
    if (values.size > 1) {
      throw new ClusterFileError(cluster.path, 0, `spec.nodes[].${field}`, `provider reference simulates workers of one size; give every worker the same ${field} (found ${[...values].join(', ')})`);
    }
  }
  return { cpu: workers[0]?.cpu ?? defaultCpu, memory: workers[0]?.memory ?? defaultMemory };
}

export function referenceProvider(cluster: ClusterFile, options: ReferenceProviderOptions = {}): ClusterProvider {
  if (cluster.spec.store !== 'embedded') {
    throw new ClusterFileError(cluster.path, 0, 'spec.store', 'the in-process reference provider uses the embedded store; set store: embedded');
  }
  const workers = cluster.spec.nodes.filter((n) => n.role === 'worker');
  const capacity = workerCapacity(cluster, workers);
  const name = cluster.metadata.name;
  const namePrefix = `${name}-worker`;
  return {
    name: 'reference',
    async create(): Promise<ClusterHandle> {
      const dataDir = await mkdtemp(join(tmpdir(), `kdrill-${name}-`));
      let cp: RunningControlPlane | undefined;
      const remove = async () => {
        const running = cp;
        cp = undefined;
        if (running) await running.stop();
        await rm(dataDir, { recursive: true, force: true });
      };
      try {
        cp = await startControlPlane({
          dataDir,
          host: '127.0.0.1',
          port: 0,
          store: { backend: 'embedded' },
          compactionIntervalSeconds: 300,
          clusterName: name,
          controllers: {
            clusterCIDR: cluster.spec.networking.podSubnet,
            timings: nodeLifecycleTimings(cluster.spec.reference),
            ...(workers.length ? { simulatedNodes: { count: workers.length, ...capacity, namePrefix } } : {}),
          },
          log: options.log ?? (() => {}),
        });
        const kubeconfigPath = cp.kubeconfigPath;
        const client = await createApiClient(kubeconfigPath);
        try {
          for (const [i, worker] of workers.entries()) {
            if (!Object.keys(worker.labels).length && !worker.taints.length) continue;
            await client.patch(`/api/v1/nodes/${namePrefix}-${i}`, 'merge', {
              metadata: { labels: worker.labels },
              ...(worker.taints.length ? { spec: { taints: worker.taints } } : {}),
            });
          }
        } finally {
          client.close();
        }
        return {
          kubeconfigPath,
          async info() {
            const c = await createApiClient(kubeconfigPath);
            try {
              return await readClusterInfo(c, 'reference', name);
            } finally {
              c.close();
            }
          },
          delete: remove,
        };
      } catch (err) {
        await remove();
        throw err;
      }
    },
  };
}
