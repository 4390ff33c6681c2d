// The scheduler against a real control plane: binding, the Unschedulable
// condition and FailedScheduling event, retry when a node arrives, and pods
// of another scheduler left alone.
import t from 'tap';
import type { Pod } from '../../../src/reference/scheduler/pod-types.ts';
import { makeNode, makePod } from './fixtures/objects.ts';
import { startSchedulerHarness } from './fixtures/scheduler-harness.ts';

const podsPath = '/api/v1/namespaces/default/pods';

function forApi(pod: Pod): Pod {
  const { uid: _uid, ...metadata } = pod.metadata!;
  return { ...pod, metadata, spec: { ...pod.spec, containers: pod.spec!.containers!.map((c) => ({ ...c, image: 'registry.k8s.io/pause:3.10' })) } };
}

t.test('schedules, reports unschedulable pods, retries them when nodes change', async (t) => {
  const h = await startSchedulerHarness(t);
  await h.client.create(podsPath, forApi(makePod('early')));
  const early = await h.waitFor<Pod>(podsPath, 'early', (p) => !!p.status?.conditions?.length);
  t.match(early.status!.conditions, [{ type: 'PodScheduled', status: 'False', reason: 'SchedulerError', message: 'no nodes available to schedule pods' }]);

  await h.createNode(makeNode('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }));
  await h.createNode(makeNode('w1', { cpu: '1' }));
  await h.createNode(makeNode('w2', { cpu: '4' }));

  await h.client.create(podsPath, forApi(makePod('big', { cpu: '2' })));
  const big = await h.waitFor<Pod>(podsPath, 'big', (p) => !!p.spec?.nodeName);
  t.equal(big.spec!.nodeName, 'w2');
  t.match(big.status!.conditions, [{ type: 'PodScheduled', status: 'True' }]);

  await h.client.create(podsPath, forApi(makePod('elsewhere', { cpu: '1', spec: { schedulerName: 'other-scheduler' } })));
  await h.client.create(podsPath, forApi(makePod('huge', { cpu: '3' })));
  const expected =
    '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.';
  const pending = await h.waitFor<Pod>(podsPath, 'huge', (p) => !!p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False'));
  t.match(pending.status!.conditions, [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: expected }]);

  await h.createNode(makeNode('w3', { cpu: '4' }));
  const placed = await h.waitFor<Pod>(podsPath, 'huge', (p) => !!p.spec?.nodeName);
  t.equal(placed.spec!.nodeName, 'w3');

  const events = (await h.events('default')) as { type: string; reason: string; message: string; source?: { component?: string }; involvedObject: { name: string } }[];
  const about = (name: string) =>
    events
      .filter((e) => e.involvedObject.name === name)
      .map((e) => ({ type: e.type, reason: e.reason, message: e.message }))
      .sort((a, b) => a.reason.localeCompare(b.reason));
  t.same(about('big'), [{ type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/big to w2' }]);
  t.same(about('huge'), [
    { type: 'Warning', reason: 'FailedScheduling', message: expected },
    { type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/huge to w3' },
  ]);
  t.same(about('elsewhere'), [], 'a pod of another scheduler gets no events');
  t.equal((await h.waitFor<Pod>(podsPath, 'early', (p) => !!p.spec?.nodeName)).metadata!.name, 'early', 'a pod that found no nodes is retried after back-off');
  const elsewhere = await h.client.get<Pod>(`${podsPath}/elsewhere`);
  t.equal(elsewhere.spec!.nodeName, undefined);
  t.equal(elsewhere.status?.conditions, undefined);
});

t.test('a high-priority pod preempts a lower-priority one and is nominated to its node', async (t) => {
  const h = await startSchedulerHarness(t);
  for (const [name, value] of [['low', 10], ['high', 1000]] as const) {
    await h.client.create('/apis/scheduling.k8s.io/v1/priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value });
  }
  await h.createNode(makeNode('only', { cpu: '2' }));
  await h.client.create(podsPath, forApi(makePod('victim', { cpu: '2', spec: { priorityClassName: 'low' } })));
  await h.waitFor<Pod>(podsPath, 'victim', (p) => p.spec?.nodeName === 'only');

  await h.client.create(podsPath, forApi(makePod('urgent', { cpu: '2', spec: { priorityClassName: 'high' } })));
  const nominated = await h.waitFor<Pod>(podsPath, 'urgent', (p) => p.status?.nominatedNodeName === 'only');
  t.match(nominated.status!.conditions, [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' }]);
  // No kubelet runs here: finish the victim's graceful deletion as one would.
  await h.waitFor<Pod>(podsPath, 'victim', (p) => !!p.metadata?.deletionTimestamp);
  await h.client.delete(`${podsPath}/victim`, { gracePeriodSeconds: 0 });
  const placed = await h.waitFor<Pod>(podsPath, 'urgent', (p) => !!p.spec?.nodeName);
  t.equal(placed.spec!.nodeName, 'only');

  const events = (await h.events('default')) as { reason: string; message: string; involvedObject: { name: string } }[];
  t.match(
    events.filter((e) => e.involvedObject.name === 'victim' && e.reason === 'Preempted'),
    [{ message: `Preempted by pod ${nominated.metadata!.uid} on node only` }],
  );
});
