// API server and store figures, per store backend: pod creates per second
// (one client, ten concurrent clients), watch delivery latency with ten
// watchers, and the latency of listing 10,000 pods in one namespace. All
// through the HTTPS API: writes and lists over kept-alive connections as
// client-go makes them, watches with @kubernetes/client-node.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, Watch, type V1Pod } from '@kubernetes/client-node';
import { startControlPlane } from '../src/reference/control-plane.ts';
import { jsonClient, type JsonClient } from './https-client.ts';
import { ms, summarize } from './stats.ts';

export interface BackendUnderTest {
  name: string;
  store: { backend: 'embedded' } | { backend: 'etcd'; endpoints: string[] };
}

export interface ApiStoreFigures {
  createsPerSecondOneClient: number;
  createsPerSecondTenClients: number;
  watchLatency: ReturnType<typeof summarize>;
  list10k: ReturnType<typeof summarize>;
}

const sizes = {
  sequentialCreates: 500,
  concurrentCreates: 2000,
  watchers: 10,
  watchedCreates: 300,
  listPods: 10_000,
  listRepeats: 5,
};

function pod(name: string): V1Pod {
  return {
    metadata: { name, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  };
}

async function createNamespace(api: JsonClient, name: string): Promise<void> {
  await api.call('POST', '/api/v1/namespaces', { metadata: { name } });
}

async function createPod(api: JsonClient, namespace: string, name: string): Promise<void> {
  await api.call('POST', `/api/v1/namespaces/${namespace}/pods`, pod(name));
}

async function createMany(api: JsonClient, namespace: string, count: number, clients: number, prefix: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = next++; i < count; i = next++) await createPod(api, namespace, `${prefix}-${i}`);
  }));
  return count / ((performance.now() - started) / 1000);
}

async function watchLatency(kc: KubeConfig, api: JsonClient, namespace: string): Promise<number[]> {
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  const expected = sizes.watchers * sizes.watchedCreates;
  let done!: () => void;
  const allSeen = new Promise<void>((resolve) => (done = resolve));
  const watch = new Watch(kc);
  const controllers = await Promise.all(Array.from({ length: sizes.watchers }, () =>
    watch.watch(`/api/v1/namespaces/${namespace}/pods`, {}, (type, obj: V1Pod) => {
      if (type !== 'ADDED') return;
      const t0 = sentAt.get(obj.metadata!.name!);
      if (t0 === undefined) return;
      samples.push(performance.now() - t0);
      if (samples.length === expected) done();
    }, () => {}),
  ));
  for (let i = 0; i < sizes.watchedCreates; i++) {
    const name = `w-${i}`;
    sentAt.set(name, performance.now());
    await createPod(api, namespace, name);
  }
  await Promise.race([allSeen, new Promise((r) => setTimeout(r, 30_000))]);
  for (const c of controllers) c.abort();
  return samples;
}

async function listLatency(api: JsonClient, namespace: string): Promise<number[]> {
  await createMany(api, namespace, sizes.listPods, 20, 'l');
  const samples: number[] = [];
  for (let i = 0; i < sizes.listRepeats; i++) {
    const t0 = performance.now();
    const list = (await api.call('GET', `/api/v1/namespaces/${namespace}/pods`)) as { items: unknown[] };
    samples.push(performance.now() - t0);
    if (list.items.length !== sizes.listPods) throw new Error(`listed ${list.items.length} pods, expected ${sizes.listPods}`);
  }
  return samples;
}

export async function benchApiStore(b: BackendUnderTest, progress: (m: string) => void): Promise<ApiStoreFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kdrill-bench-'));
  const cp = await startControlPlane({
    dataDir, host: '127.0.0.1', port: 0, store: b.store, compactionIntervalSeconds: 300, clusterName: 'bench', log: () => {},
  });
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(cp.kubeconfigPath);
    const api = await jsonClient(cp.kubeconfigPath, 20);
    for (const ns of ['bench-seq', 'bench-par', 'bench-watch', 'bench-list']) await createNamespace(api, ns);
    progress(`${b.name}: ${sizes.sequentialCreates} creates, one client`);
    const one = await createMany(api, 'bench-seq', sizes.sequentialCreates, 1, 's');
    progress(`${b.name}: ${sizes.concurrentCreates} creates, ten clients`);
    const ten = await createMany(api, 'bench-par', sizes.concurrentCreates, 10, 'p');
    progress(`${b.name}: watch latency, ${sizes.watchers} watchers x ${sizes.watchedCreates} pods`);
    const watch = summarize(await watchLatency(kc, api, 'bench-watch'));
    progress(`${b.name}: creating ${sizes.listPods} pods, then listing them ${sizes.listRepeats} times`);
    const list = summarize(await listLatency(api, 'bench-list'));
    api.close();
    return { createsPerSecondOneClient: one, createsPerSecondTenClients: ten, watchLatency: watch, list10k: list };
  } finally {
    await cp.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function formatApiStore(name: string, f: ApiStoreFigures): string {
  return [
    `store backend: ${name}`,
    `  pod creates/s, 1 client          ${f.createsPerSecondOneClient.toFixed(0)}`,
    `  pod creates/s, 10 clients        ${f.createsPerSecondTenClients.toFixed(0)}`,
    `  watch delivery, 10 watchers      p50 ${ms(f.watchLatency.p50)}  p99 ${ms(f.watchLatency.p99)}  max ${ms(f.watchLatency.max)}  (n=${f.watchLatency.n})`,
    `  list 10,000 pods                 p50 ${ms(f.list10k.p50)}  max ${ms(f.list10k.max)}  (n=${f.list10k.n})`,
  ].join('\n');
}
