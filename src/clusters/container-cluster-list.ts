// The reference clusters in containers that exist now, found through their
// label (no state of kdrill's own is trusted for it), with their nodes and
// the host port of the API server.
import { clusterLabel, roleLabel } from './container-cluster-names.ts';
import { clusterContainers } from './container-engine.ts';
import { apiServerPort } from './control-plane-command.ts';

export interface ListedNode {
  name: string;
  role: string;
  /** Docker's state: running, exited, paused, … */
  state: string;
}

export interface ListedCluster {
  name: string;
  nodes: ListedNode[];
  /** https://127.0.0.1:PORT when the control-plane container publishes it. */
  server?: string;
}

export async function listContainerClusters(): Promise<ListedCluster[]> {
  const byName = new Map<string, ListedCluster>();
  for (const c of await clusterContainers()) {
    const name = c.Labels[clusterLabel] ?? '';
    const cluster = byName.get(name) ?? { name, nodes: [] };
    byName.set(name, cluster);
    cluster.nodes.push({ name: c.Names[0]?.replace(/^\//, '') ?? c.Id, role: c.Labels[roleLabel] ?? '', state: c.State });
    const port = c.Ports.find((p) => p.PrivatePort === apiServerPort && p.PublicPort);
    if (port) cluster.server = `https://127.0.0.1:${port.PublicPort}`;
  }
  for (const cluster of byName.values()) cluster.nodes.sort((a, b) => a.name.localeCompare(b.name));
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
