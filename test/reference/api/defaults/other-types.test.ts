import t from 'tap';
import {
  configMap, coreEvent, defaulted, endpointSlice, endpoints, eventsEvent, lease, meta, namespace, node, persistentVolume,
  persistentVolumeClaim, priorityClass, secret, storageClass,
} from '../validation/fixtures/objects.ts';

t.test('namespaces', async (t) => {
  t.same(defaulted(namespace()), {
    apiVersion: 'v1', kind: 'Namespace', metadata: { ...meta('team-a'), labels: { 'kubernetes.io/metadata.name': 'team-a' } },
    spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
  });
  const terminating = namespace();
  terminating.metadata.deletionTimestamp = '2025-01-01T00:00:00Z';
  terminating.spec = { finalizers: [] };
  terminating.status = { phase: 'Terminating' };
  t.same(defaulted(terminating).spec.finalizers, [], 'the finalizer is not put back while deleting');
});

t.test('volumes and claims', async (t) => {
  t.same(defaulted(persistentVolume()).spec.persistentVolumeReclaimPolicy, 'Retain');
  t.same(defaulted(persistentVolume()).spec.volumeMode, 'Filesystem');
  t.same(defaulted(persistentVolume()).status, { phase: 'Pending' });
  t.same(defaulted(persistentVolumeClaim()).spec.volumeMode, 'Filesystem');
  t.same(defaulted(persistentVolumeClaim()).status, { phase: 'Pending' });
  const block = persistentVolumeClaim();
  block.spec.volumeMode = 'Block';
  t.equal(defaulted(block).spec.volumeMode, 'Block');
  t.match(defaulted(storageClass()), { reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
});

t.test('secrets: Opaque, and stringData folded into data', async (t) => {
  const s = secret();
  s.stringData = { username: 'admin', password: 'changed' };
  const stored = defaulted(s);
  t.equal(stored.type, 'Opaque');
  t.same(stored.data, { password: Buffer.from('changed').toString('base64'), username: Buffer.from('admin').toString('base64') });
  t.notOk('stringData' in stored);
  const tls = secret();
  tls.type = 'kubernetes.io/tls';
  t.equal(defaulted(tls).type, 'kubernetes.io/tls');
});

t.test('priority classes, endpoints, nodes', async (t) => {
  t.equal(defaulted(priorityClass()).preemptionPolicy, 'PreemptLowerPriority');
  t.same(defaulted(endpointSlice()).ports, [{ port: 80, name: '', protocol: 'TCP' }]);
  t.same(defaulted(endpoints()).subsets[0].ports, [{ port: 80, protocol: 'TCP' }]);
  t.same(defaulted(node()).status.allocatable, { cpu: '4', memory: '8Gi', pods: '110' });
  const reported = node();
  reported.status.allocatable = { cpu: '3800m' };
  t.same(defaulted(reported).status.allocatable, { cpu: '3800m' });
});

t.test('events show the fields Go always writes', async (t) => {
  t.match(defaulted(coreEvent()), { eventTime: null, firstTimestamp: null, lastTimestamp: null, reportingComponent: '', reportingInstance: '', source: {} });
  t.match(defaulted(eventsEvent()), { deprecatedSource: {}, deprecatedFirstTimestamp: null, deprecatedLastTimestamp: null, eventTime: '2025-01-01T00:00:00.000000Z' });
});

t.test('types without defaults are left alone', async (t) => {
  t.same(defaulted(configMap()), configMap());
  t.same(defaulted(lease()), lease());
});
