import t from 'tap';
import { claimsForOrdinal, podOrdinal, statefulPod, type StatefulSet } from '../../../src/reference/controllers/statefulset-identity.ts';

const set: StatefulSet = {
  metadata: { name: 'db', namespace: 'prod', uid: 'u1' },
  spec: {
    serviceName: 'db-headless',
    selector: { matchLabels: { app: 'db' } },
    template: {
      metadata: { labels: { app: 'db', tier: 'data' } },
      spec: { containers: [{ name: 'db' }], volumes: [{ name: 'data', emptyDir: {} }, { name: 'config', configMap: { name: 'c' } }] },
    },
    volumeClaimTemplates: [{ metadata: { name: 'data', labels: { kind: 'disk' } }, spec: { accessModes: ['ReadWriteOnce'] } }],
  },
};
const ref = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u1', controller: true, blockOwnerDeletion: true };

t.test('ordinals come only from <set>-<n> names', async (t) => {
  t.equal(podOrdinal('db', 'db-0'), 0);
  t.equal(podOrdinal('db', 'db-12'), 12);
  t.equal(podOrdinal('db', 'db-01'), undefined);
  t.equal(podOrdinal('db', 'db-x'), undefined);
  t.equal(podOrdinal('db', 'dbx-1'), undefined);
  t.equal(podOrdinal('db', 'db-'), undefined);
});

t.test('a stateful pod: name, identity labels, hostname, subdomain, claim volumes', async (t) => {
  const pod = statefulPod(set, 2, 'db-abc', ref);
  t.equal(pod.metadata?.name, 'db-2');
  t.same(pod.metadata?.labels, {
    app: 'db',
    tier: 'data',
    'statefulset.kubernetes.io/pod-name': 'db-2',
    'apps.kubernetes.io/pod-index': '2',
    'controller-revision-hash': 'db-abc',
  });
  t.same(pod.metadata?.ownerReferences, [ref]);
  t.match(pod.spec, { hostname: 'db-2', subdomain: 'db-headless' });
  t.same((pod.spec as { volumes: unknown[] }).volumes, [
    { name: 'config', configMap: { name: 'c' } },
    { name: 'data', persistentVolumeClaim: { claimName: 'data-db-2' } },
  ]);
  t.equal((set.spec?.template?.spec?.volumes as unknown[]).length, 2, 'the template is left as it was');
});

t.test('claims: <template>-<set>-<ordinal>, labelled with the selector, no owner', async (t) => {
  const [claim] = claimsForOrdinal(set, 1);
  t.same(claim, {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data-db-1', namespace: 'prod', labels: { kind: 'disk', app: 'db' } },
    spec: { accessModes: ['ReadWriteOnce'] },
  });
});
