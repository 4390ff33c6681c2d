// Scheduler and controller figures on simulated nodes: scheduling throughput
// (10,000 pods on 100 and on 1,000 nodes), pod startup latency for a burst of
// 1,000 pods (creation to Running as a watch sees it, the SIG Scalability
// definition), and the time a 100-replica Deployment takes to roll out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../src/kube/https-api-client.ts';
import type { ApiClient } from '../src/kube/api-client.ts';
import type { KubeObject } from '../src/reference/api/object.ts';
import { startControlPlane } from '../src/reference/control-plane.ts';
import { ms, summarize } from './stats.ts';

interface Pod extends KubeObject {
  spec?: { nodeName?: string };
  status?: { phase?: string };
}

function pod(name: string): KubeObject {
  return {
    metadata: { name, labels: { bench: 'sched' } },
    spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  };
}

async function withControlPlane<T>(nodes: number, run: (client: ApiClient) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kdrill-bench-sched-'));
  const cp = await startControlPlane({
    dataDir, host: '127.0.0.1', port: 0, store: { backend: 'embedded' }, compactionIntervalSeconds: 300, clusterName: 'bench', log: () => {},
    // A /14 holds 1,024 per-node /24s; the default /16 only 256.
    controllers: { clusterCIDR: '10.128.0.0/14', simulatedNodes: { count: nodes, cpu: '32', memory: '256Gi', pods: 250 } },
  });
  const client = await createApiClient(cp.kubeconfigPath, { maxSockets: 20 });
  try {
    return await run(client);
  } finally {
    client.close();
    await cp.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Creates pods with `clients` concurrent writers; returns when every create was answered. */
async function createPods(client: ApiClient, namespace: string, names: string[], clients: number, sentAt?: Map<string, number>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = next++; i < names.length; i = next++) {
      sentAt?.set(names[i]!, performance.now());
      await client.create(`/api/v1/namespaces/${namespace}/pods`, pod(names[i]!));
    }
  }));
}

/** Watches pods in a namespace until `done` says so; calls `seen` for every event. */
function watchPods(client: ApiClient, namespace: string, seen: (p: Pod) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const handle = client.watch(`/api/v1/namespaces/${namespace}/pods`, { resourceVersion: '0' }, (type, obj) => {
      if (type === 'ADDED' || type === 'MODIFIED') {
        if (seen(obj as Pod)) {
          handle.stop();
          resolve();
        }
      }
    });
  });
}

export async function schedulingThroughput(nodes: number, pods: number, progress: (m: string) => void): Promise<number> {
  return withControlPlane(nodes, async (client) => {
    await client.create('/api/v1/namespaces', { metadata: { name: 'sched' } });
    const bound = new Set<string>();
    let firstBind = 0;
    let lastBind = 0;
    const allBound = watchPods(client, 'sched', (p) => {
      if (p.spec?.nodeName && !bound.has(p.metadata!.name!)) {
        bound.add(p.metadata!.name!);
        lastBind = performance.now();
        if (bound.size === 1) firstBind = lastBind;
      }
      return bound.size === pods;
    });
    progress(`${nodes} nodes: creating ${pods} pods`);
    await createPods(client, 'sched', Array.from({ length: pods }, (_, i) => `p-${i}`), 20);
    await allBound;
    return (pods - 1) / ((lastBind - firstBind) / 1000);
  });
}

export async function podStartupLatency(burst: number, progress: (m: string) => void): Promise<ReturnType<typeof summarize>> {
  return withControlPlane(100, async (client) => {
    await client.create('/api/v1/namespaces', { metadata: { name: 'startup' } });
    const sentAt = new Map<string, number>();
    const latency = new Map<string, number>();
    const allRunning = watchPods(client, 'startup', (p) => {
      const name = p.metadata!.name!;
      const t0 = sentAt.get(name);
      if (p.status?.phase === 'Running' && t0 !== undefined && !latency.has(name)) latency.set(name, performance.now() - t0);
      return latency.size === burst;
    });
    progress(`pod startup: a burst of ${burst} pods on 100 nodes`);
    await createPods(client, 'startup', Array.from({ length: burst }, (_, i) => `s-${i}`), 20, sentAt);
    await allRunning;
    return summarize([...latency.values()]);
  });
}

async function waitForDeployment(client: ApiClient, name: string, done: (status: Record<string, number>, generation: number) => boolean): Promise<void> {
  await new Promise<void>((resolve) => {
    const handle = client.watch('/apis/apps/v1/namespaces/default/deployments', { resourceVersion: '0', fieldSelector: `metadata.name=${name}` }, (_type, obj) => {
      const status = (obj.status ?? {}) as Record<string, number>;
      if (done(status, obj.metadata?.generation ?? 0)) {
        handle.stop();
        resolve();
      }
    });
  });
}

export async function deploymentRollout(replicas: number, progress: (m: string) => void): Promise<{ create: number; update: number }> {
  return withControlPlane(100, async (client) => {
    const template = (image: string) => ({
      metadata: { labels: { app: 'roll' } },
      spec: { containers: [{ name: 'c', image, resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
    });
    const complete = (s: Record<string, number>, generation: number, observed: number) =>
      observed === generation && s.updatedReplicas === replicas && s.availableReplicas === replicas && s.replicas === replicas;
    progress(`deployment: ${replicas} replicas, create then update`);
    const t0 = performance.now();
    const created = waitForDeployment(client, 'roll', (s, g) => complete(s, g, s.observedGeneration ?? 0));
    await client.create('/apis/apps/v1/namespaces/default/deployments', {
      metadata: { name: 'roll' },
      spec: { replicas, selector: { matchLabels: { app: 'roll' } }, template: template('pause:3.9') },
    });
    await created;
    const t1 = performance.now();
    const patched = await client.patch('/apis/apps/v1/namespaces/default/deployments/roll', 'merge', { spec: { template: template('pause:3.10') } });
    const wanted = patched.metadata?.generation ?? 0;
    await waitForDeployment(client, 'roll', (s, g) => g >= wanted && complete(s, g, s.observedGeneration ?? 0));
    return { create: (t1 - t0) / 1000, update: (performance.now() - t1) / 1000 };
  });
}

export function formatScheduling(f: { throughput100: number; throughput1000: number; startup: ReturnType<typeof summarize>; rollout: { create: number; update: number } }): string {
  return [
    'scheduler and controllers (simulated nodes, embedded store)',
    `  scheduling throughput, 10,000 pods on 100 nodes     ${f.throughput100.toFixed(0)} pods/s`,
    `  scheduling throughput, 10,000 pods on 1,000 nodes   ${f.throughput1000.toFixed(0)} pods/s`,
    `  pod startup latency, burst of 1,000 (create→Running) p50 ${ms(f.startup.p50)}  p99 ${ms(f.startup.p99)}  max ${ms(f.startup.max)}`,
    `  100-replica Deployment: created and available in ${f.rollout.create.toFixed(1)} s; rolling update (25%/25%) in ${f.rollout.update.toFixed(1)} s`,
  ].join('\n');
}
