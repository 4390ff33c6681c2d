import t from 'tap';
import type { ReplicaSet } from '../../../src/reference/controllers/replicaset.ts';
import type { Deployment } from '../../../src/reference/controllers/deployment-replica-math.ts';
import { newReplicaSetTarget, oldReplicaSetScaleDowns } from '../../../src/reference/controllers/deployment-rolling-update.ts';
import { isSaturated, isScalingEvent, scaleSteps } from '../../../src/reference/controllers/deployment-scaling.ts';

const d = (replicas: number, surge: number, unavailable: number, status?: Deployment['status']): Deployment => ({
  metadata: { name: 'd' },
  spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } },
  ...(status ? { status } : {}),
});
const rs = (name: string, created: string, replicas: number, available: number, annotations: Record<string, string> = {}): ReplicaSet => ({
  metadata: { name, creationTimestamp: created, annotations },
  spec: { replicas },
  status: { replicas, availableReplicas: available },
});
const sizes = (steps: { rs: ReplicaSet; replicas: number }[]) => steps.map((s) => [s.rs.metadata?.name, s.replicas]);

t.test('the new ReplicaSet shrinks to replicas, or grows within the surge', async (t) => {
  const oldRS = rs('old', '2026-01-01T00:00:00Z', 4, 4);
  t.equal(newReplicaSetTarget(d(4, 1, 1), [oldRS, rs('new', '2026-01-02T00:00:00Z', 0, 0)], rs('new', '2026-01-02T00:00:00Z', 0, 0)), 1);
  const big = rs('new', '2026-01-02T00:00:00Z', 6, 6);
  t.equal(newReplicaSetTarget(d(4, 1, 1), [big], big), 4);
  const done = rs('new', '2026-01-02T00:00:00Z', 4, 4);
  t.equal(newReplicaSetTarget(d(4, 1, 1), [done], done), undefined);
});

t.test('old ReplicaSets shrink only as far as availability allows', async (t) => {
  const newRS = rs('new', '2026-01-03T00:00:00Z', 1, 0);
  t.same(sizes(oldReplicaSetScaleDowns(d(4, 1, 1), [rs('old', '2026-01-01T00:00:00Z', 4, 4)], newRS)), [['old', 3]], 'one below replicas while the new pod is not available');
  const readyNew = rs('new', '2026-01-03T00:00:00Z', 2, 2);
  t.same(sizes(oldReplicaSetScaleDowns(d(4, 1, 1), [rs('old', '2026-01-01T00:00:00Z', 3, 3)], readyNew)), [['old', 1]]);
  t.same(oldReplicaSetScaleDowns(d(4, 0, 1), [rs('old', '2026-01-01T00:00:00Z', 3, 3)], rs('new', '2026-01-03T00:00:00Z', 1, 0)), [], 'nothing while at the floor');
});

t.test('unavailable old replicas go first, oldest ReplicaSet first', async (t) => {
  const oldest = rs('oldest', '2026-01-01T00:00:00Z', 2, 0);
  const older = rs('older', '2026-01-02T00:00:00Z', 3, 3);
  const newRS = rs('new', '2026-01-03T00:00:00Z', 1, 1);
  t.same(sizes(oldReplicaSetScaleDowns(d(5, 1, 1), [older, oldest], newRS)), [['oldest', 0]], 'the broken pods cost no availability; the healthy ones stay at the floor');
});

t.test('scaling events: one active ReplicaSet takes the count, else in proportion', async (t) => {
  const only = rs('only', '2026-01-01T00:00:00Z', 3, 3, { 'deployment.kubernetes.io/desired-replicas': '3' });
  t.ok(isScalingEvent(d(5, 1, 1), [only]));
  t.notOk(isScalingEvent(d(3, 1, 1), [only]));
  t.same(sizes(scaleSteps(d(5, 1, 1), only, [])), [['only', 5]]);
  // 10 -> 15 replicas mid-rollout with maxSurge 3: 5 more to place among 8 old and 5 new (upstream's example).
  const max = { 'deployment.kubernetes.io/max-replicas': '13', 'deployment.kubernetes.io/desired-replicas': '10' };
  const oldRS = rs('old', '2026-01-01T00:00:00Z', 8, 8, max);
  const newRS = rs('new', '2026-01-02T00:00:00Z', 5, 0, max);
  t.same(sizes(scaleSteps(d(15, 3, 2, { replicas: 13 }), newRS, [oldRS])), [['old', 11], ['new', 7]]);
  t.same(sizes(scaleSteps(d(5, 3, 2, { replicas: 13 }), newRS, [oldRS])), [['old', 5], ['new', 3]], 'shrinking too');
});

t.test('a saturated new ReplicaSet empties the old ones', async (t) => {
  const newRS = rs('new', '2026-01-02T00:00:00Z', 3, 3, { 'deployment.kubernetes.io/desired-replicas': '3' });
  t.ok(isSaturated(d(3, 1, 1), newRS));
  t.same(sizes(scaleSteps(d(3, 1, 1), newRS, [rs('old', '2026-01-01T00:00:00Z', 1, 1)])), [['old', 0]]);
});
