import t from 'tap';
import type { ReplicaSet } from '../../../src/reference/controllers/replicaset.ts';
import type { Deployment } from '../../../src/reference/controllers/deployment-replica-math.ts';
import { replicaSetsToCleanUp, setNewReplicaSetAnnotations } from '../../../src/reference/controllers/deployment-revisions.ts';

const d: Deployment = {
  metadata: { name: 'web', annotations: { team: 'drill', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '7' } },
  spec: { revisionHistoryLimit: 1 },
};

t.test('a new ReplicaSet gets the revision, the replica annotations and the Deployment annotations', async (t) => {
  const rs: ReplicaSet = { metadata: { name: 'web-a' } };
  t.ok(setNewReplicaSetAnnotations(d, rs, 3, false, 4, 5));
  t.same(rs.metadata?.annotations, {
    team: 'drill',
    'deployment.kubernetes.io/revision': '3',
    'deployment.kubernetes.io/desired-replicas': '4',
    'deployment.kubernetes.io/max-replicas': '5',
  });
  t.notOk(setNewReplicaSetAnnotations(d, rs, 3, true, 4, 5), 'nothing changes a second time');
});

t.test('rolling back to a ReplicaSet raises its revision and remembers the old ones', async (t) => {
  const rs: ReplicaSet = { metadata: { name: 'web-a', annotations: { 'deployment.kubernetes.io/revision': '1' } } };
  setNewReplicaSetAnnotations(d, rs, 3, true, 4, 5);
  setNewReplicaSetAnnotations(d, rs, 5, true, 4, 5);
  t.match(rs.metadata?.annotations, { 'deployment.kubernetes.io/revision': '5', 'deployment.kubernetes.io/revision-history': '1,3' });
  t.notOk(setNewReplicaSetAnnotations(d, rs, 4, true, 4, 5), 'a lower revision is not taken');
});

t.test('history beyond revisionHistoryLimit goes oldest first, only when scaled to zero', async (t) => {
  const old = (name: string, revision: number, replicas: number): ReplicaSet => ({
    metadata: { name, generation: 1, annotations: { 'deployment.kubernetes.io/revision': String(revision) } },
    spec: { replicas },
    status: { replicas, observedGeneration: 1 },
  });
  t.same(replicaSetsToCleanUp(d, [old('c', 3, 0), old('a', 1, 0), old('b', 2, 0)]).map((rs) => rs.metadata?.name), ['a', 'b']);
  t.same(replicaSetsToCleanUp(d, [old('a', 1, 1), old('b', 2, 0)]).map((rs) => rs.metadata?.name), [], 'a ReplicaSet with pods stays');
  t.same(replicaSetsToCleanUp({ spec: {} }, [old('a', 1, 0), old('b', 2, 0)]), [], 'no limit, no cleanup');
});
