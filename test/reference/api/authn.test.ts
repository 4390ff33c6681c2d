import t from 'tap';
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent, createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Authenticator, formatTokenFile, loadOrCreateTokenFile, parseTokenFile, TokenFileError, type UserInfo,
} from '../../../src/reference/api/authn.ts';
import {
  createCertificateAuthority, issueClientCertificate, loadOrCreatePki, type CertificateAndKey,
} from '../../../src/reference/api/pki.ts';

const dir = t.testdir();
const pki = await loadOrCreatePki(join(dir, 'pki'));
const tokens = new Map<string, UserInfo>([
  ['admin-token', { name: 'kubernetes-admin', groups: ['system:masters'] }],
  ['dev-token', { name: 'dev', groups: ['devs'], uid: 'u-1' }],
]);
const authenticator = new Authenticator({ clientCA: pki.ca.cert, tokens });

// An HTTPS server set up as the API server sets itself up: it asks for a client
// certificate but lets the request through to authentication without one.
async function startServer(trusted: string[]): Promise<number> {
  const server = createServer(
    { cert: pki.apiserver.cert, key: pki.apiserver.key, ca: trusted, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const user = authenticator.authenticate(req);
      res.writeHead(user ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(user ?? { kind: 'Status', status: 'Failure', reason: 'Unauthorized', message: 'Unauthorized', code: 401 }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}
const port = await startServer([pki.ca.cert]);

interface Answer { status: number; body: Record<string, unknown> }

interface CallOptions { client?: CertificateAndKey; token?: string; authorization?: string; agent?: Agent; port?: number }

function call(options: CallOptions = {}): Promise<Answer> {
  const authorization = options.authorization ?? (options.token ? `Bearer ${options.token}` : undefined);
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: options.port ?? port, path: '/api', ca: pki.ca.cert,
      ...(options.client ? { cert: options.client.cert, key: options.client.key } : {}),
      headers: authorization ? { authorization } : {},
      agent: options.agent ?? false,
    }, (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('a client certificate signed by the CA names the user and its groups', async (t) => {
  const admin = await call({ client: pki.admin });
  t.equal(admin.status, 200);
  t.same(admin.body, { name: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] });

  const node = issueClientCertificate(pki.ca, 'system:node:worker-1', ['system:nodes', 'team,with comma']);
  t.same((await call({ client: node })).body, {
    name: 'system:node:worker-1', groups: ['system:nodes', 'team,with comma', 'system:authenticated'],
  });

  const noGroups = issueClientCertificate(pki.ca, 'alice');
  t.same((await call({ client: noGroups })).body, { name: 'alice', groups: ['system:authenticated'] });
});

t.test('every request on a kept-alive connection is authenticated', async (t) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: pki.ca.cert, cert: pki.admin.cert, key: pki.admin.key });
  t.teardown(() => agent.destroy());
  for (let i = 0; i < 3; i++) {
    const answer = await call({ client: pki.admin, agent });
    t.equal(answer.body.name, 'kubernetes-admin', `request ${i + 1}`);
  }
});

t.test('a request that proves nothing is unauthenticated', async (t) => {
  const answer = await call();
  t.equal(answer.status, 401);
  t.match(answer.body, { kind: 'Status', reason: 'Unauthorized', message: 'Unauthorized', code: 401 });
});

t.test('a certificate from another CA is refused', async (t) => {
  const otherCa = createCertificateAuthority('someone-else');
  const stranger = issueClientCertificate(otherCa, 'kubernetes-admin', ['system:masters']);
  t.equal((await call({ client: stranger })).status, 401, 'the TLS layer does not trust it');
  t.equal((await call({ client: stranger, token: 'dev-token' })).body.name, 'dev', 'a valid token still counts');

  const trustingBoth = await startServer([pki.ca.cert, otherCa.cert]);
  t.equal((await call({ client: stranger, port: trustingBoth })).status, 401, 'TLS trusts it, the authenticator does not');
  t.equal((await call({ client: pki.admin, port: trustingBoth })).body.name, 'kubernetes-admin');
});

t.test('a certificate not meant for client authentication is refused', async (t) => {
  t.equal((await call({ client: pki.apiserver })).status, 401, 'the serving certificate (serverAuth only)');
});

t.test('a bearer token from the table names its user', async (t) => {
  t.same((await call({ token: 'admin-token' })).body, { name: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] });
  t.same((await call({ token: 'dev-token' })).body, { name: 'dev', groups: ['devs', 'system:authenticated'], uid: 'u-1' });
  t.same((await call({ authorization: 'bearer dev-token' })).body.name, 'dev', 'the scheme is case-insensitive');
  t.equal((await call({ authorization: '  Bearer dev-token  ' })).body.name, 'dev', 'surrounding spaces are trimmed');
});

t.test('other authorization headers are unauthenticated', async (t) => {
  for (const authorization of ['Bearer wrong-token', 'Basic ZGV2OmRldg==', 'Bearer', 'Bearer  dev-token', 'dev-token']) {
    t.equal((await call({ authorization })).status, 401, authorization);
  }
});

t.test('a plain HTTP request can only use a token', async (t) => {
  const plain = createHttpServer((req, res) => res.end(JSON.stringify(authenticator.authenticate(req) ?? null)));
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => plain.close(() => resolve())));
  const plainPort = (plain.address() as AddressInfo).port;
  const get = (headers: Record<string, string>) => new Promise<unknown>((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port: plainPort, headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve(JSON.parse(text)));
    }).on('error', reject).end();
  });
  t.equal(await get({}), null);
  t.match(await get({ authorization: 'Bearer dev-token' }), { name: 'dev' });
});

t.test('the token file reads and writes the --token-auth-file format', async (t) => {
  const text = [
    'tok1,alice,uid-a,"devs,ops"',
    '',
    'tok2, bob, uid-b',
    ',ghost,uid-g',
    'tok3,"carol ""c""",,admins',
  ].join('\n');
  const table = parseTokenFile(text, 'tokens.csv');
  t.same([...table], [
    ['tok1', { name: 'alice', uid: 'uid-a', groups: ['devs', 'ops'] }],
    ['tok2', { name: 'bob', uid: 'uid-b', groups: [] }],
    ['tok3', { name: 'carol "c"', groups: ['admins'] }],
  ]);
  t.same([...parseTokenFile(formatTokenFile(table), 'again.csv')], [...table], 'format then parse gives the same table');
  t.throws(() => parseTokenFile('ok,alice,uid\nbroken,bob', 'tokens.csv'), new TokenFileError(
    'tokens.csv:2: a token line needs at least 3 columns: token,user,uid[,"group1,group2"]',
  ));
});

t.test('loadOrCreateTokenFile makes a token once and keeps it', async (t) => {
  const path = join(t.testdir(), 'tokens.csv');
  const admin = { name: 'kubernetes-admin', groups: ['system:masters'] };
  const first = await loadOrCreateTokenFile(path, admin);
  t.match(first.token, /^[A-Za-z0-9_-]{32}$/);
  t.same(first.tokens.get(first.token), admin);
  t.equal((await stat(path)).mode & 0o777, 0o600, 'only the owner can read tokens');
  const again = await loadOrCreateTokenFile(path, admin);
  t.equal(again.token, first.token, 'a restart keeps the token');

  await writeFile(path, 'other-token,ci,uid-ci,ci\n');
  const added = await loadOrCreateTokenFile(path, admin);
  t.not(added.token, first.token);
  t.same([...added.tokens.keys()], ['other-token', added.token], 'existing tokens stay');
  t.match(await readFile(path, 'utf8'), /^other-token,ci,uid-ci,ci\n/);
});
