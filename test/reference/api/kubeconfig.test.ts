import t from 'tap';
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { createServer, request, type RequestOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { Authenticator, loadOrCreateTokenFile } from '../../../src/reference/api/authn.ts';
import { buildKubeconfig, kubeconfigNames, writeKubeconfig, type KubeconfigOptions } from '../../../src/reference/api/kubeconfig.ts';
import { adminGroups, adminUser, loadOrCreatePki } from '../../../src/reference/api/pki.ts';
import { kubectlPath } from '../../helpers/client-tools.ts';

const dir = t.testdir();
const pki = await loadOrCreatePki(join(dir, 'pki'));
const { tokens, token } = await loadOrCreateTokenFile(join(dir, 'pki', 'tokens.csv'), { name: adminUser, groups: adminGroups });
const authenticator = new Authenticator({ clientCA: pki.ca.cert, tokens });

// Answers every path with the authenticated user, or 401 with a Status.
const server = createServer(
  { cert: pki.apiserver.cert, key: pki.apiserver.key, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: false },
  (req, res) => {
    const user = authenticator.authenticate(req);
    res.writeHead(user ? 200 : 401, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(user ?? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
  },
);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

const options: KubeconfigOptions = { name: 'demo', server: url, caCertificate: pki.ca.cert, clientCertificate: pki.admin, token };
const names = kubeconfigNames('demo');

interface ParsedKubeconfig {
  clusters: unknown[];
  users: { name: string; user: Record<string, string> }[];
  contexts: { name: string; context: Record<string, string> }[];
}

t.test('the kubeconfig has one cluster, a certificate user and a token user', async (t) => {
  t.same(names, { cluster: 'kdrill-demo', certificateContext: 'kdrill-demo', tokenContext: 'kdrill-demo-token' });
  const config = parse(buildKubeconfig({ ...options, namespace: 'team-a' })) as ParsedKubeconfig;
  t.match(config, { apiVersion: 'v1', kind: 'Config', 'current-context': 'kdrill-demo' });
  t.same(config.clusters, [{ name: 'kdrill-demo', cluster: { server: url, 'certificate-authority-data': Buffer.from(pki.ca.cert).toString('base64') } }]);
  const certificateUser = config.users[0]!.user;
  t.equal(Buffer.from(certificateUser['client-certificate-data']!, 'base64').toString(), pki.admin.cert);
  t.equal(Buffer.from(certificateUser['client-key-data']!, 'base64').toString(), pki.admin.key);
  t.same(config.users[1], { name: 'kdrill-demo-token', user: { token } });
  t.same(config.contexts, [
    { name: 'kdrill-demo', context: { cluster: 'kdrill-demo', user: 'kdrill-demo', namespace: 'team-a' } },
    { name: 'kdrill-demo-token', context: { cluster: 'kdrill-demo', user: 'kdrill-demo-token', namespace: 'team-a' } },
  ]);
  const plain = parse(buildKubeconfig(options)) as ParsedKubeconfig;
  t.notOk('namespace' in plain.contexts[0]!.context, 'no namespace unless asked');
});

t.test('bad input is refused before anything is written', async (t) => {
  t.throws(() => buildKubeconfig({ ...options, name: '' }), TypeError);
  t.throws(() => buildKubeconfig({ ...options, server: 'http://127.0.0.1:6443' }), { message: /is not an https URL/ });
  t.throws(() => buildKubeconfig({ ...options, server: '127.0.0.1:6443' }), TypeError);
});

t.test('client-node loads it and reaches the server with either user', async (t) => {
  const kc = new KubeConfig();
  kc.loadFromString(buildKubeconfig(options));
  t.equal(kc.getCurrentContext(), 'kdrill-demo');
  t.equal(kc.getCurrentCluster()?.server, url);
  const whoami = async () => {
    const requestOptions: RequestOptions = {};
    await kc.applyToHTTPSOptions(requestOptions);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      request(`${url}/apis/authentication.k8s.io/v1/selfsubjectreviews`, { ...requestOptions, agent: false }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(JSON.parse(text) as Record<string, unknown>));
      }).on('error', reject).end();
    });
  };
  t.same(await whoami(), { name: adminUser, groups: ['system:masters', 'system:authenticated'] }, 'client certificate');
  kc.setCurrentContext('kdrill-demo-token');
  t.same(await whoami(), { name: adminUser, groups: ['system:masters', 'system:authenticated'] }, 'token');
});

t.test('kubectl 1.34 loads it and reaches the server with either context', async (t) => {
  const path = join(t.testdir(), 'nested', 'kubeconfig');
  await writeKubeconfig(path, options);
  t.equal((await stat(path)).mode & 0o777, 0o600, 'the kubeconfig holds keys, so only its owner reads it');
  t.equal(await readFile(path, 'utf8'), buildKubeconfig(options));

  const kubectl = (...args: string[]) => promisify(execFile)(kubectlPath(), ['--kubeconfig', path, ...args], { encoding: 'utf8' });
  t.equal((await kubectl('config', 'current-context')).stdout.trim(), 'kdrill-demo');
  t.same((await kubectl('config', 'get-contexts', '-o', 'name')).stdout.trim().split('\n'), ['kdrill-demo', 'kdrill-demo-token']);
  for (const context of ['kdrill-demo', 'kdrill-demo-token']) {
    const { stdout } = await kubectl('--context', context, 'get', '--raw', '/api');
    t.same(JSON.parse(stdout), { name: adminUser, groups: ['system:masters', 'system:authenticated'] }, context);
  }
});
