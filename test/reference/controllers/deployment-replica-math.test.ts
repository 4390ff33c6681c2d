import t from 'tap';
import type { ReplicaSet } from '../../../src/reference/controllers/replicaset.ts';
import {
  maxSurge,
  maxUnavailable,
  newReplicaSetReplicas,
  resolveFenceposts,
  scaledValue,
  type Deployment,
} from '../../../src/reference/controllers/deployment-replica-math.ts';

const rolling = (replicas: number, surge: number | string, unavailable: number | string): Deployment => ({
  metadata: { name: 'd' },
  spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } },
});
const rs = (name: string, replicas: number): ReplicaSet => ({ metadata: { name }, spec: { replicas } });

t.test('percentages: surge rounds up, unavailable rounds down', async (t) => {
  t.equal(scaledValue('25%', 10, true), 3);
  t.equal(scaledValue('25%', 10, false), 2);
  t.equal(scaledValue(4, 10, false), 4);
  t.throws(() => scaledValue('4', 10, false));
  t.same(resolveFenceposts(rolling(10, '25%', '25%')), { surge: 3, unavailable: 2 });
  t.same(resolveFenceposts(rolling(3, '10%', '10%')), { surge: 1, unavailable: 0 });
});

t.test('both fenceposts at zero would stall, so one pod may be unavailable', async (t) => {
  t.same(resolveFenceposts(rolling(3, 0, '10%')), { surge: 0, unavailable: 1 });
});

t.test('maxUnavailable is capped at replicas and zero for Recreate or no replicas', async (t) => {
  t.equal(maxUnavailable(rolling(2, 1, 5)), 2);
  t.equal(maxUnavailable(rolling(0, 1, 1)), 0);
  t.equal(maxUnavailable({ spec: { replicas: 3, strategy: { type: 'Recreate' } } }), 0);
  t.equal(maxSurge({ spec: { replicas: 3, strategy: { type: 'Recreate' } } }), 0);
});

t.test('the new ReplicaSet grows only within replicas + maxSurge', async (t) => {
  const d = rolling(4, 2, 1);
  const fresh = rs('new', 0);
  t.equal(newReplicaSetReplicas(d, [rs('old', 4), fresh], fresh), 2, 'up to the surge');
  const half = rs('new', 2);
  t.equal(newReplicaSetReplicas(d, [rs('old', 3), half], half), 3, 'one more once the old shrank by one');
  t.equal(newReplicaSetReplicas(d, [rs('old', 4), half], half), 2, 'none while at the ceiling');
  const nearly = rs('new', 3);
  t.equal(newReplicaSetReplicas(d, [rs('old', 0), nearly], nearly), 4, 'never past replicas');
  t.equal(newReplicaSetReplicas({ spec: { replicas: 5, strategy: { type: 'Recreate' } } }, [fresh], fresh), 5, 'Recreate takes all at once');
});
