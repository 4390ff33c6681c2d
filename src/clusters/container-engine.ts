// The Docker engine as the container provider uses it: testcontainers'
// runtime client (Ryuk off: clusters outlive the kdrill process that made
// them, and `kdrill cluster delete` or `kdrill clean` remove them), and the
// discovery of what a cluster owns through its label, as kind does: no state
// beyond the engine's own is needed to find or delete a cluster.
import type Dockerode from 'dockerode';
import type { ContainerRuntimeClient } from 'testcontainers';
import { clusterLabel } from './container-cluster-names.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';

let client: Promise<ContainerRuntimeClient> | undefined;

export function containerEngine(): Promise<ContainerRuntimeClient> {
  // Loaded on first use: every kdrill command would otherwise pay for testcontainers' start-up.
  client ??= import('testcontainers').then((tc) => tc.getContainerRuntimeClient()).catch((err: Error) => {
    client = undefined;
    throw new Error(`cannot reach the Docker engine: ${err.message}; is dockerd running (docker info)?`);
  });
  return client;
}

export async function dockerode(): Promise<Dockerode> {
  return (await containerEngine()).container.dockerode;
}

/** The label filter for one cluster, or for every kdrill cluster when `cluster` is undefined. */
function labelFilter(cluster: string | undefined): string {
  return cluster === undefined ? clusterLabel : `${clusterLabel}=${cluster}`;
}

export async function clusterContainers(cluster?: string): Promise<Dockerode.ContainerInfo[]> {
  return (await dockerode()).listContainers({ all: true, filters: { label: [labelFilter(cluster)] } });
}

export async function clusterNetworks(cluster?: string): Promise<Dockerode.NetworkInspectInfo[]> {
  return (await dockerode()).listNetworks({ filters: { label: [labelFilter(cluster)] } });
}

export async function clusterVolumes(cluster?: string): Promise<Dockerode.VolumeInspectInfo[]> {
  return (await (await dockerode()).listVolumes({ filters: { label: [labelFilter(cluster)] } })).Volumes ?? [];
}

function missing(err: unknown): boolean {
  return (err as { statusCode?: number }).statusCode === 404;
}

/** Removes the containers (with their anonymous volumes), then the networks and volumes of one cluster, or of all. */
export async function removeClusterResources(cluster?: string): Promise<{ containers: number; networks: number; volumes: number }> {
  const docker = await dockerode();
  const containers = await clusterContainers(cluster);
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch((err: unknown) => {
    if (!missing(err)) throw err;
  })));
  const networks = await clusterNetworks(cluster);
  for (const n of networks) await docker.getNetwork(n.Id).remove().catch((err: unknown) => {
    if (!missing(err)) throw err;
  });
  const volumes = await clusterVolumes(cluster);
  for (const v of volumes) await docker.getVolume(v.Name).remove().catch((err: unknown) => {
    if (!missing(err)) throw err;
  });
  return { containers: containers.length, networks: networks.length, volumes: volumes.length };
}

/** The last lines a container wrote (stdout and stderr), for error messages. */
export async function containerLogTail(id: string, lines = 20): Promise<string> {
  try {
    const buffer = await (await dockerode()).getContainer(id).logs({ stdout: true, stderr: true, tail: lines, follow: false });
    return demultiplex(buffer as unknown as Buffer).trimEnd();
  } catch {
    return '';
  }
}

/** Docker's multiplexed log stream (8-byte frame headers) as text; a TTY container's plain bytes pass through. */
export function demultiplex(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buffer.length && buffer[at]! <= 2 && buffer[at + 1] === 0 && buffer[at + 2] === 0 && buffer[at + 3] === 0) {
    const size = buffer.readUInt32BE(at + 4);
    parts.push(buffer.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return at === 0 ? buffer.toString() : Buffer.concat(parts).toString();
}
