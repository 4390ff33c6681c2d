// Watches on the reference API server through client-node's Watch (and plain
// HTTPS for the legacy /watch/ path): replay from a resourceVersion, event
// order, selectors, bookmarks, timeoutSeconds, and 410 once compacted.
import t from 'tap';
import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { apiError } from './fixtures/api-error.ts';
import { startTestControlPlane } from './fixtures/control-plane.ts';
import { credentialsOf, rawRequest, watchEvents } from './fixtures/raw-https.ts';
import { recordWatch, type RecordedEvent } from './fixtures/watch-events.ts';

// Quiet watches get progress (BOOKMARKs) every 200 ms instead of every 5 s.
const cp = await startTestControlPlane(t, { store: { backend: 'embedded', progressIntervalMs: 200 } });
const kc = cp.kubeConfig();
const core = kc.makeApiClient(CoreV1Api);
const raw = credentialsOf(cp.kubeconfigText);

async function namespace(name: string): Promise<string> {
  await core.createNamespace({ body: { metadata: { name } } });
  return name;
}

const summary = (events: RecordedEvent[]) => events.map((e) => [e.type, e.object.metadata?.name]);
const isOfType = (type: string) => (e: RecordedEvent) => e.type === type;

t.test('a watch from a resourceVersion replays what happened since, in order', async (t) => {
  const ns = await namespace('replay');
  const from = (await core.listNamespacedConfigMap({ namespace: ns })).metadata!.resourceVersion!;
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'x' }, data: { v: '1' } } });
  await core.patchNamespacedConfigMap({ namespace: ns, name: 'x', body: { data: { v: '2' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  await core.deleteNamespacedConfigMap({ namespace: ns, name: 'x' });
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'y' } } });

  const watch = await recordWatch(t, kc, `/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: from });
  const replayed = await watch.until((e) => e.length >= 4, 'four events');
  t.same(summary(replayed), [['ADDED', 'x'], ['MODIFIED', 'x'], ['DELETED', 'x'], ['ADDED', 'y']]);
  const versions = replayed.map((e) => Number(e.object.metadata?.resourceVersion));
  t.ok(versions.every((v, i) => i === 0 || v > versions[i - 1]!), `resourceVersions increase: ${versions.join(', ')}`);
  t.ok(versions[0]! > Number(from), 'nothing from before the start');
  t.same((replayed[1]!.object as { data?: object }).data, { v: '2' }, 'MODIFIED carries the new state');
  t.same((replayed[2]!.object as { data?: object }).data, { v: '2' }, 'DELETED carries the last state');

  await core.patchNamespacedConfigMap({ namespace: ns, name: 'y', body: { data: { live: 'yes' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  const live = await watch.until((e) => e.length >= 5, 'the live event');
  t.same(summary(live.slice(4)), [['MODIFIED', 'y']], 'then live events follow');

  const fromNow = await recordWatch(t, kc, `/api/v1/namespaces/${ns}/configmaps`, {});
  const initial = await fromNow.until((e) => e.length >= 1, 'the initial state');
  t.same(summary(initial), [['ADDED', 'y']], 'a watch without a resourceVersion starts with the current objects as ADDED');
});

t.test('?watch=true, the /watch/ path, and timeoutSeconds', async (t) => {
  const ns = await namespace('paths');
  const cm = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'a' } } });
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'b' } } });

  // timeoutSeconds ends each stream cleanly; the body then holds every event.
  const from = Number(cm.metadata!.resourceVersion) - 1;
  const watch = await recordWatch(t, kc, `/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: cm.metadata!.resourceVersion!, timeoutSeconds: 1 });
  const [viaQuery, viaPath, oneObject] = await Promise.all([
    rawRequest(raw, 'GET', `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${from}&timeoutSeconds=1`),
    rawRequest(raw, 'GET', `/api/v1/watch/namespaces/${ns}/configmaps?resourceVersion=${from}&timeoutSeconds=1`),
    rawRequest(raw, 'GET', `/api/v1/watch/namespaces/${ns}/configmaps/b?resourceVersion=${from}&timeoutSeconds=1`),
  ]);
  t.equal(viaQuery.code, 200);
  t.match(viaQuery.headers['content-type'], /^application\/json/);
  t.same(watchEvents(viaQuery.text).map((e) => [e.type, e.object.metadata?.name]), [['ADDED', 'a'], ['ADDED', 'b']], '?watch=true');

  t.equal(viaPath.code, 200);
  t.same(watchEvents(viaPath.text).map((e) => [e.type, e.object.metadata?.name]), [['ADDED', 'a'], ['ADDED', 'b']], '/watch/ path');

  t.same(watchEvents(oneObject.text).map((e) => [e.type, e.object.metadata?.name]), [['ADDED', 'b']], '/watch/ path of one object');

  t.equal(await watch.ended, null, 'client-node sees the server end the stream cleanly at timeoutSeconds');
});

t.test('a label-selector watch sees objects enter and leave the selection', async (t) => {
  const ns = await namespace('selection');
  const from = (await core.listNamespacedConfigMap({ namespace: ns })).metadata!.resourceVersion!;
  const watch = await recordWatch(t, kc, `/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: from, labelSelector: 'app=web' });
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'other', labels: { app: 'db' } } } });
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'm', labels: { app: 'web' } }, data: { v: '1' } } });
  await core.patchNamespacedConfigMap({ namespace: ns, name: 'm', body: { data: { v: '2' } } }, merge);
  const left = await core.patchNamespacedConfigMap({ namespace: ns, name: 'm', body: { metadata: { labels: { app: 'db' } }, data: { v: '3' } } }, merge);
  await core.patchNamespacedConfigMap({ namespace: ns, name: 'other', body: { metadata: { labels: { app: 'web' } } } }, merge);

  const events = await watch.until((e) => e.length >= 4, 'four events');
  t.same(summary(events), [['ADDED', 'm'], ['MODIFIED', 'm'], ['DELETED', 'm'], ['ADDED', 'other']]);
  const deleted = events[2]!.object as { data?: object; metadata?: { labels?: object; resourceVersion?: string } };
  t.same(deleted.metadata?.labels, { app: 'web' }, 'leaving the selection is DELETED with the object as it was while selected');
  t.same(deleted.data, { v: '2' });
  t.equal(deleted.metadata?.resourceVersion, left.metadata?.resourceVersion, 'at the resourceVersion of the change');
});

t.test('bookmarks', async (t) => {
  const ns = await namespace('bookmarks');
  const cm = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'a' } } });
  const without = await recordWatch(t, kc, `/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: cm.metadata!.resourceVersion! });
  const withBookmarks = await recordWatch(t, kc, `/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: cm.metadata!.resourceVersion!, allowWatchBookmarks: true });
  const events = await withBookmarks.until((e) => e.filter(isOfType('BOOKMARK')).length >= 2, 'two BOOKMARKs');
  const bookmark = events.find(isOfType('BOOKMARK'))!.object;
  t.equal(bookmark.kind, 'ConfigMap');
  t.ok(Number(bookmark.metadata?.resourceVersion) >= Number(cm.metadata!.resourceVersion), 'a BOOKMARK carries a resourceVersion no older than the watch');
  t.same(without.events.filter(isOfType('BOOKMARK')), [], 'no BOOKMARKs unless asked for');

  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'b' } } });
  const after = await withBookmarks.until((e) => e.some(isOfType('ADDED')), 'the ADDED event');
  const added = after.find(isOfType('ADDED'))!;
  const bookmarksBefore = after.slice(0, after.indexOf(added)).filter(isOfType('BOOKMARK'));
  t.ok(bookmarksBefore.every((b) => Number(b.object.metadata?.resourceVersion) < Number(added.object.metadata?.resourceVersion)), 'events keep their order with bookmarks');

  const initial = await recordWatch(t, kc, `/api/v1/namespaces/${ns}/configmaps`, { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true });
  const streamed = await initial.until((e) => e.some(isOfType('BOOKMARK')), 'the end of the initial events');
  t.same(summary(streamed.slice(0, 3)), [['ADDED', 'a'], ['ADDED', 'b'], ['BOOKMARK', undefined]], 'sendInitialEvents: the current objects, then a BOOKMARK');
  t.same(streamed[2]!.object.metadata?.annotations, { 'k8s.io/initial-events-end': 'true' });
});

t.test('a watch from a compacted resourceVersion gets 410 Expired', async (t) => {
  const ns = await namespace('compacted');
  const old = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'a' } } });
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'b' } } });
  await cp.store.compact(await cp.store.revision());

  const watch = await recordWatch(t, kc, `/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: old.metadata!.resourceVersion! });
  const events = await watch.until((e) => e.length >= 1, 'the ERROR event');
  t.equal(events[0]!.type, 'ERROR');
  const status = events[0]!.object as { kind?: string; code?: number; reason?: string; message?: string };
  t.equal(status.kind, 'Status');
  t.equal(status.code, 410);
  t.equal(status.reason, 'Expired');
  t.match(status.message, /^too old resource version: \d+ \(\d+\)$/);
  t.equal(await watch.ended, null, 'and the stream ends');

  const list = await apiError(core.listNamespacedConfigMap({ namespace: ns, resourceVersion: old.metadata!.resourceVersion!, resourceVersionMatch: 'Exact' }));
  t.equal(list.code, 410, 'so does an exact list there');
  t.equal(list.status.reason, 'Expired');
});
