// The kept-alive HTTPS ApiClient against an in-process reference control
// plane: CRUD and every patch type, Status errors as ApiRequestError, lists
// paged past 500 objects, watches (events split across chunks, 410, stop), and
// a bearer-token-only kubeconfig.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { parse, stringify } from 'yaml';
import { ApiRequestError, type ApiClient, type WatchEventType } from '../../src/kube/api-client.ts';
import { createApiClient } from '../../src/kube/https-api-client.ts';
import type { KubeObject } from '../../src/reference/api/object.ts';
import { startTestControlPlane } from '../reference/api/fixtures/control-plane.ts';

const cp = await startTestControlPlane(t);
const client = await createApiClient(cp.kubeconfigPath, { userAgent: 'kdrill-test' });
t.teardown(() => client.close());

async function createNamespace(name: string): Promise<string> {
  await client.create('/api/v1/namespaces', { metadata: { name } });
  return `/api/v1/namespaces/${name}`;
}

async function rejection(call: Promise<unknown>): Promise<ApiRequestError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ApiRequestError) return err;
    throw err;
  }
  throw new Error('the call succeeded');
}

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

t.test('create, get, update, every patch type and delete', async (t) => {
  const ns = await createNamespace('crud');
  const created = await client.create<ConfigMap>(`${ns}/configmaps`, { metadata: { name: 'one' }, data: { a: '1' } });
  t.equal(created.metadata?.name, 'one');
  t.ok(created.metadata?.uid);

  const got = await client.get<ConfigMap>(`${ns}/configmaps/one`);
  t.same(got.data, { a: '1' });

  const updated = await client.update<ConfigMap>(`${ns}/configmaps/one`, { ...got, data: { a: '2' } });
  t.same(updated.data, { a: '2' });
  t.not(updated.metadata?.resourceVersion, got.metadata?.resourceVersion);

  const merged = await client.patch<ConfigMap>(`${ns}/configmaps/one`, 'merge', { data: { b: 'm' } });
  t.same(merged.data, { a: '2', b: 'm' });
  const jsonPatched = await client.patch<ConfigMap>(`${ns}/configmaps/one`, 'json', [{ op: 'replace', path: '/data/a', value: 'j' }]);
  t.same(jsonPatched.data, { a: 'j', b: 'm' });
  const strategic = await client.patch<ConfigMap>(`${ns}/configmaps/one`, 'strategic', { metadata: { labels: { s: 'yes' } } });
  t.same(strategic.metadata?.labels, { s: 'yes' });
  const applied = await client.patch<ConfigMap>(
    `${ns}/configmaps/applied`,
    'apply',
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { k: 'v' } },
    { fieldManager: 'kdrill-test' },
  );
  t.same(applied.data, { k: 'v' });
  t.ok(applied.metadata?.managedFields?.some((f) => f.manager === 'kdrill-test' && f.operation === 'Apply'));

  const deleted = (await client.delete(`${ns}/configmaps/one`, { propagationPolicy: 'Background' })) as KubeObject;
  t.ok(deleted.kind === 'Status' ? deleted.status === 'Success' : deleted.metadata?.name === 'one', 'the deleted object or a Success Status');
  const gone = await rejection(client.get(`${ns}/configmaps/one`));
  t.equal(gone.code, 404);
  t.equal(gone.reason, 'NotFound');
  t.match(gone.message, /"one" not found/);
  t.equal(gone.status?.kind, 'Status');
});

t.test('Status errors become ApiRequestError with the code, reason and message', async (t) => {
  const ns = await createNamespace('errors');
  await client.create(`${ns}/configmaps`, { metadata: { name: 'taken' } });
  const conflict = await rejection(client.create(`${ns}/configmaps`, { metadata: { name: 'taken' } }));
  t.equal(conflict.code, 409);
  t.equal(conflict.reason, 'AlreadyExists');
  t.match(conflict.message, /already exists/);

  const stale = await rejection(client.update(`${ns}/configmaps/taken`, { metadata: { name: 'taken', resourceVersion: '1' } }));
  t.equal(stale.code, 409);
  t.equal(stale.reason, 'Conflict');

  const invalid = await rejection(client.create(`${ns}/configmaps`, { metadata: { name: 'Not_Valid' } }));
  t.equal(invalid.code, 422);
  t.equal(invalid.reason, 'Invalid');

  const unknown = await rejection(client.get('/api/v1/nosuchresources'));
  t.equal(unknown.code, 404);
});

t.test('list follows continue tokens past 500 objects', async (t) => {
  const ns = await createNamespace('paging');
  const total = 520;
  for (let start = 0; start < total; start += 40) {
    await Promise.all(
      Array.from({ length: Math.min(40, total - start) }, (_, i) => client.create(`${ns}/configmaps`, { metadata: { name: `cm-${start + i}` } })),
    );
  }
  const firstPage = await client.get<KubeObject & { items: unknown[]; metadata: { continue?: string } }>(`${ns}/configmaps?limit=500`);
  t.equal(firstPage.items.length, 500, 'the server pages at limit=500');
  t.ok(firstPage.metadata.continue);

  const all = await client.list(`${ns}/configmaps`);
  t.equal(all.items.length, total);
  t.equal(new Set(all.items.map((i) => i.metadata?.name)).size, total);
  t.match(all.resourceVersion, /^\d+$/);
  t.equal(all.items[0]?.kind, 'ConfigMap', 'items get the kind of the list');
  t.equal(all.items[0]?.apiVersion, 'v1');

  const selected = await client.list(`${ns}/configmaps`, { fieldSelector: 'metadata.name=cm-7' });
  t.same(selected.items.map((i) => i.metadata?.name), ['cm-7']);
});

interface Recorded {
  type: WatchEventType;
  object: KubeObject;
}

function recordWatch(c: ApiClient, path: string, query: Record<string, string>) {
  const events: Recorded[] = [];
  const waiters: { done: () => boolean; resolve: () => void }[] = [];
  const handle = c.watch(path, query, (type, object) => {
    events.push({ type, object });
    for (const w of [...waiters]) if (w.done()) waiters.splice(waiters.indexOf(w), 1), w.resolve();
  });
  return {
    events,
    handle,
    until(done: (events: Recorded[]) => boolean): Promise<void> {
      if (done(events)) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ done: () => done(events), resolve }));
    },
  };
}

t.test('watch streams events, across chunk boundaries, until stopped', async (t) => {
  const ns = await createNamespace('watching');
  const { resourceVersion } = await client.list(`${ns}/configmaps`);
  const w = recordWatch(client, `${ns}/configmaps`, { resourceVersion });
  t.teardown(() => w.handle.stop());
  const big = 'x'.repeat(200_000);
  await client.create(`${ns}/configmaps`, { metadata: { name: 'big' }, data: { big } });
  await client.patch(`${ns}/configmaps/big`, 'merge', { data: { small: 'y' } });
  await client.delete(`${ns}/configmaps/big`);
  await w.until((e) => e.some((x) => x.type === 'DELETED'));
  const changes = w.events.filter((e) => e.type !== 'BOOKMARK');
  t.same(changes.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
  t.equal((changes[0]?.object as ConfigMap).data?.big, big);
  t.equal((changes[1]?.object as ConfigMap).data?.small, 'y');
  w.handle.stop();
  await w.handle.done;
  const count = w.events.length;
  await client.create(`${ns}/configmaps`, { metadata: { name: 'after-stop' } });
  t.equal(w.events.length, count, 'nothing is delivered after stop()');
});

t.test('a watch from a compacted resourceVersion gets an ERROR event with 410', async (t) => {
  const ns = await createNamespace('compacted');
  const { resourceVersion } = await client.list(`${ns}/configmaps`);
  await client.create(`${ns}/configmaps`, { metadata: { name: 'a' } });
  await cp.store.compact(await cp.store.revision());
  const w = recordWatch(client, `${ns}/configmaps`, { resourceVersion });
  await w.handle.done;
  t.equal(w.events.length, 1);
  t.equal(w.events[0]?.type, 'ERROR');
  t.equal(w.events[0]?.object.code, 410);
  t.equal(w.events[0]?.object.reason, 'Expired');
});

t.test('a watch refused by the server gets an ERROR event with its Status', async (t) => {
  const w = recordWatch(client, '/api/v1/nosuchresources', {});
  await w.handle.done;
  t.equal(w.events.length, 1);
  t.equal(w.events[0]?.type, 'ERROR');
  t.equal(w.events[0]?.object.code, 404);
});

t.test('a kubeconfig with only a bearer token authenticates', async (t) => {
  const config = parse(cp.kubeconfigText) as { 'current-context': string; contexts: { name: string }[]; users: { user: Record<string, unknown> }[] };
  const tokenContext = config.contexts.find((c) => c.name.endsWith('-token'));
  t.ok(tokenContext, 'the control plane writes a token context');
  config['current-context'] = tokenContext!.name;
  const path = join(cp.dataDir, 'token-kubeconfig');
  await writeFile(path, stringify(config));
  const tokenClient = await createApiClient(path);
  t.teardown(() => tokenClient.close());
  const ns = await tokenClient.get('/api/v1/namespaces/default');
  t.equal(ns.metadata?.name, 'default');

});
