import t from 'tap';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connect } from 'node:tls';
import {
  adminGroups, adminUser, createCertificateAuthority, issueClientCertificate, issueServerCertificate,
  loadOrCreatePki, PkiError, savePki, type CertificateAndKey,
} from '../../../src/reference/api/pki.ts';

const ca = createCertificateAuthority();
const caCert = new X509Certificate(ca.cert);

function subjectOf(cert: CertificateAndKey): Record<string, unknown> {
  return { ...new X509Certificate(cert.cert).toLegacyObject().subject };
}

function openssl(...args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

t.test('the CA is a self-signed ECDSA P-256 certificate authority', async (t) => {
  t.ok(caCert.ca, 'basicConstraints CA:TRUE');
  t.ok(caCert.checkIssued(caCert) && caCert.verify(caCert.publicKey), 'self-signed');
  t.equal(caCert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  t.match(ca.key, /^-----BEGIN PRIVATE KEY-----\n/, 'PKCS#8 key');
  t.same(subjectOf(ca), { CN: 'kdrill-ca' });
  const years = (caCert.validToDate.getTime() - Date.now()) / (365 * 24 * 3600 * 1000);
  t.ok(years > 9.9 && years <= 10, 'valid for ten years');
  t.ok(caCert.validFromDate.getTime() < Date.now(), 'valid already');
});

t.test('the server certificate names the API server every way a client reaches it', async (t) => {
  const server = issueServerCertificate(ca, { dnsNames: ['api.example.test'], ipAddresses: ['192.0.2.10', 'fd00::10'] });
  const cert = new X509Certificate(server.cert);
  t.ok(cert.checkIssued(caCert) && cert.verify(caCert.publicKey), 'signed by the CA');
  t.notOk(cert.ca);
  const hosts = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'api.example.test'];
  for (const host of hosts) t.equal(cert.checkHost(host, { subject: 'never' }), host, host);
  for (const ip of ['127.0.0.1', '::1', '10.96.0.1', '192.0.2.10', 'fd00::10']) t.equal(cert.checkIP(ip), ip, ip);
  t.equal(cert.checkHost('other.example.test'), undefined);
  const v6 = new X509Certificate(issueServerCertificate(ca, { ipAddresses: ['::ffff:192.0.2.1', '2001:db8::', '2001:db8:0:0:1:0:0:1'] }).cert);
  t.match(v6.subjectAltName, /IP Address:0:0:0:0:0:FFFF:C000:201, IP Address:2001:DB8:0:0:0:0:0:0, IP Address:2001:DB8:0:0:1:0:0:1/i, 'IPv6 forms');
  t.same(cert.keyUsage, ['1.3.6.1.5.5.7.3.1'], 'serverAuth');
  t.throws(() => issueServerCertificate(ca, { ipAddresses: ['not-an-ip'] }), PkiError);
});

t.test('a client certificate carries the user as CN and the groups as O', async (t) => {
  const admin = issueClientCertificate(ca, adminUser, adminGroups);
  t.same(subjectOf(admin), { O: 'system:masters', CN: 'kubernetes-admin' });
  const node = issueClientCertificate(ca, 'system:node:worker-1', ['system:nodes', 'a,b']);
  t.same(subjectOf(node), { O: ['system:nodes', 'a,b'], CN: 'system:node:worker-1' });
  t.same(new X509Certificate(node.cert).keyUsage, ['1.3.6.1.5.5.7.3.2'], 'clientAuth');
  t.throws(() => issueClientCertificate(ca, ''), PkiError);
});

t.test('OpenSSL agrees with the chain and the extensions', async (t) => {
  const dir = t.testdir();
  await savePki(dir, {
    ca,
    apiserver: issueServerCertificate(ca),
    admin: issueClientCertificate(ca, adminUser, adminGroups),
  });
  const files = ['apiserver.crt', 'admin.crt'].map((f) => join(dir, f));
  t.match(openssl('verify', '-CAfile', join(dir, 'ca.crt'), ...files), /apiserver\.crt: OK\n.*admin\.crt: OK/s);
  t.match(openssl('verify', '-purpose', 'sslserver', '-CAfile', join(dir, 'ca.crt'), files[0]!), /OK/);
  t.match(openssl('verify', '-purpose', 'sslclient', '-CAfile', join(dir, 'ca.crt'), files[1]!), /OK/);
  const text = openssl('x509', '-in', files[0]!, '-noout', '-text');
  t.match(text, /Basic Constraints: critical\s+CA:FALSE/);
  t.match(text, /DNS:kubernetes\.default\.svc\.cluster\.local/);
  t.match(text, /IP Address:0:0:0:0:0:0:0:1/);
  t.match(text, /Authority Key Identifier/);
  t.match(openssl('x509', '-in', join(dir, 'ca.crt'), '-noout', '-text'), /Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
});

t.test('Node TLS accepts the server certificate for each of its names', async (t) => {
  const server = issueServerCertificate(ca);
  const https = createServer({ cert: server.cert, key: server.key }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => https.close(() => resolve())));
  const port = (https.address() as AddressInfo).port;
  const handshake = (servername: string | undefined) => new Promise<boolean>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca: ca.cert, ...(servername ? { servername } : {}) }, () => {
      resolve(socket.authorized);
      socket.end();
    });
    socket.on('error', reject);
  });
  t.ok(await handshake(undefined), 'by IP address 127.0.0.1');
  t.ok(await handshake('kubernetes.default.svc'), 'by the service name');
  await t.rejects(handshake('elsewhere.example.test'), /does not match|not in the cert's altnames/);
});

t.test('loadOrCreatePki makes the directory once and reuses it', async (t) => {
  const dir = join(t.testdir(), 'pki');
  const started = performance.now();
  const first = await loadOrCreatePki(dir);
  t.ok(performance.now() - started < 1000, 'quick enough for every test that starts a server');
  for (const name of ['ca', 'apiserver', 'admin']) {
    t.equal((await stat(join(dir, `${name}.key`))).mode & 0o777, 0o600, `${name}.key is private`);
    t.equal(await readFile(join(dir, `${name}.crt`), 'utf8'), first[name as keyof typeof first].cert);
  }
  t.equal((await stat(dir)).mode & 0o777, 0o700);
  t.same(subjectOf(first.admin), { O: 'system:masters', CN: 'kubernetes-admin' });

  const second = await loadOrCreatePki(dir);
  t.same(second, first, 'a restart reuses every certificate');
});

t.test('loadOrCreatePki makes only what is missing or no longer fits', async (t) => {
  const dir = t.testdir();
  const first = await loadOrCreatePki(dir);

  await rm(join(dir, 'apiserver.crt'));
  await rm(join(dir, 'apiserver.key'));
  const rebuilt = await loadOrCreatePki(dir);
  t.equal(rebuilt.ca.cert, first.ca.cert, 'the CA stays');
  t.equal(rebuilt.admin.cert, first.admin.cert, 'the admin certificate stays');
  t.not(rebuilt.apiserver.cert, first.apiserver.cert, 'a new server certificate');

  const renamed = await loadOrCreatePki(dir, { dnsNames: ['new.example.test'], ipAddresses: ['192.0.2.7'] });
  t.equal(renamed.ca.cert, first.ca.cert);
  t.equal(renamed.admin.cert, first.admin.cert);
  const server = new X509Certificate(renamed.apiserver.cert);
  t.equal(server.checkHost('new.example.test'), 'new.example.test', 'a new name means a new server certificate');
  t.equal(server.checkIP('192.0.2.7'), '192.0.2.7');
  t.same(await loadOrCreatePki(dir, { dnsNames: ['new.example.test'] }), renamed, 'names already covered keep it');

  const stranger = issueClientCertificate(createCertificateAuthority('other'), adminUser, adminGroups);
  await writeFile(join(dir, 'admin.crt'), stranger.cert);
  await writeFile(join(dir, 'admin.key'), stranger.key);
  const readmitted = await loadOrCreatePki(dir);
  t.ok(new X509Certificate(readmitted.admin.cert).checkIssued(new X509Certificate(first.ca.cert)), 'an admin certificate from another CA is replaced');

  const notAdmin = issueClientCertificate(first.ca, 'someone', []);
  await writeFile(join(dir, 'admin.crt'), notAdmin.cert);
  await writeFile(join(dir, 'admin.key'), notAdmin.key);
  t.same(subjectOf((await loadOrCreatePki(dir)).admin), { O: 'system:masters', CN: 'kubernetes-admin' }, 'and so is one for another user');
});

t.test('loadOrCreatePki never replaces a CA it cannot use', async (t) => {
  const dir = t.testdir();
  const first = await loadOrCreatePki(dir);

  await rm(join(dir, 'ca.key'));
  await t.rejects(loadOrCreatePki(dir), new PkiError(
    `${join(dir, 'ca.key')} is missing but ca.crt is there: restore ca.key, or remove ca.crt to have a new one made`,
  ));

  await writeFile(join(dir, 'ca.key'), createCertificateAuthority().key);
  await t.rejects(loadOrCreatePki(dir), /ca\.crt cannot be used \(the key does not belong to the certificate\)/);

  await writeFile(join(dir, 'ca.key'), 'not a key');
  await t.rejects(loadOrCreatePki(dir), PkiError);

  await writeFile(join(dir, 'ca.key'), first.ca.key);
  t.equal((await loadOrCreatePki(dir)).ca.cert, first.ca.cert, 'restoring the key restores the PKI');
});

t.test('an RSA CA dropped into the directory signs with SHA-256 RSA', async (t) => {
  const dir = t.testdir();
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=corporate-ca', '-days', '30',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt'));
  const pki = await loadOrCreatePki(dir);
  const server = new X509Certificate(pki.apiserver.cert);
  t.equal(server.issuer, 'CN=corporate-ca');
  t.ok(server.verify(new X509Certificate(pki.ca.cert).publicKey));
  t.match(openssl('verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'apiserver.crt'), join(dir, 'admin.crt')), /apiserver\.crt: OK\n.*admin\.crt: OK/s);
});

t.test('a CA key of another type is refused with what to use instead', async (t) => {
  const dir = t.testdir();
  openssl('req', '-x509', '-newkey', 'ed25519', '-nodes', '-subj', '/CN=edwards-ca', '-days', '30',
    '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt'));
  await t.rejects(loadOrCreatePki(dir), new PkiError('CA keys of type ed25519 are not supported: use an ECDSA or RSA CA key'));
});
