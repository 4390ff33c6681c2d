// The reference cluster in containers that tests share: ONE 3-node cluster
// (clusters/reference-3node.yaml, named kdrill-test) for every test file of a
// tap run. The first test that asks creates it under a lock (the node image is
// built then, once); later ones reuse it while it is healthy; tap's `after`
// script (test/helpers/delete-test-cluster.ts) deletes it at the end of the run.
// Its state lives under a kdrill home of its own, never the user's ~/.kdrill.
// Names carry a hash of the checkout's path: the nodes run the code of the
// checkout that made them, so two checkouts' runs never share a cluster.
// Also: kubectl against it, and the check that a cluster left nothing behind.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import t from 'tap';
import { clusterContainers, clusterNetworks, clusterVolumes } from '../../src/clusters/container-engine.ts';
import { createApiClient } from '../../src/kube/https-api-client.ts';
import type { KubeObject } from '../../src/reference/api/object.ts';
import { kubectlPath } from './client-tools.ts';
import { repoRoot } from './control-plane.ts';

const checkout = createHash('sha256').update(repoRoot).digest('hex').slice(0, 6);
// A file that uses clusters in containers may wait for the node image build and a cluster
// create before its own work (minutes on a busy machine): 15 minutes instead of .taprc's 5.
t.setTimeout(15 * 60_000);

export const testClusterName = `kdrill-test-${checkout}`;
/** KDRILL_HOME of the clusters tests make. */
export const testKdrillHome = join(tmpdir(), `kdrill-test-home-${checkout}`);
const lockDir = join(tmpdir(), `kdrill-test-cluster-${checkout}.lock`);
const lockWaitMs = 15 * 60_000;
const clusterFile = join(repoRoot, 'clusters', 'reference-3node.yaml');

export interface TestCluster {
  name: string;
  kubeconfig: string;
  /** Node names: the control plane first, then the workers. */
  nodes: string[];
  workers: string[];
}

export interface CliResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** Runs `kdrill ARGS` as a user would, with the tests' kdrill home. */
export async function kdrill(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const r = await execa(process.execPath, [join(repoRoot, 'bin', 'kdrill.js'), ...args], {
    reject: false,
    env: { KDRILL_HOME: testKdrillHome, ...env },
  });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** kubectl against a cluster made by these helpers. */
export async function kubectl(cluster: TestCluster, args: string[], options: { input?: string } = {}): Promise<CliResult> {
  const r = await execa(kubectlPath(), args, {
    reject: false,
    env: { KUBECONFIG: cluster.kubeconfig, HOME: join(testKdrillHome, 'kubectl-home') },
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** What still carries a cluster's label: names of containers, networks and volumes. Empty when nothing is left. */
export async function leftovers(cluster: string): Promise<string[]> {
  const [containers, networks, volumes] = await Promise.all([clusterContainers(cluster), clusterNetworks(cluster), clusterVolumes(cluster)]);
  return [
    ...containers.map((c) => `container ${c.Names[0]}`),
    ...networks.map((n) => `network ${n.Name}`),
    ...volumes.map((v) => `volume ${v.Name}`),
  ];
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + lockWaitMs;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => ''));
      // A lock whose holder died (a crashed test process) is taken over.
      if (holder && !processAlive(holder)) await rm(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${lockDir} held for ${lockWaitMs / 60_000} minutes by process ${holder}`);
      else await sleep(1000);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

interface NodeObject extends KubeObject {
  status?: { conditions?: { type: string; status: string }[] };
}

async function healthy(cluster: TestCluster): Promise<boolean> {
  if (!existsSync(cluster.kubeconfig)) return false;
  const containers = await clusterContainers(cluster.name);
  if (containers.length !== cluster.nodes.length || containers.some((c) => c.State !== 'running')) return false;
  try {
    const client = await createApiClient(cluster.kubeconfig);
    try {
      const nodes = (await client.list<NodeObject>('/api/v1/nodes')).items;
      const ready = nodes.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).map((n) => n.metadata?.name);
      return cluster.nodes.every((n) => ready.includes(n));
    } finally {
      client.close();
    }
  } catch {
    return false;
  }
}

/** The shared 3-node cluster, created the first time a test of the run asks for it. */
export async function sharedTestCluster(): Promise<TestCluster> {
  const cluster: TestCluster = {
    name: testClusterName,
    kubeconfig: join(testKdrillHome, 'clusters', testClusterName, 'kubeconfig'),
    nodes: [`${testClusterName}-control-plane`, `${testClusterName}-worker`, `${testClusterName}-worker2`],
    workers: [`${testClusterName}-worker`, `${testClusterName}-worker2`],
  };
  return withLock(async () => {
    if (await healthy(cluster)) return cluster;
    await kdrill(['cluster', 'delete', testClusterName]);
    const created = await kdrill(['cluster', 'create', '-f', clusterFile, '--name', testClusterName, '--wait', '5m']);
    if (created.exitCode !== 0) throw new Error(`kdrill cluster create failed (exit ${created.exitCode}):\n${created.stderr}`);
    return cluster;
  });
}

/** Deletes the shared cluster (tap's after script; also safe when there is none). */
/**
 * Deletes the shared cluster and any other cluster a test of this checkout made and did not
 * delete (a file that tap ended at its timeout runs no teardown).
 */
export async function deleteTestClusters(): Promise<void> {
  await withLock(async () => {
    const names = await readdir(join(testKdrillHome, 'clusters')).catch(() => [] as string[]);
    for (const name of new Set([testClusterName, ...names])) await kdrill(['cluster', 'delete', name]);
  });
}
