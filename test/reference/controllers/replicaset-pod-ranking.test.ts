import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { isPodAvailable, podsToDelete } from '../../../src/reference/controllers/pod-control.ts';
import { replicaSetStatus, type ReplicaSet } from '../../../src/reference/controllers/replicaset.ts';

function pod(name: string, o: { node?: string; phase?: string; readySince?: string; created?: string; cost?: number; restarts?: number } = {}): KubeObject {
  return {
    metadata: {
      name,
      creationTimestamp: o.created ?? '2026-01-01T00:00:00Z',
      ...(o.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': String(o.cost) } } : {}),
    },
    spec: o.node ? { nodeName: o.node } : {},
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.readySince ? [{ type: 'Ready', status: 'True', lastTransitionTime: o.readySince }] : [{ type: 'Ready', status: 'False' }],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  };
}
const names = (pods: KubeObject[]) => pods.map((p) => p.metadata?.name);
const ready = '2026-01-01T00:01:00Z';

t.test('victims: unscheduled, then pending, then not ready go first', async (t) => {
  const pods = [pod('running', { node: 'n1', readySince: ready }), pod('not-ready', { node: 'n2' }), pod('pending', { node: 'n3', phase: 'Pending' }), pod('unscheduled', { phase: 'Pending' })];
  t.same(names(podsToDelete(pods, pods, 3)), ['unscheduled', 'pending', 'not-ready']);
});

t.test('victims among ready pods: lower deletion cost, crowded nodes, recently ready, restarts, newer', async (t) => {
  t.same(names(podsToDelete([pod('dear', { node: 'a', readySince: ready, cost: 10 }), pod('cheap', { node: 'b', readySince: ready, cost: -1 })], [], 1)), ['cheap']);
  const crowded = [pod('alone', { node: 'a', readySince: ready }), pod('crowd-1', { node: 'b', readySince: ready }), pod('crowd-2', { node: 'b', readySince: ready })];
  t.same(names(podsToDelete(crowded.slice(0, 2), crowded, 1)), ['crowd-1']);
  t.same(names(podsToDelete([pod('long', { node: 'a', readySince: ready }), pod('recent', { node: 'b', readySince: '2026-01-01T00:05:00Z' })], [], 1)), ['recent']);
  t.same(names(podsToDelete([pod('stable', { node: 'a', readySince: ready }), pod('crashy', { node: 'b', readySince: ready, restarts: 4 })], [], 1)), ['crashy']);
  t.same(names(podsToDelete([pod('old', { node: 'a', readySince: ready }), pod('new', { node: 'b', readySince: ready, created: '2026-01-01T00:00:30Z' })], [], 1)), ['new']);
});

t.test('availability waits minReadySeconds after readiness', async (t) => {
  const p = pod('p', { readySince: '2026-01-01T00:00:00Z' });
  t.notOk(isPodAvailable(p, 10, Date.parse('2026-01-01T00:00:09Z')));
  t.ok(isPodAvailable(p, 10, Date.parse('2026-01-01T00:00:10Z')));
  t.notOk(isPodAvailable(pod('q'), 0, Date.now()));
});

t.test('status counts and the ReplicaFailure condition', async (t) => {
  const rs: ReplicaSet = { metadata: { name: 'rs', generation: 3 }, spec: { replicas: 3, minReadySeconds: 10, template: { metadata: { labels: { app: 'a', v: '1' } } } } };
  const labelled = (p: KubeObject, labels: Record<string, string>) => ({ ...p, metadata: { ...p.metadata, labels } });
  const pods = [labelled(pod('a', { readySince: '2026-01-01T00:00:00Z' }), { app: 'a', v: '1' }), labelled(pod('b', { readySince: '2026-01-01T00:00:55Z' }), { app: 'a' })];
  const status = replicaSetStatus(rs, pods, new Error('pods "rs-x" is forbidden: exceeded quota'), -1, Date.parse('2026-01-01T00:01:00Z'));
  t.match(status, { replicas: 2, fullyLabeledReplicas: 1, readyReplicas: 2, availableReplicas: 1, observedGeneration: 3 });
  t.match(status.conditions, [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "rs-x" is forbidden: exceeded quota' }]);
  t.same(replicaSetStatus({ ...rs, status }, pods, undefined, 0, Date.now()).conditions, undefined, 'the condition goes once creating works');
});
