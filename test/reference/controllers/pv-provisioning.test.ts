// Dynamic provisioning through a kdrill.dev/hostpath StorageClass, in both
// binding modes, and reclaim of provisioned volumes, with the binder and the
// provisioner against a real in-process control plane. The test plays the
// scheduler by setting volume.kubernetes.io/selected-node on the claim.
import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { startHostpathProvisioner } from '../../../src/reference/controllers/hostpath-provisioner.ts';
import { startPersistentVolumeBinder } from '../../../src/reference/controllers/persistent-volume-binder.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../../../src/reference/controllers/pv-matching.ts';
import { startServiceAndVolumeHarness, type ServiceAndVolumeHarness } from './fixtures/service-and-volume-harness.ts';

const ns = 'default';
const claims = `/api/v1/namespaces/${ns}/persistentvolumeclaims`;
const volumes = '/api/v1/persistentvolumes';

async function storageClass(h: ServiceAndVolumeHarness, name: string, mode: 'Immediate' | 'WaitForFirstConsumer', reclaimPolicy: 'Delete' | 'Retain'): Promise<void> {
  await h.client.create('/apis/storage.k8s.io/v1/storageclasses', {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'kdrill.dev/hostpath', volumeBindingMode: mode, reclaimPolicy,
  });
}

function claim(name: string, storageClassName: string): KubeObject {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } };
}

async function start(t: Parameters<typeof startServiceAndVolumeHarness>[0]): Promise<ServiceAndVolumeHarness> {
  const h = await startServiceAndVolumeHarness(t);
  await h.createNode('node-a');
  await h.createNode('node-b');
  await h.start(startPersistentVolumeBinder);
  await h.start(startHostpathProvisioner);
  return h;
}

t.test('Immediate: provisioned at once, bound, and deleted with the claim under Delete', async (t) => {
  const h = await start(t);
  await storageClass(h, 'local', 'Immediate', 'Delete');
  const created = await h.client.create<PersistentVolumeClaim>(claims, claim('data', 'local'));
  const bound = await h.waitFor<PersistentVolumeClaim>(claims, 'data', (c) => c.status?.phase === 'Bound');
  const name = `pvc-${created.metadata?.uid}`;
  t.equal(bound.spec?.volumeName, name);
  const pv = await h.waitFor<PersistentVolume>(volumes, name, (v) => v.status?.phase === 'Bound');
  t.match(pv.spec, {
    capacity: { storage: '2Gi' },
    storageClassName: 'local',
    persistentVolumeReclaimPolicy: 'Delete',
    hostPath: { path: `/var/lib/kdrill/volumes/${name}` },
    claimRef: { name: 'data', uid: created.metadata?.uid },
  });
  t.equal(pv.metadata?.annotations?.['pv.kubernetes.io/provisioned-by'], 'kdrill.dev/hostpath');
  t.match((pv.spec as Record<string, unknown>).nodeAffinity, { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', values: ['node-a'] }] }] } }, 'pinned to a node: a hostPath lives on one');
  t.equal((await h.waitForEvent(ns, 'data', 'ProvisioningSucceeded')).message, `Successfully provisioned volume ${name}`);

  await h.client.delete(`${claims}/data`);
  await h.waitForList(volumes, (items) => !items.some((v) => v.metadata?.name === name));
});

t.test('WaitForFirstConsumer: waits for the selected node, then provisions there', async (t) => {
  const h = await start(t);
  await storageClass(h, 'late', 'WaitForFirstConsumer', 'Retain');
  const created = await h.client.create<PersistentVolumeClaim>(claims, claim('late', 'late'));
  t.equal((await h.waitForEvent(ns, 'late', 'WaitForFirstConsumer')).message, 'waiting for first consumer to be created before binding');
  t.equal((await h.client.list(volumes)).items.length, 0, 'nothing provisioned before a node is chosen');

  await h.mergePatch(`${claims}/late`, { metadata: { annotations: { 'volume.kubernetes.io/selected-node': 'node-b' } } });
  await h.waitFor<PersistentVolumeClaim>(claims, 'late', (c) => c.status?.phase === 'Bound');
  const name = `pvc-${created.metadata?.uid}`;
  const pv = await h.waitFor<PersistentVolume>(volumes, name, (v) => v.status?.phase === 'Bound');
  t.same((pv.spec as Record<string, unknown>).nodeAffinity, {
    required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-b'] }] }] },
  });

  await h.client.delete(`${claims}/late`);
  const released = await h.waitFor<PersistentVolume>(volumes, name, (v) => v.status?.phase === 'Released');
  t.equal(released.spec?.persistentVolumeReclaimPolicy, 'Retain', 'a Retain volume outlives its claim, Released');
});
