// Bad requests over plain HTTPS, answered as kube-apiserver answers them (a
// Status with the right code, reason and causes), and the store left exactly as
// it was. Also authentication: no credentials, a wrong token, the kubeconfig's
// token context.
import t, { type Test } from 'tap';
import { CoreV1Api } from '@kubernetes/client-node';
import { startTestControlPlane } from './fixtures/control-plane.ts';
import { credentialsOf, rawRequest, type RawOptions, type RawResponse } from './fixtures/raw-https.ts';

const cp = await startTestControlPlane(t);
const raw = credentialsOf(cp.kubeconfigText);
const core = cp.kubeConfig().makeApiClient(CoreV1Api);
const ns = 'errors';
await core.createNamespace({ body: { metadata: { name: ns } } });
await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'keep' }, data: { v: '1' } } });

interface Status {
  kind?: string;
  apiVersion?: string;
  status?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { name?: string; kind?: string; causes?: { reason: string; message: string; field?: string }[] };
}

const send = (method: string, path: string, o?: RawOptions) => rawRequest(raw, method, path, o);
const json = (value: unknown) => JSON.stringify(value);
const pods = `/api/v1/namespaces/${ns}/pods`;
const configmaps = `/api/v1/namespaces/${ns}/configmaps`;

function statusOf(t: Test, res: RawResponse, code: number, reason: string): Status {
  const status = res.json as Status;
  t.equal(res.code, code, `HTTP ${code}`);
  t.match(res.headers['content-type'], /^application\/json/);
  t.match(status, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason }, `a Status with reason ${reason}`);
  return status;
}

/** Everything the store holds, so a test can show a rejected request changed nothing. */
async function snapshot(): Promise<{ revision: number; keys: string[] }> {
  const revision = await cp.store.revision();
  const { items } = await cp.store.list('/registry/');
  return { revision, keys: items.map((kv) => `${kv.key}@${kv.modRevision}`) };
}

t.test('rejected writes leave the store as it was', async (t) => {
  const before = await snapshot();

  t.test('malformed JSON is 400', async (t) => {
    statusOf(t, await send('POST', configmaps, { body: '{"metadata": {"name": "x"' }), 400, 'BadRequest');
    statusOf(t, await send('PUT', `${configmaps}/keep`, { body: '{nope' }), 400, 'BadRequest');
    statusOf(t, await send('PATCH', `${configmaps}/keep`, { body: '{"data": ', headers: { 'Content-Type': 'application/merge-patch+json' } }), 400, 'BadRequest');
    statusOf(t, await send('POST', configmaps, { body: '[]' }), 400, 'BadRequest');
    statusOf(t, await send('POST', configmaps, { body: '' }), 400, 'BadRequest');
  });

  t.test('a missing required field is 422 with causes naming it', async (t) => {
    const noContainers = statusOf(t, await send('POST', pods, { body: json({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} }) }), 422, 'Invalid');
    t.match(noContainers.details?.causes, [{ reason: 'FieldValueRequired', field: 'spec.containers' }]);
    t.match(noContainers.message, /^Pod "p" is invalid: .*spec\.containers: Required value/);
    t.equal(noContainers.details?.kind, 'Pod');
    t.equal(noContainers.details?.name, 'p');

    const noName = statusOf(t, await send('POST', configmaps, { body: json({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }) }), 422, 'Invalid');
    t.match(noName.details?.causes, [{ reason: 'FieldValueRequired', field: 'metadata.name' }]);

    const noSelector = statusOf(t, await send('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, {
      body: json({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }),
    }), 422, 'Invalid');
    t.ok(noSelector.details?.causes?.some((c) => c.field === 'spec.selector' && c.reason === 'FieldValueRequired'), 'spec.selector is required');
    t.match(noSelector.message, /^Deployment.apps "d" is invalid: /);

    const badName = statusOf(t, await send('POST', configmaps, { body: json({ metadata: { name: 'Not_A_Name' } }) }), 422, 'Invalid');
    t.match(badName.details?.causes, [{ reason: 'FieldValueInvalid', field: 'metadata.name' }]);
  });

  t.test('a body of the wrong kind is 400', async (t) => {
    const wrongKind = statusOf(t, await send('POST', pods, { body: json({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p' } }) }), 400, 'BadRequest');
    t.match(wrongKind.message, /^ConfigMap in version "v1" cannot be handled as a Pod/);
    const wrongVersion = statusOf(t, await send('POST', configmaps, { body: json({ apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'c' } }) }), 400, 'BadRequest');
    t.match(wrongVersion.message, /apps\/v1/);
    statusOf(t, await send('PUT', `${configmaps}/keep`, { body: json({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'keep' } }) }), 400, 'BadRequest');
  });

  t.test('a body over 3 MiB is 413', async (t) => {
    const big = json({ metadata: { name: 'big' }, data: { blob: 'x'.repeat(3 * 1024 * 1024) } });
    const status = statusOf(t, await send('POST', configmaps, { body: big }), 413, 'RequestEntityTooLarge');
    t.equal(status.message, 'Request entity too large: limit is 3145728');
  });

  t.test('unknown resources and missing namespaces are 404', async (t) => {
    const unknown = statusOf(t, await send('GET', `/api/v1/namespaces/${ns}/widgets`), 404, 'NotFound');
    t.equal(unknown.message, 'the server could not find the requested resource');
    statusOf(t, await send('POST', `/api/v1/namespaces/${ns}/widgets`, { body: json({ metadata: { name: 'w' } }) }), 404, 'NotFound');
    statusOf(t, await send('GET', '/apis/example.com/v1/things'), 404, 'NotFound');
    statusOf(t, await send('GET', `/apis/apps/v1/namespaces/${ns}/deployments/d/log`), 404, 'NotFound');
    const missing = statusOf(t, await send('POST', '/api/v1/namespaces/nowhere/configmaps', { body: json({ metadata: { name: 'c' } }) }), 404, 'NotFound');
    t.equal(missing.message, 'namespaces "nowhere" not found');
    t.match(missing.details, { name: 'nowhere', kind: 'namespaces' });
    const missingObject = statusOf(t, await send('GET', `${configmaps}/absent`), 404, 'NotFound');
    t.equal(missingObject.message, 'configmaps "absent" not found');
  });

  t.test('unsupported media types and methods', async (t) => {
    statusOf(t, await send('PATCH', `${configmaps}/keep`, { body: json({ data: { v: '2' } }), headers: { 'Content-Type': 'text/plain' } }), 415, 'UnsupportedMediaType');
    statusOf(t, await send('POST', configmaps, { body: json({ metadata: { name: 'c' } }), headers: { 'Content-Type': 'text/plain' } }), 415, 'UnsupportedMediaType');
    statusOf(t, await send('PUT', configmaps, { body: json({ metadata: { name: 'c' } }) }), 405, 'MethodNotAllowed');
    const conflict = statusOf(t, await send('POST', configmaps, { body: json({ metadata: { name: 'keep' } }) }), 409, 'AlreadyExists');
    t.equal(conflict.message, 'configmaps "keep" already exists');
  });

  t.test('a wrong token is 401; no credentials is the anonymous user, whom RBAC refuses (403)', async (t) => {
    const none = statusOf(t, await send('GET', configmaps, { auth: 'none' }), 403, 'Forbidden');
    t.equal(none.message, `configmaps is forbidden: User "system:anonymous" cannot list resource "configmaps" in API group "" in the namespace "${ns}"`);
    statusOf(t, await send('POST', configmaps, { auth: 'none', body: json({ metadata: { name: 'anon' } }) }), 403, 'Forbidden');
    const wrong = statusOf(t, await send('GET', configmaps, { auth: 'none', headers: { Authorization: 'Bearer not-the-token' } }), 401, 'Unauthorized');
    t.equal(wrong.message, 'Unauthorized');
    const health = await send('GET', '/readyz', { auth: 'none' });
    t.equal(health.code, 200, '/readyz needs no credentials');
  });

  t.equal(JSON.stringify(await snapshot()), JSON.stringify(before), 'the store has the same revision and keys as before');
  t.same((await core.readNamespacedConfigMap({ namespace: ns, name: 'keep' })).data, { v: '1' });
});

t.test('the bearer token of the token context works', async (t) => {
  const viaRaw = await send('GET', configmaps, { auth: 'token' });
  t.equal(viaRaw.code, 200);
  const kc = cp.kubeConfig();
  const tokenContext = kc.getContexts().find((c) => c.name.endsWith('-token'))!;
  kc.setCurrentContext(tokenContext.name);
  t.ok(kc.getCurrentUser()?.token, 'the context authenticates with a token');
  const viaClient = await kc.makeApiClient(CoreV1Api).listNamespacedConfigMap({ namespace: ns });
  t.same(viaClient.items.map((c) => c.metadata?.name), ['keep']);
  const created = await kc.makeApiClient(CoreV1Api).createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'by-token' }, data: { k: 'v' } }, fieldManager: 'token-user' });
  t.equal(created.metadata?.managedFields?.[0]?.manager, 'token-user');
});

t.test('a YAML body is accepted', async (t) => {
  const res = await send('POST', configmaps, { body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n', headers: { 'Content-Type': 'application/yaml' } });
  t.equal(res.code, 201);
  t.same((res.json as { data?: object }).data, { k: 'v' });
});
