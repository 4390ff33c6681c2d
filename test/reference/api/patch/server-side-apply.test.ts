import t from 'tap';
import { applyConfiguration } from '../../../../src/reference/api/patch/server-side-apply.ts';
import { ApplyConflictError } from '../../../../src/reference/api/patch/apply-conflict-error.ts';
import { recordUpdate } from '../../../../src/reference/api/patch/record-update.ts';
import type { KubeObject } from '../../../../src/reference/api/object.ts';
import { typeInfo } from './fixtures/type-info.ts';

const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-01-01T00:01:00Z');
const t2 = new Date('2026-01-01T00:02:00Z');

interface DeploymentOptions { replicas?: number; image?: string; labels?: Record<string, string>; ports?: unknown[] }

function deployment({ replicas = 3, image = 'nginx:1', labels = { app: 'web' }, ports = [{ containerPort: 80 }] }: DeploymentOptions = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image, ports }] } },
    },
  };
}

const apply = (live: KubeObject | undefined, applied: KubeObject, manager: string, now = t0, force = false) =>
  applyConfiguration({ live, applied, manager, force, apiVersion: 'apps/v1', typeInfo, now });

/** The stored object the way the API server keeps it between requests. */
const stored = (obj: KubeObject): KubeObject => ({ ...obj, metadata: { ...obj.metadata, uid: 'u-1', resourceVersion: '1' } });

const firstApplyFields = JSON.stringify({
  'f:metadata': { 'f:labels': { 'f:app': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"web"}': {
            '.': {},
            'f:image': {},
            'f:name': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          },
        },
      },
    },
  },
});

t.test('a first apply creates the object and owns exactly the applied fields', async (t) => {
  const { object, managedFields } = apply(undefined, deployment(), 'applier');
  t.same(managedFields, [{ manager: 'applier', operation: 'Apply', apiVersion: 'apps/v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: JSON.parse(firstApplyFields) }]);
  t.equal(JSON.stringify(managedFields[0]?.fieldsV1), firstApplyFields, 'FieldsV1 keys in Kubernetes order');
  t.same({ ...object, metadata: { ...object.metadata, managedFields: undefined } }, { ...deployment(), metadata: { ...deployment().metadata, managedFields: undefined } });
});

t.test('applying again without a field removes it, unless another manager owns it', async (t) => {
  const live = stored(apply(undefined, deployment({ labels: { app: 'web', tier: 'fe', env: 'prod' } }), 'applier').object);
  const shared = stored(apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { env: 'prod' } } }, 'other', t1).object);

  const applied = deployment();
  delete (applied.spec as Record<string, unknown>).replicas;
  const { object, managedFields } = apply(shared, applied, 'applier', t2);
  t.equal((object.spec as Record<string, unknown>).replicas, undefined, 'replicas removed');
  t.same(object.metadata?.labels, { app: 'web', env: 'prod' }, 'tier removed, env kept for its other owner');
  const own = managedFields.find((e) => e.manager === 'applier');
  t.notMatch(JSON.stringify(own?.fieldsV1), /f:replicas|f:tier/);
  t.equal(own?.time, '2026-01-01T00:02:00Z');
});

t.test("a different manager's conflicting apply fails, and succeeds with force taking ownership", async (t) => {
  const live = stored(apply(undefined, deployment(), 'applier').object);
  const scaled = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 5 } };

  t.throws(() => apply(live, scaled, 'scaler', t1), new ApplyConflictError([{ manager: '"applier"', field: '.spec.replicas' }]));
  try {
    apply(live, scaled, 'scaler', t1);
  } catch (e) {
    t.match(e, {
      status: 409,
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "applier": .spec.replicas',
      causes: [{ type: 'FieldManagerConflict', message: 'conflict with "applier"', field: '.spec.replicas' }],
    });
  }

  const { object, managedFields } = apply(live, scaled, 'scaler', t1, true);
  t.equal((object.spec as Record<string, unknown>).replicas, 5);
  t.same(managedFields.map((e) => [e.manager, JSON.stringify(e.fieldsV1).includes('f:replicas')]), [['applier', false], ['scaler', true]]);
  t.same(managedFields.find((e) => e.manager === 'scaler')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
});

t.test('applying the value another manager owns shares the field without conflict', async (t) => {
  const live = stored(apply(undefined, deployment(), 'applier').object);
  const { managedFields } = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } }, 'other', t1);
  // The object did not change, so the new entry gets no time, and sorts first.
  t.same(managedFields.map((e) => [e.manager, e.time]), [['other', undefined], ['applier', '2026-01-01T00:00:00Z']]);
  t.same(managedFields[0]?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  t.match(JSON.stringify(managedFields[1]?.fieldsV1), /f:replicas/);
});

t.test('an Update by another manager, then an Apply conflict names it with its version', async (t) => {
  const created = recordUpdate({ before: undefined, after: deployment(), manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', typeInfo, now: t0 });
  const live = stored(created.object);

  t.throws(() => apply(live, deployment({ replicas: 4 }), 'applier', t1), {
    message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    causes: [{ type: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }],
  });
  t.throws(() => apply(live, deployment({ replicas: 4, image: 'nginx:2' }), 'applier', t1), {
    message: 'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n'
      + '- .spec.replicas\n'
      + '- .spec.template.spec.containers[name="web"].image',
  });

  const { managedFields } = apply(live, deployment({ replicas: 4, image: 'nginx:2' }), 'applier', t1, true);
  t.same(managedFields.map((e) => `${e.manager}/${e.operation}`), ['applier/Apply', 'kubectl-client-side-apply/Update']);
  const updater = JSON.stringify(managedFields[1]?.fieldsV1);
  t.notMatch(updater, /f:replicas|f:image/, 'forced fields left the updater');
  t.match(updater, /f:selector/, 'the rest stays with the updater');
});

t.test('conflicts with several managers are grouped per manager', async (t) => {
  let live = stored(apply(undefined, deployment(), 'a').object);
  live = stored(apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } } }, 'b', t1).object);
  t.throws(() => apply(live, deployment({ replicas: 1, labels: { app: 'api' } }), 'c', t2), {
    message: 'Apply failed with 3 conflicts: conflicts with "a":\n- .metadata.labels.app\n- .spec.replicas\nconflicts with "b":\n- .metadata.labels.app',
  });
});

t.test('sets are owned by value and merged across managers', async (t) => {
  const withFinalizers = (finalizers?: string[]): KubeObject =>
    ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', ...(finalizers ? { finalizers } : {}) } });
  let live = stored(apply(undefined, withFinalizers(['example.com/a']), 'm1').object);
  const second = apply(live, withFinalizers(['example.com/b']), 'm2', t1);
  t.same(second.object.metadata?.finalizers, ['example.com/a', 'example.com/b']);
  t.same(second.managedFields[1]?.fieldsV1, { 'f:metadata': { 'f:finalizers': { 'v:"example.com/b"': {} } } });
  live = stored(second.object);
  const third = apply(live, withFinalizers(), 'm1', t2);
  t.same(third.object.metadata?.finalizers, ['example.com/b']);
  t.same(third.managedFields.map((e) => e.manager), ['m2']);
});

t.test('list items merge in the applied order around the live-only items', async (t) => {
  const pod = (containers: unknown[]): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers } });
  const applyPod = (live: KubeObject | undefined, applied: KubeObject, manager: string) =>
    applyConfiguration({ live, applied, manager, force: false, apiVersion: 'v1', typeInfo, now: t0 });
  let live = stored(applyPod(undefined, pod([{ name: 'a' }, { name: 'b' }, { name: 'c' }]), 'm1').object);
  live = stored(applyPod(live, pod([{ name: 'x', image: 'x' }]), 'm2').object);
  t.same((live.spec as { containers: { name: string }[] }).containers.map((c) => c.name), ['a', 'b', 'c', 'x']);
  const reordered = applyPod(live, pod([{ name: 'c' }, { name: 'a' }]), 'm1').object;
  // As structured-merge-diff merges: x, live-only, stays before the applied items that follow it.
  t.same((reordered.spec as { containers: { name: string }[] }).containers.map((c) => c.name), ['c', 'x', 'a'], 'b pruned, x stays');
});

t.test('kinds TypeInfo does not know: maps are granular, lists atomic', async (t) => {
  const widget = (spec: unknown): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });
  const { managedFields } = applyConfiguration({
    live: undefined, applied: widget({ size: { cpu: 1 }, items: [{ name: 'x' }] }), manager: 'm', force: false, apiVersion: 'example.com/v1', typeInfo, now: t0,
  });
  t.equal(JSON.stringify(managedFields[0]?.fieldsV1), JSON.stringify({ 'f:spec': { 'f:items': {}, 'f:size': { '.': {}, 'f:cpu': {} } } }));
});

t.test("kubectl's first server-side apply takes over what its client-side annotation describes", async (t) => {
  const lastApplied = (obj: KubeObject) => JSON.stringify(obj);
  const original = deployment();
  const annotated = { ...original, metadata: { ...original.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied(original) } } };
  const live = stored(recordUpdate({ before: undefined, after: annotated, manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', typeInfo, now: t0 }).object);

  const { object, managedFields } = apply(live, deployment({ image: 'nginx:2' }), 'kubectl', t1);
  t.equal(((object.spec as any).template.spec.containers[0] as { image: string }).image, 'nginx:2');
  t.same(managedFields.map((e) => e.manager), ['kubectl', 'kubectl-client-side-apply']);
  const annotation = object.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '';
  t.match(annotation, /"image":"nginx:2"/, 'the annotation follows the applied configuration');
  t.ok(annotation.endsWith('}\n'));

  // A change made since by someone else is still a conflict.
  const scaled = stored(recordUpdate({ before: live, after: { ...live, spec: { ...(live.spec as object), replicas: 5 } }, manager: 'kubectl-scale', operation: 'Update', apiVersion: 'apps/v1', typeInfo, now: t1 }).object);
  t.throws(() => apply(scaled, deployment({ image: 'nginx:2' }), 'kubectl', t2), { message: 'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas' });
});

t.test('an apply that changes nothing keeps the time', async (t) => {
  const live = stored(apply(undefined, deployment(), 'applier').object);
  const { managedFields } = apply(live, deployment(), 'applier', t2);
  t.equal(managedFields[0]?.time, '2026-01-01T00:00:00Z');
});

t.test('requests kube-apiserver refuses', async (t) => {
  const { kind: _kind, ...noKind } = deployment();
  const { apiVersion: _v, kind: _k, ...untyped } = deployment();
  t.throws(() => apply(undefined, noKind, 'm'), { status: 400, message: 'invalid object type: apps/v1, Kind=' });
  t.throws(() => apply(undefined, untyped, 'm'), { status: 400, message: 'invalid object type: /, Kind=' });
  t.throws(() => apply(undefined, { ...deployment(), apiVersion: 'apps/v1beta1' }, 'm'), { status: 400, message: 'invalid object type: apps/v1beta1, Kind=Deployment' });
  const withManaged = deployment();
  withManaged.metadata!.managedFields = [];
  t.throws(() => apply(undefined, withManaged, 'm'), { status: 400, message: 'metadata.managedFields must be nil' });
  t.throws(() => apply(undefined, deployment({ ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'TCP' }] }), 'm'), {
    status: 500,
    message: 'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="web"].ports: duplicate entries for key [containerPort=80,protocol="TCP"]',
  });
  const nameless = deployment();
  (nameless.spec as any).template.spec.containers = [{ image: 'x' }];
  t.throws(() => apply(undefined, nameless, 'm'), {
    status: 500,
    message: 'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element that omits all key fields ["name"] (and doesn\'t have default values for any key fields)',
  });
});
