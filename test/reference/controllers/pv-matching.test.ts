// Which volume a claim binds to: upstream's matching rules, on plain objects.
import t from 'tap';
import { findBestMatch, type PersistentVolume, type PersistentVolumeClaim } from '../../../src/reference/controllers/pv-matching.ts';

function pv(name: string, storage: string, extra: Partial<NonNullable<PersistentVolume['spec']>> = {}, labels?: Record<string, string>): PersistentVolume {
  return { metadata: { name, ...(labels ? { labels } : {}) }, spec: { capacity: { storage }, accessModes: ['ReadWriteOnce'], ...extra }, status: { phase: 'Available' } };
}

function pvc(storage: string, extra: Partial<NonNullable<PersistentVolumeClaim['spec']>> = {}): PersistentVolumeClaim {
  return { metadata: { name: 'c', namespace: 'ns', uid: 'u1' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...extra } };
}

const names = (v: PersistentVolume | undefined) => v?.metadata?.name;

t.test('the smallest volume whose capacity covers the request', async (t) => {
  const volumes = [pv('big', '10Gi'), pv('exact', '1Gi'), pv('tiny', '500Mi'), pv('mid', '2G')];
  t.equal(names(findBestMatch(volumes, pvc('1Gi'), false)), 'exact');
  t.equal(names(findBestMatch(volumes, pvc('1100Mi'), false)), 'mid', '2G (decimal) is smaller than 10Gi');
  t.equal(findBestMatch(volumes, pvc('20Gi'), false), undefined);
});

t.test('class, access modes, volume mode, phase and selector must agree', async (t) => {
  t.equal(findBestMatch([pv('fast', '1Gi', { storageClassName: 'fast' })], pvc('1Gi'), false), undefined, 'a classless claim takes only classless volumes');
  t.equal(names(findBestMatch([pv('fast', '1Gi', { storageClassName: 'fast' })], pvc('1Gi', { storageClassName: 'fast' }), false)), 'fast');
  t.equal(findBestMatch([pv('rwo', '1Gi')], pvc('1Gi', { accessModes: ['ReadWriteMany'] }), false), undefined);
  t.equal(names(findBestMatch([pv('both', '1Gi', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] })], pvc('1Gi', { accessModes: ['ReadOnlyMany'] }), false)), 'both');
  t.equal(findBestMatch([pv('block', '1Gi', { volumeMode: 'Block' })], pvc('1Gi'), false), undefined);
  t.equal(findBestMatch([{ ...pv('new', '1Gi'), status: { phase: 'Pending' } }], pvc('1Gi'), false), undefined, 'not before the binder made it Available');
  const selector = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold'] }] };
  t.equal(names(findBestMatch([pv('plain', '1Gi'), pv('gold', '5Gi', {}, { tier: 'gold' })], pvc('1Gi', { selector }), false)), 'gold');
});

t.test('a volume pre-bound to the claim wins; one bound elsewhere is skipped', async (t) => {
  const mine = pv('mine', '5Gi', { claimRef: { namespace: 'ns', name: 'c' } });
  const theirs = pv('theirs', '1Gi', { claimRef: { namespace: 'ns', name: 'other', uid: 'u2' } });
  t.equal(names(findBestMatch([pv('small', '1Gi'), mine, theirs], pvc('1Gi'), false)), 'mine');
  t.equal(findBestMatch([theirs], pvc('1Gi'), false), undefined);
});

t.test('with delayed binding, volumes pinned to nodes are left to the scheduler', async (t) => {
  const pinned = pv('pinned', '1Gi', { nodeAffinity: { required: { nodeSelectorTerms: [] } } });
  t.equal(findBestMatch([pinned], pvc('1Gi'), true), undefined);
  t.equal(names(findBestMatch([pinned], pvc('1Gi'), false)), 'pinned');
});
