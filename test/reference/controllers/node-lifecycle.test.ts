import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { startNodeIpamController } from '../../../src/reference/controllers/node-ipam.ts';
import { reconciledTaints, startNodeLifecycleController, unknownConditions } from '../../../src/reference/controllers/node-lifecycle.ts';
import { evictionDelayMs, tolerates } from '../../../src/reference/controllers/node-lifecycle-taint-eviction.ts';
import { startSimulatedNodes } from '../../../src/reference/simulated-nodes/simulated-nodes.ts';
import { startNodeCluster } from '../simulated-nodes/fixtures/node-cluster.ts';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

interface Taint {
  key: string;
  effect: string;
  timeAdded?: string;
}

const conditionsOf = (o: KubeObject | undefined) => ((o?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []);
const readyOf = (o: KubeObject | undefined) => conditionsOf(o).find((c) => c.type === 'Ready');
const taintsOf = (o: KubeObject | undefined) => ((o?.spec as { taints?: Taint[] } | undefined)?.taints ?? []);

t.test('tolerations against NoExecute taints', async (t) => {
  const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' as const };
  t.ok(tolerates({ operator: 'Exists' }, unreachable), 'an empty key with Exists tolerates everything');
  t.ok(tolerates({ key: unreachable.key, operator: 'Exists', effect: 'NoExecute' }, unreachable));
  t.notOk(tolerates({ key: unreachable.key, operator: 'Exists', effect: 'NoSchedule' }, unreachable));
  t.notOk(tolerates({ key: 'x', operator: 'Equal', value: 'a' }, { key: 'x', value: 'b', effect: 'NoExecute' }));
  t.equal(evictionDelayMs([], [unreachable]), 0);
  t.equal(evictionDelayMs([{ operator: 'Exists' }], [unreachable]), Infinity);
  t.equal(evictionDelayMs([{ key: unreachable.key, operator: 'Exists', tolerationSeconds: 30 }, { operator: 'Exists', tolerationSeconds: 5 }], [unreachable]), 5000);
});

t.test('conditions and taints of a silent node', async (t) => {
  const node = {
    metadata: { name: 'n', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { unschedulable: true, taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] },
    status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: '2026-01-01T00:00:10Z' }] },
  };
  const { conditions, changed } = unknownConditions(node, Date.parse('2026-01-01T00:01:00Z'));
  t.ok(changed);
  t.match(conditions, [
    { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: '2026-01-01T00:00:10Z', lastTransitionTime: '2026-01-01T00:01:00Z' },
    { type: 'MemoryPressure', status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: '2026-01-01T00:00:00Z' },
    { type: 'DiskPressure', status: 'Unknown' },
    { type: 'PIDPressure', status: 'Unknown' },
  ]);
  t.notOk(unknownConditions({ ...node, status: { conditions } }, Date.now()).changed, 'Unknown stays as it is');
  const taints = reconciledTaints({ ...node, status: { conditions } }, Date.parse('2026-01-01T00:01:00Z'));
  t.same(taints.map((x) => `${x.key}:${x.effect}`), [
    'dedicated:NoSchedule',
    'node.kubernetes.io/unreachable:NoSchedule',
    'node.kubernetes.io/unschedulable:NoSchedule',
    'node.kubernetes.io/unreachable:NoExecute',
  ]);
  t.equal(taints.find((x) => x.effect === 'NoExecute')?.timeAdded, '2026-01-01T00:01:00Z');

  const notReady = reconciledTaints({ ...node, spec: { taints }, status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'DiskPressure', status: 'True' }] } }, Date.now());
  t.same(notReady.map((x) => `${x.key}:${x.effect}`), [
    'dedicated:NoSchedule',
    'node.kubernetes.io/not-ready:NoSchedule',
    'node.kubernetes.io/disk-pressure:NoSchedule',
    'node.kubernetes.io/not-ready:NoExecute',
  ], 'a node reporting Ready=False is not-ready, not unreachable');
  const back = reconciledTaints({ ...node, spec: { taints: notReady }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, Date.now());
  t.same(back.map((x) => `${x.key}:${x.effect}`), ['dedicated:NoSchedule'], 'a node back to Ready keeps only the taints it was given');
});

t.test('a node that stops heartbeating goes Unknown, is tainted, and its pods are evicted after their tolerations', async (t) => {
  const cluster = await startNodeCluster(t);
  const ipam = await startNodeIpamController(cluster.ctx);
  cluster.defer(() => ipam.stop());
  const sim = await startSimulatedNodes(cluster.ctx, { count: 2, cpu: '2', memory: '4Gi', namePrefix: 'life', leaseDurationSeconds: 1 });
  cluster.defer(() => sim.stop());
  const lifecycle = await startNodeLifecycleController(cluster.ctx);
  cluster.defer(() => lifecycle.stop());

  const nodes = cluster.informers.for('/api/v1/nodes');
  const pods = cluster.informers.for('/api/v1/pods');
  const events = cluster.informers.for('/api/v1/events');
  const unreachable = (tolerationSeconds?: number) => [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(tolerationSeconds === undefined ? {} : { tolerationSeconds }) }];
  const create = (name: string, tolerations: object[]) =>
    cluster.client.create('/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { nodeName: 'life-0', tolerations, containers: [{ name: 'main', image: 'busybox:1.36' }] },
    });
  // The API server gives every pod 300-second tolerations of these taints; a pod's own replace them.
  await create('prompt', unreachable(0));
  await create('patient', unreachable(1));
  await create('loyal', unreachable());
  await cluster.until(pods, () => ['prompt', 'patient', 'loyal'].every((n) => readyOf(pods.get('default', n))?.status === 'True'), 'three pods Ready');

  sim.stopHeartbeat('life-0');
  const silent = await cluster.until(nodes, () => {
    const n = nodes.get(undefined, 'life-0');
    return readyOf(n)?.status === 'Unknown' && taintsOf(n).length === 2 ? n : undefined;
  }, 'life-0 Unknown and tainted');
  t.match(readyOf(silent), { reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
  t.same(conditionsOf(silent).map((c) => `${c.type}=${c.status}`).sort(), ['DiskPressure=Unknown', 'MemoryPressure=Unknown', 'PIDPressure=Unknown', 'Ready=Unknown']);
  t.same(taintsOf(silent).map((x) => `${x.key}:${x.effect}`).sort(), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
  t.equal(readyOf(nodes.get(undefined, 'life-1'))?.status, 'True', 'the other node stays Ready');

  // Its kubelet is gone, so the evicted pods stay Terminating until it is back.
  await cluster.until(pods, () => pods.get('default', 'prompt')?.metadata?.deletionTimestamp, 'prompt evicted at once');
  const patient = await cluster.until(pods, () => {
    const p = pods.get('default', 'patient');
    return p?.metadata?.deletionTimestamp ? p : undefined;
  }, 'patient evicted after its toleration');
  const disruption = conditionsOf(patient).find((c) => c.type === 'DisruptionTarget') as Condition & { lastTransitionTime: string };
  t.match(disruption, { status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
  const tainted = Date.parse(taintsOf(silent).find((x) => x.effect === 'NoExecute')!.timeAdded!);
  t.ok(Date.parse(disruption.lastTransitionTime) >= tainted + 1000, 'patient was marked a toleration (1 s) after the taint');
  const loyal = pods.get('default', 'loyal');
  t.notOk(loyal?.metadata?.deletionTimestamp, 'loyal tolerates the taint for ever');
  t.equal(readyOf(loyal)?.status, 'False', 'pods of an unreachable node are marked not ready');
  const eviction = await cluster.until(events, () => events.list('default').find((e) => e.reason === 'TaintManagerEviction' && (e.involvedObject as { name?: string }).name === 'patient'), 'the eviction event');
  t.equal(eviction.message, 'Marking for deletion Pod default/patient');
  await cluster.until(events, () => events.list('default').find((e) => e.reason === 'NodeNotReady' && (e.involvedObject as { name?: string }).name === 'loyal'), 'the NodeNotReady event on loyal');
  const nodeEvents = events.list('default').filter((e) => (e.involvedObject as { name?: string }).name === 'life-0' && (e.source as { component?: string }).component === 'node-controller');
  t.same(nodeEvents.map((e) => `${e.reason}: ${e.message}`).sort(), ['NodeNotReady: Node life-0 status is now: NodeNotReady', 'RegisteredNode: Node life-0 event: Registered Node life-0 in Controller']);

  sim.resumeHeartbeat('life-0');
  await cluster.until(nodes, () => {
    const n = nodes.get(undefined, 'life-0');
    return readyOf(n)?.status === 'True' && taintsOf(n).length === 0;
  }, 'life-0 Ready and untainted');
  await cluster.until(pods, () => !pods.get('default', 'prompt') && !pods.get('default', 'patient'), 'evicted pods gone');
  await cluster.until(pods, () => readyOf(pods.get('default', 'loyal'))?.status === 'True', 'loyal Ready again');
  t.pass('the node came back');

  await cluster.client.create('/api/v1/namespaces/default/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'bystander' },
    spec: { nodeName: 'life-1', containers: [{ name: 'main', image: 'busybox:1.36' }] },
  });
  await cluster.until(pods, () => readyOf(pods.get('default', 'bystander'))?.status === 'True', 'bystander Ready');
  await cluster.client.patch('/api/v1/nodes/life-1', 'merge', { spec: { taints: [{ key: 'kdrill.dev/drain', effect: 'NoExecute' }] } });
  await cluster.until(pods, () => !pods.get('default', 'bystander'), 'bystander evicted at once by an untolerated taint and deleted by its node');
  t.same(taintsOf(nodes.get(undefined, 'life-1')).map((x) => x.key), ['kdrill.dev/drain'], 'taints the controller does not own stay');
});
