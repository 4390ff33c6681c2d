// Deleting reference clusters in containers: everything that carries the
// cluster's label (containers with their /var volumes, the network) and its
// state folder. `clean` does the same for every kdrill cluster at once.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { clusterStateDir, kdrillHome } from './container-cluster-names.ts';
import { removeClusterResources } from './container-engine.ts';

export interface Removed {
  containers: number;
  networks: number;
  volumes: number;
}

export async function deleteContainerCluster(cluster: string): Promise<Removed> {
  const removed = await removeClusterResources(cluster);
  await rm(clusterStateDir(cluster), { recursive: true, force: true });
  return removed;
}

/** Removes every kdrill cluster: all that carries the kdrill.dev/cluster label, and every cluster state folder. */
export async function cleanContainerClusters(): Promise<Removed> {
  const removed = await removeClusterResources();
  await rm(join(kdrillHome(), 'clusters'), { recursive: true, force: true });
  return removed;
}
