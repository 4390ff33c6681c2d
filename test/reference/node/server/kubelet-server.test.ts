// The kubelet endpoint on its own: who may call it, and the answers that are
// not streams. (Streams are driven by real kubectl in kubectl-kubelet-api.test.ts.)
import t from 'tap';
import { request } from 'node:https';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { createCertificateAuthority, issueClientCertificate, issueServerCertificate, type CertificateAndKey } from '../../../../src/reference/api/pki.ts';
import { KubeletServer } from '../../../../src/reference/node/server/kubelet-server.ts';
import { criTimestamp, ProcessPodAccess } from './fixtures/process-pod-access.ts';

const ca = createCertificateAuthority();
const client = issueClientCertificate(ca, 'kube-apiserver-kubelet-client', ['kubeadm:cluster-admins']);
const stranger = issueClientCertificate(createCertificateAuthority(), 'kube-apiserver-kubelet-client');
const serving = issueServerCertificate(ca, { ipAddresses: ['127.0.0.1'] });
const dir = t.testdir();
const pods = new ProcessPodAccess(dir);
const log = join(dir, 'app.log');
writeFileSync(log, `${criTimestamp()} stdout F hello\n`);
pods.setLogs('default', 'web', 'app', log);
t.teardown(() => pods.stopAll());
const server = new KubeletServer({
  host: '127.0.0.1', port: 0, tls: { cert: serving.cert, key: serving.key, clientCA: ca.cert }, pods,
  listPods: () => [{ metadata: { name: 'web', namespace: 'default' } }],
});
const port = await server.listen();
t.teardown(() => server.close());

function get(path: string, as?: CertificateAndKey, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, ca: ca.cert, ...(as ? { cert: as.cert, key: as.key } : {}) }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('only clients with a certificate from the cluster CA get in', async (t) => {
  t.same(await get('/pods'), { status: 401, body: 'Unauthorized' }, 'no certificate');
  t.same(await get('/pods', stranger), { status: 401, body: 'Unauthorized' }, 'a certificate from another CA');
  t.same(await get('/healthz'), { status: 200, body: 'ok' }, 'health needs no certificate');
  const pods = await get('/pods', client);
  t.equal(pods.status, 200);
  t.same(JSON.parse(pods.body), { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'web', namespace: 'default' } }] });
});

t.test('container logs and their errors', async (t) => {
  t.same(await get('/containerLogs/default/web/app', client), { status: 200, body: 'hello\n' });
  t.same(await get('/containerLogs/default/web/app?previous=true', client), { status: 400, body: 'previous terminated container "app" in pod "web" not found' });
  t.same(await get('/containerLogs/default/web/db', client), { status: 400, body: 'container "db" in pod "web" is waiting to start: ContainerCreating' });
  t.same(await get('/containerLogs/default/web/app?tailLines=-1', client), { status: 400, body: 'tailLines: must be a non-negative integer' });
  t.same(await get('/containerLogs/default/web/app?sinceTime=soon', client), { status: 400, body: 'sinceTime: soon is not an RFC 3339 time' });
});

t.test('streams need an upgrade; unknown paths and methods are refused', async (t) => {
  t.same(await get('/exec/default/web/app?command=true', client), { status: 400, body: 'Upgrade request required' });
  t.same(await get('/nothing', client), { status: 404, body: '404 page not found' });
  t.equal((await get('/pods', client, 'DELETE')).status, 405);
});

t.test('a v4.channel.k8s.io client: frames in order, the outcome on the error channel', async (t) => {
  pods.start('default', 'shell', 'main', ['sleep', '300']);
  const ws = new WebSocket(`wss://127.0.0.1:${port}/exec/default/shell/main?command=sh&command=-c&command=read+x%3B+echo+got+%24x%3B+exit+2&input=1&output=1&error=1`, ['v4.channel.k8s.io'], {
    ca: ca.cert, cert: client.cert, key: client.key,
  });
  const frames: { channel: number; text: string }[] = [];
  ws.on('message', (data: Buffer) => frames.push({ channel: data[0]!, text: data.subarray(1).toString() }));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  t.equal(ws.protocol, 'v4.channel.k8s.io');
  ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('hello\n')]));
  const closed = await new Promise<number>((resolve) => ws.once('close', (code: number) => resolve(code)));
  t.equal(closed, 1000);
  t.same(frames[0], { channel: 1, text: '' }, 'an empty stdout frame first: the streams are up');
  t.same(frames.filter((f) => f.channel === 1).map((f) => f.text).join(''), 'got hello\n');
  const status = JSON.parse(frames.at(-1)!.text) as { status: string; details: { causes: { message: string }[] } };
  t.equal(frames.at(-1)!.channel, 3);
  t.match(status, { status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '2' }] } });
});

t.test('exec needs a running container and a command', async (t) => {
  const refused = (path: string) => new Promise<number>((resolve) => {
    const ws = new WebSocket(`wss://127.0.0.1:${port}${path}`, ['v5.channel.k8s.io'], { ca: ca.cert, cert: client.cert, key: client.key });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', () => undefined);
  });
  t.equal(await refused('/exec/default/web/ghost?command=true&output=1'), 404);
  t.equal(await refused('/exec/default/shell/main?output=1'), 400);
});

t.test('with an authorizer, what it refuses is refused: plain requests and upgrades', async (t) => {
  const asked: string[] = [];
  const guarded = new KubeletServer({
    host: '127.0.0.1', port: 0, tls: { cert: serving.cert, key: serving.key, clientCA: ca.cert }, pods, listPods: () => [],
    authorization: {
      nodeName: 'n1',
      async authorize(user, attributes) {
        asked.push(`${user.name} [${user.groups.join(',')}] ${attributes.verb} ${attributes.subresource} ${attributes.name}`);
        if (user.name === 'broken') throw new Error('no answer');
        return user.name === 'kube-apiserver-kubelet-client';
      },
    },
  });
  const guardedPort = await guarded.listen();
  t.teardown(() => guarded.close());
  const other = issueClientCertificate(ca, 'system:node:n2', ['system:nodes']);
  const call = (as: CertificateAndKey, path: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: guardedPort, path, ca: ca.cert, cert: as.cert, key: as.key }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
  t.same(await call(client, '/containerLogs/default/web/app'), { status: 200, body: 'hello\n' });
  t.same(await call(other, '/pods'), { status: 403, body: 'Forbidden (user=system:node:n2, verb=get, resource=nodes, subresource(s)=[proxy])' });
  t.same(await call(issueClientCertificate(ca, 'broken'), '/pods'), { status: 500, body: 'no answer' });
  const upgrade = (as: CertificateAndKey) => new Promise<number>((resolve) => {
    const ws = new WebSocket(`wss://127.0.0.1:${guardedPort}/exec/default/shell/main?command=true&output=1`, ['v5.channel.k8s.io'], { ca: ca.cert, cert: as.cert, key: as.key });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.once('error', () => undefined);
  });
  t.equal(await upgrade(other), 403);
  t.equal(await upgrade(issueClientCertificate(ca, 'broken')), 500);
  t.equal(await upgrade(client), 101);
  t.same(asked, [
    'kube-apiserver-kubelet-client [kubeadm:cluster-admins] get proxy n1',
    'system:node:n2 [system:nodes] get proxy n1',
    'broken [] get proxy n1',
    'system:node:n2 [system:nodes] create proxy n1',
    'broken [] create proxy n1',
    'kube-apiserver-kubelet-client [kubeadm:cluster-admins] create proxy n1',
  ], 'the certificate\'s user and groups; upgrades ask to create');
});
