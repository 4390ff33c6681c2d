// The reference API server driven by the real @kubernetes/client-node: create,
// read, list (selectors, paging), update, every patch type, delete (finalizers,
// propagation, preconditions), dry runs, deletecollection and the status,
// scale and binding subresources. One in-process control plane for the file.
import t from 'tap';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1ConfigMap,
  type V1Deployment,
  type V1Pod,
} from '@kubernetes/client-node';
import { apiError } from './fixtures/api-error.ts';
import { startTestControlPlane } from './fixtures/control-plane.ts';
import { recordWatch } from './fixtures/watch-events.ts';

const cp = await startTestControlPlane(t);
const kc = cp.kubeConfig();
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);

const asPatch = (type: string) => setHeaderOptions('Content-Type', type);

async function namespace(name: string): Promise<string> {
  await core.createNamespace({ body: { metadata: { name } } });
  return name;
}

function pod(name: string, extra: { labels?: Record<string, string>; nodeName?: string; image?: string } = {}): V1Pod {
  return {
    metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: { containers: [{ name: 'app', image: extra.image ?? 'registry.k8s.io/pause:3.10' }], ...(extra.nodeName ? { nodeName: extra.nodeName } : {}) },
  };
}

function deployment(name: string, replicas?: number): V1Deployment {
  return {
    metadata: { name, labels: { app: name } },
    spec: {
      ...(replicas !== undefined ? { replicas } : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'sidecar', image: 'busybox:1.36' }] },
      },
    },
  };
}

const names = (items: { metadata?: { name?: string } }[]) => items.map((i) => i.metadata!.name!).sort();

t.test('create fills in the server-owned fields and the defaults', async (t) => {
  const ns = await namespace('create');
  const created = await core.createNamespacedPod({
    namespace: ns,
    body: {
      metadata: { generateName: 'web-' },
      spec: { containers: [{ name: 'untagged', image: 'nginx' }, { name: 'tagged', image: 'busybox:1.36' }] },
    },
  });
  const meta = created.metadata!;
  t.match(meta.name, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/, 'generateName gets a five-character suffix');
  t.equal(meta.generateName, 'web-');
  t.equal(meta.namespace, ns);
  t.match(meta.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  t.ok(meta.creationTimestamp instanceof Date && !Number.isNaN(meta.creationTimestamp.getTime()), 'creationTimestamp is a time');
  t.match(meta.resourceVersion, /^[1-9][0-9]*$/);
  t.equal(meta.generation, undefined, 'pods have no generation');

  const spec = created.spec!;
  t.equal(spec.restartPolicy, 'Always');
  t.equal(spec.dnsPolicy, 'ClusterFirst');
  t.equal(spec.terminationGracePeriodSeconds, 30);
  t.equal(spec.schedulerName, 'default-scheduler');
  t.same(spec.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
  const [untagged, tagged] = spec.containers;
  t.equal(untagged!.terminationMessagePath, '/dev/termination-log');
  t.equal(untagged!.terminationMessagePolicy, 'File');
  t.equal(untagged!.imagePullPolicy, 'Always', 'an image without a tag is pulled always');
  t.equal(tagged!.imagePullPolicy, 'IfNotPresent', 'a tagged image is pulled if not present');
  t.equal(created.status?.phase, 'Pending');

  const read = await core.readNamespacedPod({ namespace: ns, name: meta.name! });
  t.equal(read.metadata?.uid, meta.uid);
  t.equal(read.metadata?.resourceVersion, meta.resourceVersion);

  const again = await apiError(core.createNamespacedPod({ namespace: ns, body: pod(meta.name!) }));
  t.equal(again.code, 409);
  t.equal(again.status.reason, 'AlreadyExists');
  t.equal(again.status.message, `pods "${meta.name}" already exists`);

  const d = await apps.createNamespacedDeployment({ namespace: ns, body: deployment('web') });
  t.equal(d.metadata?.generation, 1, 'a new deployment is generation 1');
  t.equal(d.spec?.replicas, 1);
  t.equal(d.spec?.strategy?.type, 'RollingUpdate');
  t.equal(d.spec?.revisionHistoryLimit, 10);
  t.equal(d.spec?.progressDeadlineSeconds, 600);
  t.equal(d.spec?.template.spec?.restartPolicy, 'Always');
});

t.test('list with label and field selectors', async (t) => {
  const ns = await namespace('selectors');
  await core.createNamespacedPod({ namespace: ns, body: pod('a', { labels: { app: 'web', tier: 'front' } }) });
  await core.createNamespacedPod({ namespace: ns, body: pod('b', { labels: { app: 'web', tier: 'back' } }) });
  await core.createNamespacedPod({ namespace: ns, body: pod('c', { labels: { app: 'db', tier: 'back' }, nodeName: 'node-1' }) });
  await core.createNamespacedPod({ namespace: ns, body: pod('d', { labels: { app: 'cache' } }) });
  await core.createNamespacedPod({ namespace: ns, body: pod('e') });
  const d = await core.readNamespacedPodStatus({ namespace: ns, name: 'd' });
  await core.replaceNamespacedPodStatus({ namespace: ns, name: 'd', body: { ...d, status: { ...d.status, phase: 'Running' } } });

  const byLabel = async (labelSelector: string) => names((await core.listNamespacedPod({ namespace: ns, labelSelector })).items);
  t.same(await byLabel('app=web'), ['a', 'b'], '=');
  t.same(await byLabel('app==web'), ['a', 'b'], '==');
  t.same(await byLabel('app!=web'), ['c', 'd', 'e'], '!= also matches objects without the label');
  t.same(await byLabel('app in (db,cache)'), ['c', 'd'], 'in');
  t.same(await byLabel('app notin (web)'), ['c', 'd', 'e'], 'notin');
  t.same(await byLabel('tier'), ['a', 'b', 'c'], 'exists');
  t.same(await byLabel('!tier'), ['d', 'e'], '!key');
  t.same(await byLabel('app=web,tier=back'), ['b'], 'requirements are ANDed');

  const byField = async (fieldSelector: string) => names((await core.listNamespacedPod({ namespace: ns, fieldSelector })).items);
  t.same(await byField('metadata.name=c'), ['c'], 'metadata.name');
  t.same(await byField('metadata.name!=c'), ['a', 'b', 'd', 'e'], 'metadata.name!=');
  t.same(await byField(`metadata.namespace=${ns}`), ['a', 'b', 'c', 'd', 'e'], 'metadata.namespace');
  t.same(await byField('spec.nodeName=node-1'), ['c'], 'spec.nodeName');
  t.same(await byField('spec.nodeName='), ['a', 'b', 'd', 'e'], 'spec.nodeName= selects the unscheduled pods');
  t.same(await byField('status.phase=Running'), ['d'], 'status.phase');
  t.same(await byField('status.phase=Pending,spec.nodeName='), ['a', 'b', 'e'], 'field requirements are ANDed');
  const across = await core.listPodForAllNamespaces({ fieldSelector: `metadata.namespace=${ns}`, labelSelector: 'app=web' });
  t.same(names(across.items), ['a', 'b'], 'a list across namespaces with both selectors');

  const badLabel = await apiError(core.listNamespacedPod({ namespace: ns, labelSelector: 'app in (web' }));
  t.equal(badLabel.code, 400, 'a malformed label selector is a bad request');
  const badField = await apiError(core.listNamespacedPod({ namespace: ns, fieldSelector: 'spec.unknown=x' }));
  t.equal(badField.code, 400, 'a field that cannot be selected is a bad request');
  t.match(badField.status.message, /field label not supported: spec.unknown/);
});

t.test('limit and continue page through one snapshot', async (t) => {
  const ns = await namespace('paging');
  for (let i = 0; i < 7; i++) await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: `cm-${i}` }, data: { i: String(i) } } });

  const first = await core.listNamespacedConfigMap({ namespace: ns, limit: 3 });
  t.same(names(first.items), ['cm-0', 'cm-1', 'cm-2']);
  t.ok(first.metadata?._continue, 'a continue token while more remain');
  t.equal(first.metadata?.remainingItemCount, 4, 'remainingItemCount counts what the next pages hold');
  // Changes after the first page do not show in the next pages: they read the first page's snapshot.
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'cm-7' } } });
  await core.deleteNamespacedConfigMap({ namespace: ns, name: 'cm-4' });
  const second = await core.listNamespacedConfigMap({ namespace: ns, limit: 3, _continue: first.metadata!._continue! });
  t.same(names(second.items), ['cm-3', 'cm-4', 'cm-5']);
  t.equal(second.metadata?.resourceVersion, first.metadata?.resourceVersion, 'every page has the first page\'s resourceVersion');
  const third = await core.listNamespacedConfigMap({ namespace: ns, limit: 3, _continue: second.metadata!._continue! });
  t.same(names(third.items), ['cm-6']);
  t.notOk(third.metadata?._continue, 'no token on the last page');
  t.equal(third.metadata?.remainingItemCount, undefined);

  const selected = await core.listNamespacedConfigMap({ namespace: ns, limit: 2, labelSelector: '!nothing' });
  t.equal(selected.items.length, 2);
  t.equal(selected.metadata?.remainingItemCount, undefined, 'no remainingItemCount when a selector filters');

  const bad = await apiError(core.listNamespacedConfigMap({ namespace: ns, limit: 3, _continue: 'not-a-token' }));
  t.equal(bad.code, 400, 'a malformed continue token is a bad request');
  const pinned = await apiError(core.listNamespacedConfigMap({ namespace: ns, limit: 3, _continue: first.metadata!._continue!, resourceVersion: first.metadata!.resourceVersion! }));
  t.equal(pinned.code, 400, 'a continue token with a resourceVersion is a bad request');
  t.equal(pinned.status.message, 'specifying resource version is not allowed when using continue');
});

t.test('a continue token from before a compaction has expired', async (t) => {
  const ns = await namespace('paging-expired');
  for (let i = 0; i < 4; i++) await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: `cm-${i}` } } });
  const first = await core.listNamespacedConfigMap({ namespace: ns, limit: 2 });
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'cm-4' } } });
  await cp.store.compact(await cp.store.revision());

  const expired = await apiError(core.listNamespacedConfigMap({ namespace: ns, limit: 2, _continue: first.metadata!._continue! }));
  t.equal(expired.code, 410);
  t.equal(expired.status.reason, 'Expired');
  t.match(expired.status.message, /The provided continue parameter is too old/);
  const fresh = expired.status.metadata?.continue;
  t.ok(fresh, 'the Status carries a token that continues from the latest state');
  const rest = await core.listNamespacedConfigMap({ namespace: ns, limit: 10, _continue: fresh! });
  t.same(names(rest.items), ['cm-2', 'cm-3', 'cm-4'], 'continuing with it lists the remainder as it is now');
});

t.test('an update with a stale resourceVersion is a conflict', async (t) => {
  const ns = await namespace('update');
  const created = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'cm' }, data: { v: '1' } } });
  const updated = await core.replaceNamespacedConfigMap({ namespace: ns, name: 'cm', body: { ...created, data: { v: '2' } } });
  t.not(updated.metadata?.resourceVersion, created.metadata?.resourceVersion, 'an update gets a new resourceVersion');
  t.equal(updated.metadata?.uid, created.metadata?.uid);

  const stale = await apiError(core.replaceNamespacedConfigMap({ namespace: ns, name: 'cm', body: { ...created, data: { v: '3' } } }));
  t.equal(stale.code, 409);
  t.equal(stale.status.reason, 'Conflict');
  t.equal(stale.status.message, 'Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again');
  t.equal((await core.readNamespacedConfigMap({ namespace: ns, name: 'cm' })).data?.v, '2', 'the stale write changed nothing');

  const { resourceVersion: _rv, ...withoutVersion } = updated.metadata!;
  const unconditional = await core.replaceNamespacedConfigMap({ namespace: ns, name: 'cm', body: { metadata: withoutVersion, data: { v: '4' } } });
  t.equal(unconditional.data?.v, '4', 'an update without a resourceVersion is unconditional');

  const missing = await apiError(core.replaceNamespacedConfigMap({ namespace: ns, name: 'nope', body: { metadata: { name: 'nope' } } }));
  t.equal(missing.code, 404, 'updating a missing object is not found');
  const renamed = await apiError(core.replaceNamespacedConfigMap({ namespace: ns, name: 'cm', body: { metadata: { name: 'other' } } }));
  t.equal(renamed.code, 400, 'the body must name the object of the URL');
});

t.test('every patch type', async (t) => {
  const ns = await namespace('patch');
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'cm' }, data: { a: '1', b: '2' } } });

  const jsonPatched = await core.patchNamespacedConfigMap(
    { namespace: ns, name: 'cm', body: [{ op: 'test', path: '/data/a', value: '1' }, { op: 'add', path: '/data/c', value: '3' }, { op: 'remove', path: '/data/b' }] },
    asPatch(PatchStrategy.JsonPatch),
  );
  t.same(jsonPatched.data, { a: '1', c: '3' }, 'JSON patch');
  const failedTest = await apiError(core.patchNamespacedConfigMap({ namespace: ns, name: 'cm', body: [{ op: 'test', path: '/data/a', value: 'x' }] }, asPatch(PatchStrategy.JsonPatch)));
  t.equal(failedTest.code, 422, 'a failed JSON patch test is unprocessable');

  const merged = await core.patchNamespacedConfigMap(
    { namespace: ns, name: 'cm', body: { metadata: { labels: { patched: 'yes' } }, data: { a: null, d: '4' } } },
    asPatch(PatchStrategy.MergePatch),
  );
  t.same(merged.data, { c: '3', d: '4' }, 'merge patch: null removes a key');
  t.same(merged.metadata?.labels, { patched: 'yes' });
  const staleMerge = await apiError(core.patchNamespacedConfigMap(
    { namespace: ns, name: 'cm', body: { metadata: { resourceVersion: jsonPatched.metadata!.resourceVersion }, data: { e: '5' } } },
    asPatch(PatchStrategy.MergePatch),
  ));
  t.equal(staleMerge.code, 409, 'a resourceVersion in a patch is a precondition');

  const d = await apps.createNamespacedDeployment({ namespace: ns, body: deployment('web') });
  const strategic = await apps.patchNamespacedDeployment(
    { namespace: ns, name: 'web', body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } } },
    asPatch(PatchStrategy.StrategicMergePatch),
  );
  t.same(strategic.spec?.template.spec?.containers.map((c) => [c.name, c.image]), [['app', 'nginx:1.28'], ['sidecar', 'busybox:1.36']], 'strategic merge patch merges containers by name');
  t.equal(strategic.metadata?.generation, (d.metadata?.generation ?? 0) + 1, 'a spec change bumps the generation');
  const deleted = await apps.patchNamespacedDeployment(
    { namespace: ns, name: 'web', body: { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } } },
    asPatch(PatchStrategy.StrategicMergePatch),
  );
  t.same(deleted.spec?.template.spec?.containers.map((c) => c.name), ['app'], '$patch: delete removes one container');
  const annotated = await apps.patchNamespacedDeployment(
    { namespace: ns, name: 'web', body: { metadata: { annotations: { note: 'x' } } } },
    asPatch(PatchStrategy.MergePatch),
  );
  t.equal(annotated.metadata?.generation, (deleted.metadata?.generation ?? 0) + 1, 'an annotation change bumps a deployment\'s generation');
  const labelled = await apps.patchNamespacedDeployment(
    { namespace: ns, name: 'web', body: { metadata: { labels: { extra: 'x' } } } },
    asPatch(PatchStrategy.MergePatch),
  );
  t.equal(labelled.metadata?.generation, annotated.metadata?.generation, 'a label change does not');

  const applied = await core.patchNamespacedConfigMapWithHttpInfo(
    { namespace: ns, name: 'applied', fieldManager: 'alice', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { owner: 'alice', shared: 'a' } } },
    asPatch(PatchStrategy.ServerSideApply),
  );
  t.equal(applied.httpStatusCode, 201, 'apply creates a missing object');
  t.same(applied.data.data, { owner: 'alice', shared: 'a' });
  t.same(applied.data.metadata?.managedFields?.map((m) => [m.manager, m.operation]), [['alice', 'Apply']]);

  const conflict = await apiError(core.patchNamespacedConfigMap(
    { namespace: ns, name: 'applied', fieldManager: 'bob', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { shared: 'b' } } },
    asPatch(PatchStrategy.ServerSideApply),
  ));
  t.equal(conflict.code, 409);
  t.equal(conflict.status.reason, 'Conflict');
  t.equal(conflict.status.message, 'Apply failed with 1 conflict: conflict with "alice": .data.shared');
  t.same(conflict.status.details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.data.shared' }]);

  const forced = await core.patchNamespacedConfigMap(
    { namespace: ns, name: 'applied', fieldManager: 'bob', force: true, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { shared: 'b' } } },
    asPatch(PatchStrategy.ServerSideApply),
  );
  t.same(forced.data, { owner: 'alice', shared: 'b' }, 'force takes the field over');
  const owners = Object.fromEntries((forced.metadata?.managedFields ?? []).map((m) => [m.manager, Object.keys((m.fieldsV1 as { 'f:data'?: object })['f:data'] ?? {})]));
  t.same(owners, { alice: ['f:owner'], bob: ['f:shared'] }, 'alice lost .data.shared to bob');

  const noManager = await apiError(core.patchNamespacedConfigMap(
    { namespace: ns, name: 'applied', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' } } },
    asPatch(PatchStrategy.ServerSideApply),
  ));
  t.equal(noManager.code, 422, 'apply needs a field manager');
  t.equal(noManager.status.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  const forceMerge = await apiError(core.patchNamespacedConfigMap({ namespace: ns, name: 'applied', force: true, body: { data: { x: '1' } } }, asPatch(PatchStrategy.MergePatch)));
  t.equal(forceMerge.code, 422, 'force is for apply only');
});

t.test('delete waits for finalizers', async (t) => {
  const ns = await namespace('finalizers');
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'held', finalizers: ['kdrill.dev/hold'] } } });
  await core.deleteNamespacedConfigMap({ namespace: ns, name: 'held' });
  const pending = await core.readNamespacedConfigMap({ namespace: ns, name: 'held' });
  t.ok(pending.metadata?.deletionTimestamp, 'the object stays, marked for deletion');
  t.same(pending.metadata?.finalizers, ['kdrill.dev/hold']);

  const more = await apiError(core.replaceNamespacedConfigMap({ namespace: ns, name: 'held', body: { ...pending, metadata: { ...pending.metadata, finalizers: ['kdrill.dev/hold', 'kdrill.dev/other'] } } }));
  t.equal(more.code, 422, 'no finalizer can be added once deletion started');

  const watch = await recordWatch(t, kc, `/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: pending.metadata!.resourceVersion!, fieldSelector: 'metadata.name=held' });
  await core.replaceNamespacedConfigMap({ namespace: ns, name: 'held', body: { ...pending, metadata: { ...pending.metadata, finalizers: [] } } });
  await watch.until((e) => e.some((x) => x.type === 'DELETED'), 'the DELETED event');
  const gone = await apiError(core.readNamespacedConfigMap({ namespace: ns, name: 'held' }));
  t.equal(gone.code, 404, 'removing the last finalizer deletes the object');

  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'plain' } } });
  const status = await core.deleteNamespacedConfigMap({ namespace: ns, name: 'plain' });
  t.equal(status.status, 'Success', 'a configmap deleted at once answers with a Status');
  t.equal(status.details?.name, 'plain');
  t.equal(status.details?.kind, 'configmaps');
  const again = await apiError(core.deleteNamespacedConfigMap({ namespace: ns, name: 'plain' }));
  t.equal(again.code, 404);
});

t.test('propagation policies add the garbage collector\'s finalizers', async (t) => {
  const ns = await namespace('propagation');
  for (const [policy, finalizer] of [['Orphan', 'orphan'], ['Foreground', 'foregroundDeletion']] as const) {
    const name = policy.toLowerCase();
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment(name) });
    await apps.deleteNamespacedDeployment({ namespace: ns, name, propagationPolicy: policy });
    const pending = await apps.readNamespacedDeployment({ namespace: ns, name });
    t.same(pending.metadata?.finalizers, [finalizer], `${policy} adds the ${finalizer} finalizer`);
    t.ok(pending.metadata?.deletionTimestamp);
    await apps.patchNamespacedDeployment({ namespace: ns, name, body: { metadata: { finalizers: null } } }, asPatch(PatchStrategy.MergePatch));
    t.equal((await apiError(apps.readNamespacedDeployment({ namespace: ns, name }))).code, 404, `${policy}: gone once the finalizer is removed`);
  }
  await apps.createNamespacedDeployment({ namespace: ns, body: deployment('background') });
  await apps.deleteNamespacedDeployment({ namespace: ns, name: 'background', propagationPolicy: 'Background' });
  t.equal((await apiError(apps.readNamespacedDeployment({ namespace: ns, name: 'background' }))).code, 404, 'Background deletes at once');

  const bad = await apiError(apps.deleteNamespacedDeployment({ namespace: ns, name: 'x', propagationPolicy: 'Sideways' }));
  t.equal(bad.code, 422, 'an unknown propagation policy makes the DeleteOptions invalid');
  t.equal(bad.status.message, 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"');
});

t.test('delete preconditions', async (t) => {
  const ns = await namespace('preconditions');
  const cm = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'cm' } } });
  const wrongUid = await apiError(core.deleteNamespacedConfigMap({ namespace: ns, name: 'cm', body: { preconditions: { uid: '00000000-0000-0000-0000-000000000000' } } }));
  t.equal(wrongUid.code, 409);
  t.equal(wrongUid.status.reason, 'Conflict');
  t.match(wrongUid.status.message, /Precondition failed: UID in precondition/);
  await core.patchNamespacedConfigMap({ namespace: ns, name: 'cm', body: { data: { v: '1' } } }, asPatch(PatchStrategy.MergePatch));
  const staleVersion = await apiError(core.deleteNamespacedConfigMap({ namespace: ns, name: 'cm', body: { preconditions: { resourceVersion: cm.metadata!.resourceVersion! } } }));
  t.equal(staleVersion.code, 409);
  t.match(staleVersion.status.message, /Precondition failed: ResourceVersion in precondition/);
  t.ok(await core.readNamespacedConfigMap({ namespace: ns, name: 'cm' }), 'still there');
  await core.deleteNamespacedConfigMap({ namespace: ns, name: 'cm', body: { preconditions: { uid: cm.metadata!.uid! } } });
  t.equal((await apiError(core.readNamespacedConfigMap({ namespace: ns, name: 'cm' }))).code, 404, 'the right uid deletes');
});

t.test('dryRun=All changes nothing', async (t) => {
  const ns = await namespace('dry-run');
  const cm = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'cm' }, data: { v: '1' } } });
  const before = (await core.listNamespacedConfigMap({ namespace: ns })).metadata?.resourceVersion;

  const created = await core.createNamespacedConfigMap({ namespace: ns, dryRun: 'All', body: { metadata: { generateName: 'dry-' }, data: { v: 'x' } } });
  t.match(created.metadata?.name, /^dry-.{5}$/, 'a dry-run create answers with the object it would make');
  t.ok(created.metadata?.uid);
  t.equal((await apiError(core.readNamespacedConfigMap({ namespace: ns, name: created.metadata!.name! }))).code, 404, 'but does not store it');
  const replaced = await core.replaceNamespacedConfigMap({ namespace: ns, name: 'cm', dryRun: 'All', body: { ...cm, data: { v: '2' } } });
  t.equal(replaced.data?.v, '2');
  const patched = await core.patchNamespacedConfigMap({ namespace: ns, name: 'cm', dryRun: 'All', body: { data: { v: '3' } } }, asPatch(PatchStrategy.MergePatch));
  t.equal(patched.data?.v, '3');
  await core.deleteNamespacedConfigMap({ namespace: ns, name: 'cm', dryRun: 'All' });
  await core.deleteCollectionNamespacedConfigMap({ namespace: ns, dryRun: 'All' });
  const invalid = await apiError(core.createNamespacedConfigMap({ namespace: ns, dryRun: 'All', body: { metadata: { name: 'Not_Valid' } } }));
  t.equal(invalid.code, 422, 'a dry run still validates');

  const after = await core.readNamespacedConfigMap({ namespace: ns, name: 'cm' });
  t.same(after.data, { v: '1' }, 'the object is as it was');
  t.equal(after.metadata?.resourceVersion, cm.metadata?.resourceVersion);
  t.equal((await core.listNamespacedConfigMap({ namespace: ns })).metadata?.resourceVersion, before, 'nothing was written');
  const badValue = await apiError(core.createNamespacedConfigMap({ namespace: ns, dryRun: 'Some', body: { metadata: { name: 'x' } } }));
  t.equal(badValue.code, 422, 'dryRun takes only All (CreateOptions are invalid)');
  t.equal(badValue.status.message, 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["Some"]: supported values: "All"');
});

t.test('deletecollection with a label selector', async (t) => {
  const ns = await namespace('delete-collection');
  for (const [name, doomed] of [['a', true], ['b', false], ['c', true], ['d', false]] as const) {
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name, labels: { doomed: String(doomed) } } } });
  }
  await core.deleteCollectionNamespacedConfigMap({ namespace: ns, labelSelector: 'doomed=true' });
  t.same(names((await core.listNamespacedConfigMap({ namespace: ns })).items), ['b', 'd']);
});

t.test('the status subresource', async (t) => {
  const ns = await namespace('status');
  const created = await core.createNamespacedPod({ namespace: ns, body: pod('p') });
  const viaMain = await core.replaceNamespacedPod({ namespace: ns, name: 'p', body: { ...created, metadata: { ...created.metadata, labels: { changed: 'yes' } }, status: { phase: 'Running' } } });
  t.equal(viaMain.metadata?.labels?.changed, 'yes');
  t.equal(viaMain.status?.phase, 'Pending', 'a write to the main resource ignores status');

  const viaStatus = await core.replaceNamespacedPodStatus({
    namespace: ns,
    name: 'p',
    body: { ...viaMain, spec: { ...viaMain.spec!, activeDeadlineSeconds: 60 }, status: { ...viaMain.status, phase: 'Running', podIP: '10.0.0.5' } },
  });
  t.equal(viaStatus.status?.phase, 'Running', 'a write to /status changes status');
  t.equal(viaStatus.status?.podIP, '10.0.0.5');
  t.equal(viaStatus.spec?.activeDeadlineSeconds, undefined, 'and ignores spec');
  t.equal((await core.readNamespacedPodStatus({ namespace: ns, name: 'p' })).status?.phase, 'Running');

  const d = await apps.createNamespacedDeployment({ namespace: ns, body: deployment('web', 2) });
  const dStatus = await apps.replaceNamespacedDeploymentStatus({
    namespace: ns,
    name: 'web',
    body: { ...d, metadata: { ...d.metadata, labels: { app: 'web', sneaky: 'yes' } }, spec: { ...d.spec!, replicas: 9 }, status: { replicas: 2, readyReplicas: 1, observedGeneration: 1 } },
  });
  t.equal(dStatus.status?.readyReplicas, 1);
  t.equal(dStatus.spec?.replicas, 2, 'deployments/status ignores spec');
  t.same(dStatus.metadata?.labels, { app: 'web' }, 'and labels');
  t.equal(dStatus.metadata?.generation, 1, 'a status write does not bump the generation');
  const patchedStatus = await apps.patchNamespacedDeploymentStatus({ namespace: ns, name: 'web', body: { status: { availableReplicas: 1 } } }, asPatch(PatchStrategy.MergePatch));
  t.equal(patchedStatus.status?.availableReplicas, 1, 'a patch of /status');
  t.equal(patchedStatus.status?.readyReplicas, 1);
});

t.test('the scale subresource', async (t) => {
  const ns = await namespace('scale');
  await apps.createNamespacedDeployment({ namespace: ns, body: deployment('web', 2) });
  const scale = await apps.readNamespacedDeploymentScale({ namespace: ns, name: 'web' });
  t.equal(scale.kind, 'Scale');
  t.equal(scale.apiVersion, 'autoscaling/v1');
  t.equal(scale.spec?.replicas, 2);
  t.equal(scale.status?.selector, 'app=web');

  const scaled = await apps.replaceNamespacedDeploymentScale({ namespace: ns, name: 'web', body: { ...scale, spec: { replicas: 5 } } });
  t.equal(scaled.spec?.replicas, 5);
  const d = await apps.readNamespacedDeployment({ namespace: ns, name: 'web' });
  t.equal(d.spec?.replicas, 5, 'the deployment has the new replica count');
  t.equal(d.metadata?.generation, 2, 'scaling is a spec change');

  const stale = await apiError(apps.replaceNamespacedDeploymentScale({ namespace: ns, name: 'web', body: { ...scale, spec: { replicas: 7 } } }));
  t.equal(stale.code, 409, 'a Scale with a stale resourceVersion conflicts');
  const patched = await apps.patchNamespacedDeploymentScale({ namespace: ns, name: 'web', body: { spec: { replicas: 3 } } }, asPatch(PatchStrategy.MergePatch));
  t.equal(patched.spec?.replicas, 3, 'a merge patch of the Scale');
  const negative = await apiError(apps.patchNamespacedDeploymentScale({ namespace: ns, name: 'web', body: { spec: { replicas: -1 } } }, asPatch(PatchStrategy.MergePatch)));
  t.equal(negative.code, 422);
  t.equal(negative.status.message, 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0', 'the Scale is validated as a Scale');
  const missing = await apiError(apps.readNamespacedDeploymentScale({ namespace: ns, name: 'nope' }));
  t.equal(missing.code, 404);
});

t.test('pods/binding assigns a node', async (t) => {
  const ns = await namespace('binding');
  await core.createNamespacedPod({ namespace: ns, body: pod('p') });
  await core.createNamespacedPodBinding({ namespace: ns, name: 'p', body: { metadata: { name: 'p' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-a' } } });
  const bound = await core.readNamespacedPod({ namespace: ns, name: 'p' });
  t.equal(bound.spec?.nodeName, 'node-a');
  const scheduled = bound.status?.conditions?.find((c) => c.type === 'PodScheduled');
  t.equal(scheduled?.status, 'True', 'PodScheduled=True');
  const twice = await apiError(core.createNamespacedPodBinding({ namespace: ns, name: 'p', body: { metadata: { name: 'p' }, target: { kind: 'Node', name: 'node-b' } } }));
  t.equal(twice.code, 409, 'a bound pod cannot be bound again');
  t.equal((await core.readNamespacedPod({ namespace: ns, name: 'p' })).spec?.nodeName, 'node-a');
});

t.test('deleting a namespace deletes what is in it', async (t) => {
  const ns = await namespace('doomed');
  await core.createNamespacedPod({ namespace: ns, body: pod('p') });
  await apps.createNamespacedDeployment({ namespace: ns, body: deployment('web') });
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'held', finalizers: ['kdrill.dev/hold'] } } });
  const before = await core.readNamespace({ name: ns });
  t.same(before.spec?.finalizers, ['kubernetes']);
  const watch = await recordWatch(t, kc, '/api/v1/namespaces', { resourceVersion: before.metadata!.resourceVersion!, fieldSelector: `metadata.name=${ns}` });

  await core.deleteNamespace({ name: ns });
  const terminating = await core.readNamespace({ name: ns });
  t.equal(terminating.status?.phase, 'Terminating');
  t.ok(terminating.metadata?.deletionTimestamp);
  const refused = await apiError(core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'late' } } }));
  t.equal(refused.code, 403, 'no new content in a terminating namespace');
  t.match(refused.status.message, /because it is being terminated/);

  // The held configmap keeps the namespace until its finalizer goes; the rest is deleted meanwhile.
  // The namespace controller marks the configmap deleted concurrently: read-modify-write until no conflict, as clients do.
  for (let attempt = 0; ; attempt++) {
    const held = await core.readNamespacedConfigMap({ namespace: ns, name: 'held' });
    try {
      await core.replaceNamespacedConfigMap({ namespace: ns, name: 'held', body: { ...held, metadata: { ...held.metadata, finalizers: [] } } });
      break;
    } catch (err) {
      if (!(err instanceof ApiException && err.code === 409) || attempt === 10) throw err;
    }
  }
  await watch.until((e) => e.some((x) => x.type === 'DELETED'), 'the namespace is deleted');
  t.equal((await apiError(core.readNamespace({ name: ns }))).code, 404);
  t.same((await core.listNamespacedPod({ namespace: ns })).items, [], 'its pods are gone');
  t.same((await apps.listNamespacedDeployment({ namespace: ns })).items, [], 'its deployments are gone');
  const missing = await apiError(core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'late' } } }));
  t.equal(missing.code, 404, 'creating in a missing namespace is not found');
  t.equal(missing.status.message, `namespaces "${ns}" not found`);

  for (const immortal of ['default', 'kube-system', 'kube-public']) {
    const refusedDelete = await apiError(core.deleteNamespace({ name: immortal }));
    t.equal(refusedDelete.code, 403, `${immortal} may not be deleted`);
    t.equal(refusedDelete.status.message, `namespaces "${immortal}" is forbidden: this namespace may not be deleted`);
    t.notOk((await core.readNamespace({ name: immortal })).metadata?.deletionTimestamp);
  }
});
