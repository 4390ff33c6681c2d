// The same CRUD and watch smoke through client-node against `kdrill
// control-plane` on each store backend: embedded, and a real etcd 3.4
// (--store etcd --etcd-endpoints, as a child process). Compaction is driven
// from the test through the store, so that 410s do not wait on a timer.
import t, { type Test } from 'tap';
import { AppsV1Api, CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { openEtcdStore } from '../../../src/reference/store/etcd.ts';
import { startControlPlaneProcess } from '../../helpers/control-plane.ts';
import { startTestControlPlane } from './fixtures/control-plane.ts';
import { startTestEtcd } from '../../helpers/etcd.ts';
import { apiError } from './fixtures/api-error.ts';
import { recordWatch } from './fixtures/watch-events.ts';

interface Backend {
  kubeconfig: string;
  /** Compact the backend's history up to its current revision. */
  compact(): Promise<void>;
  /** Whether quiet watches get BOOKMARKs soon enough to wait for. */
  bookmarks: boolean;
}

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const names = (items: { metadata?: { name?: string } }[]) => items.map((i) => i.metadata!.name!).sort();

async function smoke(t: Test, backend: Backend): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(backend.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const ns = 'smoke';
  await core.createNamespace({ body: { metadata: { name: ns } } });
  const start = (await core.listNamespacedConfigMap({ namespace: ns })).metadata!.resourceVersion!;
  const watch = await recordWatch(t, kc, `/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: start, allowWatchBookmarks: true });

  for (const [name, tier] of [['a', 'front'], ['b', 'back'], ['c', 'back'], ['d', 'front']]) {
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: name!, labels: { tier: tier! } }, data: { v: '1' } } });
  }
  const generated = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { generateName: 'gen-' } } });
  t.match(generated.metadata?.name, /^gen-[a-z0-9]{5}$/);
  t.equal((await core.readNamespacedConfigMap({ namespace: ns, name: 'a' })).data?.v, '1', 'get');
  t.same(names((await core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'tier=back' })).items), ['b', 'c'], 'label selector');
  t.same(names((await core.listNamespacedConfigMap({ namespace: ns, fieldSelector: 'metadata.name=d' })).items), ['d'], 'field selector');

  const page1 = await core.listNamespacedConfigMap({ namespace: ns, limit: 2 });
  const page2 = await core.listNamespacedConfigMap({ namespace: ns, limit: 2, _continue: page1.metadata!._continue! });
  const page3 = await core.listNamespacedConfigMap({ namespace: ns, limit: 2, _continue: page2.metadata!._continue! });
  t.same([...names(page1.items), ...names(page2.items), ...names(page3.items)], ['a', 'b', 'c', 'd', generated.metadata!.name!], 'paging');
  t.equal(page1.metadata?.remainingItemCount, 3);
  t.notOk(page3.metadata?._continue);

  const a = await core.readNamespacedConfigMap({ namespace: ns, name: 'a' });
  await core.replaceNamespacedConfigMap({ namespace: ns, name: 'a', body: { ...a, data: { v: '2' } } });
  t.equal((await apiError(core.replaceNamespacedConfigMap({ namespace: ns, name: 'a', body: { ...a, data: { v: '3' } } }))).code, 409, 'a stale update conflicts');
  const patched = await core.patchNamespacedConfigMap({ namespace: ns, name: 'a', body: { data: { w: 'x' } } }, merge);
  t.same(patched.data, { v: '2', w: 'x' }, 'merge patch');
  const applied = await core.patchNamespacedConfigMap(
    { namespace: ns, name: 'a', fieldManager: 'smoke', force: true, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { v: 'applied' } } },
    setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
  );
  t.equal(applied.data?.v, 'applied', 'server-side apply');
  await core.deleteNamespacedConfigMap({ namespace: ns, name: 'b' });
  t.equal((await apiError(core.readNamespacedConfigMap({ namespace: ns, name: 'b' }))).code, 404, 'delete');

  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'held', finalizers: ['kdrill.dev/hold'] } } });
  await core.deleteNamespacedConfigMap({ namespace: ns, name: 'held' });
  t.ok((await core.readNamespacedConfigMap({ namespace: ns, name: 'held' })).metadata?.deletionTimestamp, 'a finalizer holds a deleted object');
  await core.patchNamespacedConfigMap({ namespace: ns, name: 'held', body: { metadata: { finalizers: null } } }, merge);

  const d = await apps.createNamespacedDeployment({
    namespace: ns,
    body: { metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } } },
  });
  await apps.replaceNamespacedDeploymentScale({ namespace: ns, name: 'web', body: { metadata: { name: 'web', namespace: ns, resourceVersion: d.metadata!.resourceVersion! }, spec: { replicas: 3 } } });
  t.equal((await apps.readNamespacedDeployment({ namespace: ns, name: 'web' })).spec?.replicas, 3, 'the scale subresource');

  const events = await watch.until((e) => e.some((x) => x.type === 'DELETED' && x.object.metadata?.name === 'held'), 'the held configmap\'s DELETED');
  const changes = events.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.object.metadata?.name}`);
  t.same(changes, [
    'ADDED a', 'ADDED b', 'ADDED c', 'ADDED d', `ADDED ${generated.metadata!.name}`,
    'MODIFIED a', 'MODIFIED a', 'MODIFIED a', 'DELETED b',
    'ADDED held', 'MODIFIED held', 'DELETED held',
  ], 'the watch saw every change in order');
  if (backend.bookmarks) {
    await watch.until((e) => e.at(-1)?.type === 'BOOKMARK', 'a BOOKMARK on the quiet watch');
    t.pass('a quiet watch gets BOOKMARKs');
  }

  // After a compaction, old resourceVersions and continue tokens have expired.
  const old = await core.listNamespacedConfigMap({ namespace: ns, limit: 1 });
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'later' } } });
  await backend.compact();
  const expired = await recordWatch(t, kc, `/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: start });
  const [error] = await expired.until((e) => e.length > 0, 'the ERROR event');
  t.equal(error!.type, 'ERROR');
  t.match(error!.object, { kind: 'Status', code: 410, reason: 'Expired' }, 'a watch from before the compaction gets 410 Expired');
  const gone = await apiError(core.listNamespacedConfigMap({ namespace: ns, limit: 1, _continue: old.metadata!._continue! }));
  t.equal(gone.code, 410, 'a continue token from before the compaction has expired');
  t.ok(gone.status.metadata?.continue, 'and the Status offers one at the latest revision');
}

t.test('embedded store (in process)', async (t) => {
  const cp = await startTestControlPlane(t, { store: { backend: 'embedded', progressIntervalMs: 200 } });
  await smoke(t, {
    kubeconfig: cp.kubeconfigPath,
    bookmarks: true,
    compact: async () => cp.store.compact(await cp.store.revision()),
  });
});

t.test('etcd 3.4 (kdrill control-plane --store etcd)', async (t) => {
  const etcd = await startTestEtcd(t, { progressNotifyIntervalMs: 200 });
  const cp = await startControlPlaneProcess(t, { extraArgs: ['--store', 'etcd', '--etcd-endpoints', etcd.endpoint] });
  // Compaction through a second client of the same etcd, as kube-apiserver's compactor would do it.
  const admin = await openEtcdStore({ endpoints: [etcd.endpoint] });
  t.teardown(() => admin.close());
  await smoke(t, {
    kubeconfig: cp.kubeconfig,
    bookmarks: true,
    compact: async () => admin.compact(await admin.revision()),
  });
});
