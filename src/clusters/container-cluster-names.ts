// How a reference cluster in containers is named and found: kind's naming
// (NAME-control-plane, NAME-worker, NAME-worker2, …), one label on everything
// it makes, and the state folder on the host for its PKI, node files and kubeconfig.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { NodeSpec } from './cluster-file.ts';

export const clusterLabel = 'kdrill.dev/cluster';
export const roleLabel = 'kdrill.dev/role';

/** kdrill's home: $KDRILL_HOME, else ~/.kdrill. */
export function kdrillHome(): string {
  return process.env.KDRILL_HOME || join(homedir(), '.kdrill');
}

export function clusterStateDir(cluster: string): string {
  return join(kdrillHome(), 'clusters', cluster);
}

export function clusterNetworkName(cluster: string): string {
  return `kdrill-${cluster}`;
}

export function nodeVolumeName(container: string): string {
  return `${container}-var`;
}

export interface PlannedNode {
  /** Container name, hostname and Node name. */
  name: string;
  spec: NodeSpec;
}

/** The file's nodes with their names: the (first) control plane, then the workers in order. */
export function planNodes(cluster: string, nodes: NodeSpec[]): PlannedNode[] {
  const planned: PlannedNode[] = [];
  let controlPlanes = 0;
  let workers = 0;
  for (const spec of nodes) {
    const index = spec.role === 'control-plane' ? ++controlPlanes : ++workers;
    planned.push({ name: `${cluster}-${spec.role}${index > 1 ? index : ''}`, spec });
  }
  return planned.sort((a, b) => (a.spec.role === b.spec.role ? 0 : a.spec.role === 'control-plane' ? -1 : 1));
}
