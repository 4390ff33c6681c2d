// A node dies while a Deployment runs on it: the whole control plane in one
// process (API server, controllers, scheduler, three simulated nodes, node
// timings shortened as the flags allow). The node goes Unknown and tainted,
// its pods are evicted once their default toleration runs out, and the
// Deployment's pods are recreated on the nodes that remain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createApiClient } from '../../src/kube/https-api-client.ts';
import type { Informer } from '../../src/kube/informer.ts';
import { InformerFactory } from '../../src/kube/shared-informer.ts';
import type { KubeObject } from '../../src/reference/api/object.ts';
import { startControlPlane } from '../../src/reference/control-plane.ts';

interface Pod extends KubeObject {
  spec: { nodeName?: string };
  status?: { phase?: string };
}

interface Node extends KubeObject {
  spec: { taints?: { key: string; effect: string }[] };
  status: { conditions?: { type: string; status: string; reason?: string }[] };
}

const dataDir = mkdtempSync(join(tmpdir(), 'kdrill-node-failure-'));
const cp = await startControlPlane({
  dataDir, host: '127.0.0.1', port: 0, store: { backend: 'embedded' }, compactionIntervalSeconds: 300, clusterName: 'node-failure', log: () => {},
  controllers: {
    timings: { nodeMonitorGracePeriodSeconds: 2, nodeMonitorPeriodSeconds: 1, defaultTolerationSeconds: 2 },
    simulatedNodes: { count: 3, cpu: '4', memory: '8Gi' },
  },
});
const client = await createApiClient(cp.kubeconfigPath);
const informers = new InformerFactory(client, { log: () => {} });
t.teardown(async () => {
  informers.stop();
  client.close();
  await cp.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
informers.start();
const pods = informers.for<Pod>('/api/v1/namespaces/default/pods');
const nodes = informers.for<Node>('/api/v1/nodes');
await Promise.all([pods.synced(), nodes.synced()]);

/** Resolves once check() holds, looked at again on every change either informer sees. */
function until(check: () => boolean, what: string, watched: Informer[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const deadline = setTimeout(() => finish(new Error(`gave up waiting: ${what}`)), 60_000);
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      if (err) reject(err);
      else resolve();
    };
    const look = () => {
      if (!done && check()) finish();
    };
    for (const informer of watched) informer.on({ add: look, update: look, delete: look });
    look();
  });
}

const running = () => pods.list('default').filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);

t.test('pods on a node that stops heartbeating are evicted and recreated elsewhere', async (t) => {
  await client.create('/apis/apps/v1/namespaces/default/deployments', {
    metadata: { name: 'web' },
    spec: {
      replicas: 6,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    },
  });
  await until(() => running().length === 6, 'six pods running', [pods]);
  const victim = running()[0]!.spec.nodeName!;
  const onVictim = running().filter((p) => p.spec.nodeName === victim).map((p) => p.metadata!.name!);
  t.ok(onVictim.length > 0, `pods run on ${victim}`);

  cp.controllerManager!.simulatedNodes!.stopHeartbeat(victim);
  const readyOf = (name: string) => nodes.get(undefined, name)?.status.conditions?.find((c) => c.type === 'Ready');
  await until(() => readyOf(victim)?.status === 'Unknown', `${victim} goes Unknown`, [nodes]);
  t.equal(readyOf(victim)?.reason, 'NodeStatusUnknown');
  const taints = () => nodes.get(undefined, victim)?.spec.taints?.map((x) => `${x.key}:${x.effect}`) ?? [];
  await until(() => taints().includes('node.kubernetes.io/unreachable:NoExecute'), `${victim} is tainted unreachable:NoExecute`, [nodes]);

  await until(() => onVictim.every((name) => pods.get('default', name)?.metadata?.deletionTimestamp !== undefined), 'its pods are marked for deletion', [pods]);
  await until(
    () => running().filter((p) => p.spec.nodeName !== victim).length === 6,
    'six pods running on the other nodes',
    [pods],
  );
  for (const p of running().filter((p) => p.spec.nodeName !== victim)) t.not(p.spec.nodeName, victim);
});
