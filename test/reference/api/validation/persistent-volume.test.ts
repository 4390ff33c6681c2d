import t from 'tap';
import { createCauses, persistentVolume, persistentVolumeClaim, updateCauses, type Loose } from './fixtures/objects.ts';

t.test('persistent volume create', async (t) => {
  const cases: [string, (pv: Loose) => void, unknown[]][] = [
    ['no capacity', (pv) => { delete pv.spec.capacity; }, [
      { reason: 'FieldValueRequired', field: 'spec.capacity', message: 'Required value' },
      { reason: 'FieldValueNotSupported', field: 'spec.capacity', message: 'Unsupported value: {}: supported values: "storage"' },
    ]],
    ['no access modes', (pv) => { pv.spec.accessModes = []; }, [{ reason: 'FieldValueRequired', field: 'spec.accessModes', message: 'Required value' }]],
    ['unknown access mode', (pv) => { pv.spec.accessModes = ['ReadWriteAll']; }, [
      { reason: 'FieldValueNotSupported', field: 'spec.accessModes', message: 'Unsupported value: "ReadWriteAll": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"' },
    ]],
    ['no source', (pv) => { delete pv.spec.hostPath; }, [{ reason: 'FieldValueRequired', field: 'spec', message: 'Required value: must specify a volume type' }]],
    ['two sources', (pv) => { pv.spec.nfs = { server: 'nfs', path: '/exports' }; }, [{ reason: 'FieldValueForbidden', field: 'spec.nfs', message: 'Forbidden: may not specify more than 1 volume type' }]],
    ['local without node affinity', (pv) => { delete pv.spec.hostPath; pv.spec.local = { path: '/mnt/disk' }; }, [
      { reason: 'FieldValueRequired', field: 'spec.nodeAffinity', message: 'Required value: Local volume requires node affinity' },
    ]],
    ['reclaim policy', (pv) => { pv.spec.persistentVolumeReclaimPolicy = 'Keep'; }, [
      { reason: 'FieldValueNotSupported', field: 'spec.persistentVolumeReclaimPolicy', message: 'Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"' },
    ]],
  ];
  for (const [name, mutate, expected] of cases) {
    const pv = persistentVolume();
    mutate(pv);
    t.same(createCauses(pv), expected, name);
  }
});

t.test('a persistent volume keeps its source', async (t) => {
  const next = persistentVolume();
  next.spec.hostPath.path = '/data/other';
  const causes = updateCauses(next, persistentVolume());
  t.equal(causes.length, 1);
  t.equal(causes[0]?.field, 'spec.persistentvolumesource');
  t.match(causes[0]?.message, /^Forbidden: spec\.persistentvolumesource is immutable after creation\n/);
  const claimed = persistentVolume();
  claimed.spec.claimRef = { namespace: 'default', name: 'data' };
  t.same(updateCauses(claimed, persistentVolume()), [], 'binding a claim');
});

t.test('persistent volume claims', async (t) => {
  const noStorage = persistentVolumeClaim();
  noStorage.spec.resources = {};
  t.same(createCauses(noStorage), [{ reason: 'FieldValueRequired', field: 'spec.resources[storage]', message: 'Required value' }]);
  const zero = persistentVolumeClaim();
  zero.spec.resources.requests.storage = '0';
  t.same(createCauses(zero), [{ reason: 'FieldValueInvalid', field: 'spec.resources[storage]', message: 'Invalid value: "0": must be greater than zero' }]);
  const noModes = persistentVolumeClaim();
  delete noModes.spec.accessModes;
  t.same(createCauses(noModes), [{ reason: 'FieldValueRequired', field: 'spec.accessModes', message: 'Required value: at least 1 access mode is required' }]);
  const mixed = persistentVolumeClaim();
  mixed.spec.accessModes = ['ReadWriteOncePod', 'ReadOnlyMany'];
  t.same(createCauses(mixed), [{ reason: 'FieldValueForbidden', field: 'spec.accessModes', message: 'Forbidden: may not use ReadWriteOncePod with other access modes' }]);
});

t.test('persistent volume claim updates', async (t) => {
  const bound = persistentVolumeClaim();
  bound.spec.volumeName = 'pv-1';
  bound.spec.storageClassName = 'local-path';
  t.same(updateCauses(bound, persistentVolumeClaim()), [], 'volume name and class set once');
  const changed = persistentVolumeClaim();
  changed.spec.accessModes = ['ReadWriteMany'];
  const causes = updateCauses(changed, persistentVolumeClaim());
  t.equal(causes[0]?.field, 'spec');
  t.match(causes[0]?.message, /^Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n/);
  const grown = persistentVolumeClaim();
  grown.spec.resources.requests.storage = '2Gi';
  grown.status = { phase: 'Bound' };
  const boundOld = persistentVolumeClaim();
  boundOld.status = { phase: 'Bound', capacity: { storage: '1Gi' } };
  t.same(updateCauses(grown, boundOld), [], 'a bound claim may grow');
  const shrunk = persistentVolumeClaim();
  shrunk.spec.resources.requests.storage = '512Mi';
  shrunk.status = { phase: 'Bound' };
  t.same(updateCauses(shrunk, boundOld), [
    { reason: 'FieldValueForbidden', field: 'spec.resources.requests.storage', message: 'Forbidden: field can not be less than status.capacity' },
  ]);
});
