// The scheduler's volume binding against a real control plane: a
// WaitForFirstConsumer claim is handed the chosen node, and the pod binds
// once the claim is bound. No volume controller runs here: the test plays
// its part (provision a volume on the selected node, bind the claim).
import t from 'tap';
import type { PersistentVolumeClaim } from '../../../src/reference/controllers/pv-matching.ts';
import type { Pod } from '../../../src/reference/scheduler/pod-types.ts';
import { makeNode } from './fixtures/objects.ts';
import { startSchedulerHarness } from './fixtures/scheduler-harness.ts';

const claimsPath = '/api/v1/namespaces/default/persistentvolumeclaims';
const podsPath = '/api/v1/namespaces/default/pods';

t.test('a WaitForFirstConsumer claim is provisioned on the node the pod is bound to', async (t) => {
  const h = await startSchedulerHarness(t);
  await h.createNode(makeNode('a', { cpu: '1' }));
  await h.createNode(makeNode('b', { cpu: '1' }));
  await h.client.create('/apis/storage.k8s.io/v1/storageclasses', {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local' }, provisioner: 'kdrill.dev/hostpath', volumeBindingMode: 'WaitForFirstConsumer',
  });
  await h.client.create(claimsPath, {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' },
    spec: { storageClassName: 'local', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });
  await h.client.create(podsPath, {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db' },
    spec: { containers: [{ name: 'db', image: 'registry.k8s.io/pause:3.10' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] },
  });

  const claim = await h.waitFor<PersistentVolumeClaim>(claimsPath, 'data', (c) => !!c.metadata?.annotations?.['volume.kubernetes.io/selected-node']);
  const selected = claim.metadata!.annotations!['volume.kubernetes.io/selected-node']!;
  t.match(selected, /^[ab]$/);
  t.equal((await h.client.get<Pod>(`${podsPath}/db`)).spec!.nodeName, undefined, 'the pod waits for its claim');

  await h.client.create('/api/v1/persistentvolumes', {
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-data' },
    spec: {
      capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'local', hostPath: { path: '/tmp/pv-data' },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: claim.metadata!.uid },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [selected] }] }] } },
    },
  });
  await h.client.patch(`${claimsPath}/data`, 'merge', { spec: { volumeName: 'pv-data' } });
  await h.client.patch(`${claimsPath}/data/status`, 'merge', { status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } });

  const pod = await h.waitFor<Pod>(podsPath, 'db', (p) => !!p.spec?.nodeName);
  t.equal(pod.spec!.nodeName, selected);
});
