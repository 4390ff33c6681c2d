// Static binding, release and reclaim by the PersistentVolume binder against a
// real in-process control plane.
import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { startPersistentVolumeBinder } from '../../../src/reference/controllers/persistent-volume-binder.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../../../src/reference/controllers/pv-matching.ts';
import { startServiceAndVolumeHarness } from './fixtures/service-and-volume-harness.ts';

const ns = 'default';
const claims = `/api/v1/namespaces/${ns}/persistentvolumeclaims`;
const volumes = '/api/v1/persistentvolumes';

function volume(name: string, storage: string, extra: { labels?: Record<string, string>; storageClassName?: string; reclaim?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: {
      capacity: { storage },
      accessModes: ['ReadWriteOnce'],
      hostPath: { path: `/data/${name}` },
      persistentVolumeReclaimPolicy: extra.reclaim ?? 'Retain',
      ...(extra.storageClassName ? { storageClassName: extra.storageClassName } : {}),
    },
  };
}

function claim(name: string, storage: string, selector?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...(selector ? { selector: { matchLabels: selector } } : {}) },
  };
}

t.test('claims bind to the smallest fitting volume, by selector; the rest wait with FailedBinding', async (t) => {
  const h = await startServiceAndVolumeHarness(t);
  await h.start(startPersistentVolumeBinder);
  for (const v of [volume('pv-small', '1Gi'), volume('pv-big', '5Gi'), volume('pv-fast', '2Gi', { storageClassName: 'fast' }), volume('pv-gold', '3Gi', { labels: { tier: 'gold' } })]) {
    await h.client.create(volumes, v);
  }
  await h.waitForList<PersistentVolume>(volumes, (items) => items.length === 4 && items.every((v) => v.status?.phase === 'Available'));

  await h.client.create(claims, claim('data', '500Mi'));
  await h.client.create(claims, claim('gold', '1Gi', { tier: 'gold' }));
  await h.client.create(claims, claim('huge', '10Gi'));
  const data = await h.waitFor<PersistentVolumeClaim>(claims, 'data', (c) => c.status?.phase === 'Bound');
  t.equal(data.spec?.volumeName, 'pv-small', 'the smallest volume that fits');
  t.equal(data.metadata?.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
  t.equal(data.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
  t.same(data.status?.capacity, { storage: '1Gi' });
  t.same(data.status?.accessModes, ['ReadWriteOnce']);
  const small = await h.waitFor<PersistentVolume>(volumes, 'pv-small', (v) => v.status?.phase === 'Bound');
  t.match(small.spec?.claimRef, { kind: 'PersistentVolumeClaim', namespace: ns, name: 'data', uid: data.metadata?.uid });
  t.equal(small.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');

  const gold = await h.waitFor<PersistentVolumeClaim>(claims, 'gold', (c) => c.status?.phase === 'Bound');
  t.equal(gold.spec?.volumeName, 'pv-gold', 'the selector picks the labelled volume over a smaller one');

  const failed = await h.waitForEvent(ns, 'huge', 'FailedBinding');
  t.match(failed, { type: 'Normal', message: 'no persistent volumes available for this claim and no storage class is set' });
  t.equal((await h.client.get<PersistentVolumeClaim>(`${claims}/huge`)).status?.phase, 'Pending');
  t.equal((await h.client.get<PersistentVolume>(`${volumes}/pv-fast`)).status?.phase, 'Available', 'a volume of another class is left alone');
});

t.test('a pre-bound claim gets its volume; deleted claims release volumes: Retain stays Released, Delete without a deleter fails', async (t) => {
  const h = await startServiceAndVolumeHarness(t);
  await h.start(startPersistentVolumeBinder);
  await h.client.create(volumes, volume('pv-keep', '1Gi'));
  await h.client.create(volumes, volume('pv-drop', '1Gi', { reclaim: 'Delete' }));
  await h.waitForList<PersistentVolume>(volumes, (items) => items.length === 2 && items.every((v) => v.status?.phase === 'Available'));
  await h.client.create(claims, { ...claim('keep', '1Gi'), spec: { ...(claim('keep', '1Gi').spec as object), volumeName: 'pv-keep' } });
  await h.client.create(claims, claim('drop', '1Gi'));
  const keep = await h.waitFor<PersistentVolumeClaim>(claims, 'keep', (c) => c.status?.phase === 'Bound');
  t.equal(keep.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], undefined, 'the user chose this volume');
  const drop = await h.waitFor<PersistentVolumeClaim>(claims, 'drop', (c) => c.status?.phase === 'Bound');
  t.equal(drop.spec?.volumeName, 'pv-drop');

  await h.client.delete(`${claims}/keep`);
  await h.client.delete(`${claims}/drop`);
  await h.waitFor<PersistentVolume>(volumes, 'pv-keep', (v) => v.status?.phase === 'Released');
  const failed = await h.waitFor<PersistentVolume>(volumes, 'pv-drop', (v) => v.status?.phase === 'Failed');
  t.equal(failed.status?.message, 'error getting deleter volume plugin for volume "pv-drop": no deletable volume plugin matched');
  t.match(await h.waitForEvent(ns, 'pv-drop', 'VolumeFailedDelete'), { type: 'Warning' });
  t.equal((await h.client.get<PersistentVolume>(`${volumes}/pv-keep`)).status?.phase, 'Released', 'Retain keeps the volume Released');
});
