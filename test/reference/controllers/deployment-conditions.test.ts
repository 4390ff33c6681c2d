import t from 'tap';
import type { ReplicaSet } from '../../../src/reference/controllers/replicaset.ts';
import type { Deployment } from '../../../src/reference/controllers/deployment-replica-math.ts';
import { calculateStatus, conditionOf, newCondition, rolloutStatus, sameStatus, setCondition } from '../../../src/reference/controllers/deployment-conditions.ts';

const at = Date.parse('2026-01-01T00:10:00Z');
const d = (status?: Deployment['status']): Deployment => ({
  metadata: { name: 'web', generation: 2 },
  spec: { replicas: 4, progressDeadlineSeconds: 60, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } },
  ...(status ? { status } : {}),
});
const rs = (name: string, replicas: number, ready: number, available: number): ReplicaSet => ({
  metadata: { name },
  spec: { replicas },
  status: { replicas, readyReplicas: ready, availableReplicas: available },
});

t.test('counts come from the ReplicaSets; Available needs replicas - maxUnavailable', async (t) => {
  const status = calculateStatus(d(), [rs('old', 2, 2, 2), rs('new', 2, 2, 1)], rs('new', 2, 2, 1), at);
  t.match(status, { observedGeneration: 2, replicas: 4, updatedReplicas: 2, readyReplicas: 4, availableReplicas: 3, unavailableReplicas: 1 });
  t.match(conditionOf(status, 'Available'), { status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
  const short = calculateStatus(d(), [rs('new', 4, 2, 2)], rs('new', 4, 2, 2), at);
  t.match(conditionOf(short, 'Available'), { status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
});

t.test('Progressing: updated, then complete, or timed out', async (t) => {
  const created = newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'Created new replica set "web-1"', at - 5000);
  const moving = rolloutStatus(d({ conditions: [created] }), [rs('old', 3, 3, 3), rs('web-1', 2, 1, 1)], rs('web-1', 2, 1, 1), at);
  t.match(conditionOf(moving, 'Progressing'), { status: 'True', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-1" is progressing.', lastTransitionTime: created.lastTransitionTime, lastUpdateTime: '2026-01-01T00:10:00Z' });
  const done = rolloutStatus(d({ conditions: [created] }), [rs('old', 0, 0, 0), rs('web-1', 4, 4, 4)], rs('web-1', 4, 4, 4), at);
  t.match(conditionOf(done, 'Progressing'), { status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-1" has successfully progressed.' });
  const stale = newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'ReplicaSet "web-1" is progressing.', at - 61_000);
  const counts = { replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 };
  const stuck = rolloutStatus(d({ ...counts, conditions: [stale] }), [rs('old', 3, 3, 3), rs('web-1', 1, 0, 0)], rs('web-1', 1, 0, 0), at);
  t.match(conditionOf(stuck, 'Progressing'), { status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-1" has timed out progressing.' });
});

t.test('a ReplicaSet failure shows on the Deployment', async (t) => {
  const failing = rs('web-1', 2, 0, 0);
  failing.status!.conditions = [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota' }];
  t.match(conditionOf(rolloutStatus(d(), [failing], failing, at), 'ReplicaFailure'), { status: 'True', reason: 'FailedCreate', message: 'quota' });
});

t.test('setting a condition keeps its transition time while its status stays', async (t) => {
  const status = { conditions: [newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'm', at - 1000)] };
  setCondition(status, newCondition('Available', 'False', 'Other', 'm', at));
  t.equal(conditionOf(status, 'Available')?.lastTransitionTime, '2026-01-01T00:09:59Z');
  t.ok(sameStatus({ conditions: [newCondition('A', 'True', 'r', 'm', at - 1000)] }, { conditions: [newCondition('A', 'True', 'r', 'm', at)] }), 'timestamps alone are no change');
});
