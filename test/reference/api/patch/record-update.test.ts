import t from 'tap';
import { recordUpdate } from '../../../../src/reference/api/patch/record-update.ts';
import type { KubeObject, ManagedFieldsEntry } from '../../../../src/reference/api/object.ts';
import { typeInfo } from './fixtures/type-info.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));

function pod(image = 'nginx:1', extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80, protocol: 'TCP' }] }], restartPolicy: 'Always', ...extra },
  };
}

const record = (before: KubeObject | undefined, after: KubeObject, manager: string, minute = 0, subresource?: string) =>
  recordUpdate({ before, after, manager, operation: 'Update', apiVersion: 'v1', typeInfo, now: at(minute), ...(subresource ? { subresource } : {}) });

/** As stored: with a uid, so that later writes are updates. */
const stored = (obj: KubeObject): KubeObject => ({ ...obj, metadata: { ...obj.metadata, uid: 'u-1' } });
const withSpec = (obj: KubeObject, spec: Record<string, unknown>): KubeObject => ({ ...obj, spec: { ...(obj.spec as object), ...spec } });
const fields = (entries: ManagedFieldsEntry[], manager: string) => JSON.stringify(entries.find((e) => e.manager === manager)?.fieldsV1);

t.test('a create records an Update entry owning every field written', async (t) => {
  const { object, managedFields } = record(undefined, pod(), 'kubectl-create');
  // Maps and list items new to the object are owned themselves (`.`). kube-apiserver compares
  // against a Go zero object, where spec and containers already exist; here they do not.
  t.same(managedFields, [{
    manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        '.': {},
        'f:containers': {
          '.': {},
          'k:{"name":"web"}': {
            '.': {}, 'f:image': {}, 'f:name': {},
            'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
          },
        },
        'f:restartPolicy': {},
      },
    },
  }]);
  t.same(object.metadata?.managedFields, managedFields);
});

t.test('fields another manager owned and this write changed move to this manager', async (t) => {
  const live = stored(record(undefined, pod(), 'kubectl-create').object);
  const { managedFields } = record(live, withSpec(pod('nginx:2'), {}), 'kubectl-set', 1);
  t.same(managedFields.map((e) => e.manager), ['kubectl-create', 'kubectl-set']);
  t.equal(fields(managedFields, 'kubectl-set'), JSON.stringify({ 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } }));
  t.notMatch(fields(managedFields, 'kubectl-create'), /f:image/);
});

t.test('removed fields are owned by no one', async (t) => {
  const live = stored(record(undefined, pod(), 'kubectl-create').object);
  const { restartPolicy: _r, ...spec } = live.spec as Record<string, unknown>;
  const { managedFields } = record(live, { ...live, spec }, 'kubectl-edit', 1);
  t.notMatch(fields(managedFields, 'kubectl-create'), /restartPolicy/);
  t.same(managedFields.map((e) => e.manager), ['kubectl-create'], 'a write that only removes records no entry');
});

t.test('a write that changes nothing keeps the entries as they are', async (t) => {
  const live = stored(record(undefined, pod(), 'kubectl-create').object);
  const { managedFields } = record(live, structuredClone(live), 'other', 5);
  t.same(managedFields, live.metadata?.managedFields);
});

t.test('the same manager through another version or a subresource gets its own entry', async (t) => {
  const live = stored(record(undefined, pod(), 'm').object);
  const viaStatus = record(live, { ...live, status: { phase: 'Running' } }, 'm', 1, 'status');
  t.same(viaStatus.managedFields.map((e) => [e.manager, e.subresource]), [['m', undefined], ['m', 'status']]);
  t.equal(fields(viaStatus.managedFields.filter((e) => e.subresource), 'm'), JSON.stringify({ 'f:status': { '.': {}, 'f:phase': {} } }));
  const later = recordUpdate({ before: stored(viaStatus.object), after: withSpec(stored(viaStatus.object), { nodeName: 'n1' }), manager: 'm', operation: 'Update', apiVersion: 'v2', typeInfo, now: at(2) });
  t.same(later.managedFields.map((e) => `${e.manager}/${e.apiVersion}/${e.subresource ?? ''}`), ['m/v1/', 'm/v1/status', 'm/v2/']);
});

t.test('managedFields sent by the client', async (t) => {
  const live = stored(record(undefined, pod(), 'kubectl-create').object);
  const reset = record(live, { ...live, metadata: { ...live.metadata, managedFields: [] } }, 'm', 1);
  t.same(reset.managedFields, [], '[] resets them and the update is not tracked');
  t.equal(reset.object.metadata?.managedFields, undefined);

  const sent: ManagedFieldsEntry[] = [{ manager: 'mine', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:restartPolicy': {} } } }];
  const custom = record(live, { ...live, metadata: { ...live.metadata, managedFields: sent } }, 'm', 1);
  t.same(custom.managedFields, sent, 'readable ones replace the stored ones');

  const ignored = record(live, { ...withSpec(live, { nodeName: 'n' }), metadata: { ...live.metadata, managedFields: sent } }, 'm', 1, 'status');
  t.same(ignored.managedFields.map((e) => e.manager), ['kubectl-create', 'm'], 'a subresource write keeps the stored ones');
});

t.test('objects stored without managedFields are not tracked until an apply', async (t) => {
  const live = stored(pod());
  t.same(record(live, withSpec(live, { nodeName: 'n' }), 'm', 1).managedFields, []);
});

t.test('an object the field manager cannot read is stored without managedFields', async (t) => {
  const bad = pod();
  (bad.spec as { containers: unknown[] }).containers.push({ image: 'nameless' });
  const { object, managedFields } = record(undefined, bad, 'm');
  t.same(managedFields, []);
  t.equal(object.metadata?.managedFields, undefined);
});

t.test('past ten Update managers the oldest fold into ancient-changes', async (t) => {
  let live = stored(record(undefined, pod(), 'm0').object);
  for (let i = 1; i <= 10; i++) {
    live = stored(record(live, { ...live, metadata: { ...live.metadata, labels: { ...live.metadata?.labels, [`l${i}`]: 'x' } } }, `m${i}`, i).object);
  }
  const managers = live.metadata?.managedFields?.map((e) => e.manager);
  t.equal(managers?.length, 10);
  t.equal(managers?.[0], 'ancient-changes');
  t.notOk(managers?.includes('m0'));
  t.notOk(managers?.includes('m1'));
  t.equal(live.metadata?.managedFields?.[0]?.time, '2026-01-01T00:01:00Z', 'the bucket takes the newer time');
});
