// The HTTPS ApiClient against a scripted HTTPS server (the reference PKI, a
// hand-written handler), for what a real API server does not do on request:
// content types on the wire, error bodies that are not a Status, watch events
// cut into tiny chunks, an undecodable event, a connection dropped mid-watch.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ApiRequestError, type WatchEventType } from '../../src/kube/api-client.ts';
import { createApiClient } from '../../src/kube/https-api-client.ts';
import { writeKubeconfig } from '../../src/reference/api/kubeconfig.ts';
import { loadOrCreatePki } from '../../src/reference/api/pki.ts';
import type { KubeObject } from '../../src/reference/api/object.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const seen: Seen[] = [];
const routes = new Map<string, (res: ServerResponse) => void>();

const dir = await mkdtemp(join(tmpdir(), 'kdrill-kube-wire-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));
const pki = await loadOrCreatePki(join(dir, 'pki'));
const server: Server = createServer({ key: pki.apiserver.key, cert: pki.apiserver.cert }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    const route = routes.get(new URL(req.url ?? '/', 'https://x').pathname);
    if (route) return route(res);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'echo' } }));
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
const { port } = server.address() as { port: number };
const kubeconfigPath = join(dir, 'kubeconfig');
await writeKubeconfig(kubeconfigPath, { name: 'wire', server: `https://127.0.0.1:${port}`, caCertificate: pki.ca.cert, clientCertificate: pki.admin, token: 'wire-token' });
const client = await createApiClient(kubeconfigPath, { userAgent: 'kdrill-wire' });
t.teardown(() => client.close());

function lastSeen(): Seen {
  return seen[seen.length - 1]!;
}

t.test('requests carry JSON, the patch content types and the query', async (t) => {
  await client.get('/api/v1/namespaces/default/configmaps/echo');
  t.equal(lastSeen().headers.accept, 'application/json');
  t.equal(lastSeen().headers['user-agent'], 'kdrill-wire');

  await client.create('/api/v1/namespaces/default/configmaps', { metadata: { name: 'x' } }, { dryRun: 'All' });
  t.match(lastSeen(), { method: 'POST', url: '/api/v1/namespaces/default/configmaps?dryRun=All', headers: { 'content-type': 'application/json' } });
  t.same(JSON.parse(lastSeen().body), { metadata: { name: 'x' } });

  const types = { json: 'application/json-patch+json', merge: 'application/merge-patch+json', strategic: 'application/strategic-merge-patch+json', apply: 'application/apply-patch+yaml' } as const;
  for (const [type, contentType] of Object.entries(types)) {
    await client.patch('/api/v1/namespaces/default/configmaps/x', type as keyof typeof types, { data: { a: 'b' } }, { fieldManager: 'm' });
    t.match(lastSeen(), { method: 'PATCH', url: '/api/v1/namespaces/default/configmaps/x?fieldManager=m', headers: { 'content-type': contentType } }, type);
    t.same(JSON.parse(lastSeen().body), { data: { a: 'b' } });
  }

  await client.delete('/api/v1/namespaces/default/configmaps/x', { gracePeriodSeconds: 0 });
  t.match(lastSeen(), { method: 'DELETE' });
  t.same(JSON.parse(lastSeen().body), { gracePeriodSeconds: 0 });
});

t.test('an error body that is not a Status still gives an ApiRequestError', async (t) => {
  routes.set('/plain-error', (res) => {
    res.writeHead(503, { 'content-type': 'text/plain' });
    res.end('backend down\n');
  });
  const err = await client.get('/plain-error').catch((e: unknown) => e);
  t.ok(err instanceof ApiRequestError);
  t.match(err, { code: 503, reason: 'Service Unavailable', message: 'backend down', status: { kind: 'Status', code: 503 } });
});

function recordWatch(path: string) {
  const events: { type: WatchEventType; object: KubeObject }[] = [];
  const handle = client.watch(path, { resourceVersion: '5' }, (type, object) => events.push({ type, object }));
  return { events, handle };
}

t.test('watch events cut into tiny chunks, an undecodable line, a last line without newline', async (t) => {
  const stream = [
    JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '6' } } }),
    'not json',
    JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '7' } } }),
    JSON.stringify({ type: 'MODIFIED', object: { metadata: { name: 'a', resourceVersion: '8' } } }),
  ].join('\n');
  routes.set('/api/v1/namespaces/chunks/configmaps', (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    let at = 0;
    const writeNext = () => {
      if (at >= stream.length) return res.end();
      res.write(stream.slice(at, at + 7));
      at += 7;
      setImmediate(writeNext);
    };
    writeNext();
  });
  const w = recordWatch('/api/v1/namespaces/chunks/configmaps');
  await w.handle.done;
  t.same(
    w.events.map((e) => [e.type, e.object.metadata?.resourceVersion ?? e.object.code]),
    [['ADDED', '6'], ['ERROR', 500], ['BOOKMARK', '7'], ['MODIFIED', '8']],
  );
  t.match(w.events[1]?.object.message, /undecodable watch event: not json/);
  t.match(lastSeen().url, /resourceVersion=5&watch=true&allowWatchBookmarks=true$/);
});

t.test('a connection dropped mid-watch is an ERROR event, then done', async (t) => {
  routes.set('/api/v1/namespaces/dropped/configmaps', (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '6' } } }) + '\n', () => res.socket?.destroy());
  });
  const w = recordWatch('/api/v1/namespaces/dropped/configmaps');
  await w.handle.done;
  t.equal(w.events.length, 2);
  t.equal(w.events[0]?.type, 'ADDED');
  t.match(w.events.slice(1), [{ type: 'ERROR', object: { code: 500, reason: 'InternalError' } }]);
});
