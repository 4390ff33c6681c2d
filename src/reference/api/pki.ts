// The cluster's certificates: a self-signed CA, the API server's serving
// certificate and client certificates (CN = user, O = groups), kept in a PKI
// directory so that a restarted server reuses them and existing kubeconfigs
// stay valid.
//
// Certificates are assembled in DER here and signed with node:crypto: ECDSA
// P-256 keys, which kubectl (Go), helm and Node accept, and which take well
// under a millisecond to generate. (@peculiar/x509 cannot load without the
// reflect-metadata polyfill, which is not installed.)

import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isIPv4, isIPv6 } from 'node:net';
import { join } from 'node:path';

/** A certificate and its private key, both PEM (the key as PKCS#8 "PRIVATE KEY"). */
export interface CertificateAndKey {
  readonly cert: string;
  readonly key: string;
}

/** What a PKI directory holds: ca.crt/key, apiserver.crt/key, admin.crt/key. */
export interface Pki {
  readonly ca: CertificateAndKey;
  readonly apiserver: CertificateAndKey;
  readonly admin: CertificateAndKey;
}

export interface ServerNames {
  /** DNS names besides localhost and the kubernetes service names. */
  readonly dnsNames?: readonly string[];
  /** IP addresses besides 127.0.0.1, ::1 and 10.96.0.1. */
  readonly ipAddresses?: readonly string[];
}

/** The PKI directory cannot be used as it is; the message says what to do. */
export class PkiError extends Error {
  override name = 'PkiError';
}

export const adminUser = 'kubernetes-admin';
export const adminGroups: readonly string[] = ['system:masters'];

const defaultDnsNames = [
  'localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local',
];
const defaultIpAddresses = ['127.0.0.1', '::1', '10.96.0.1'];

const day = 24 * 60 * 60 * 1000;
const caValidity = 10 * 365 * day;
const leafValidity = 365 * day;
/** Leaves closer than this to expiry are issued again when the directory is loaded. */
const renewBefore = 30 * day;
/** Certificates start a little in the past, so clocks slightly behind still accept them. */
const backdate = 5 * 60 * 1000;

// ---- DER encoding (X.690), just what X.509 v3 certificates need ----

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const octetString = (content: Buffer): Buffer => tlv(0x04, content);
const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
const booleanTrue = Buffer.from([0x01, 0x01, 0xff]);
const nullValue = Buffer.from([0x05, 0x00]);
const explicit = (tagNumber: number, content: Buffer): Buffer => tlv(0xa0 | tagNumber, content);

/** An INTEGER from minimal big-endian bytes whose top bit is clear (a positive number). */
const positiveInteger = (bytes: Buffer): Buffer => tlv(0x02, bytes);

function objectIdentifier(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first! * 40 + second!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift(0x80 | (n & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime through 2049, GeneralizedTime after, as RFC 5280 requires. */
function time(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z';
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii')) : tlv(0x18, Buffer.from(digits, 'ascii'));
}

/** A BIT STRING of named bits (bit 0 first), minimal as DER wants it. */
function namedBits(bits: readonly number[]): Buffer {
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)]! |= 0x80 >> bit % 8;
  return tlv(0x03, Buffer.concat([Buffer.from([7 - (highest % 8)]), bytes]));
}

/** Where the content of the DER element at `at` starts, and how long it is. */
function header(der: Buffer, at: number): { start: number; length: number } {
  const first = der[at + 1]!;
  if (first < 0x80) return { start: at + 2, length: first };
  let length = 0;
  for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + der[at + 2 + i]!;
  return { start: at + 2 + (first & 0x7f), length };
}

/** The content of a DER element, without its tag and length. */
function content(element: Buffer): Buffer {
  const { start, length } = header(element, 0);
  return element.subarray(start, start + length);
}

/** The elements directly inside a constructed DER element, each with its tag and length. */
function children(element: Buffer): Buffer[] {
  const inside = content(element);
  const items: Buffer[] = [];
  for (let at = 0; at < inside.length;) {
    const { start, length } = header(inside, at);
    items.push(inside.subarray(at, start + length));
    at = start + length;
  }
  return items;
}

// ---- X.509 ----

const oids = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

const keyUsage = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 };

/** O attributes first, then CN, each its own RDN, as Go and kubeadm write them. */
function distinguishedName(commonName: string, organizations: readonly string[] = []): Buffer {
  const attribute = (oid: string, value: string) => set(sequence(objectIdentifier(oid), utf8String(value)));
  return sequence(
    ...organizations.map((o) => attribute(oids.organization, o)),
    attribute(oids.commonName, commonName),
  );
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [booleanTrue] : []), octetString(value));
}

function ipAddressBytes(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (part: string | undefined): number[] => {
    if (!part) return [];
    return part.split(':').flatMap((group) => {
      if (!group.includes('.')) return [parseInt(group, 16)];
      const [a, b, c, d] = group.split('.').map(Number);
      return [(a! << 8) | b!, (c! << 8) | d!];
    });
  };
  const before = groups(head);
  const after = groups(tail);
  const all = tail === undefined ? before : [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
  return Buffer.from(all.flatMap((g) => [g >> 8, g & 0xff]));
}

function subjectAltNames(dnsNames: readonly string[], ipAddresses: readonly string[]): Buffer {
  return sequence(
    ...dnsNames.map((name) => tlv(0x82, Buffer.from(name, 'ascii'))),
    ...ipAddresses.map((ip) => tlv(0x87, ipAddressBytes(ip))),
  );
}

/** The SubjectPublicKeyInfo of a key, and its key identifier (SHA-1 of the key bits, RFC 5280 method 1). */
function publicKeyInfo(key: KeyObject): { spki: Buffer; keyId: Buffer } {
  const spki = key.export({ type: 'spki', format: 'der' });
  const keyBits = content(children(spki)[1]!).subarray(1);
  return { spki, keyId: createHash('sha1').update(keyBits).digest() };
}

function signatureAlgorithm(signingKey: KeyObject): Buffer {
  if (signingKey.asymmetricKeyType === 'ec') return sequence(objectIdentifier(oids.ecdsaWithSha256));
  if (signingKey.asymmetricKeyType === 'rsa') return sequence(objectIdentifier(oids.sha256WithRsa), nullValue);
  throw new PkiError(`CA keys of type ${signingKey.asymmetricKeyType} are not supported: use an ECDSA or RSA CA key`);
}

interface CertificateRequest {
  readonly subject: Buffer;
  readonly issuer: Buffer;
  readonly publicKey: KeyObject;
  readonly signingKey: KeyObject;
  readonly authorityKeyId: Buffer;
  readonly validity: number;
  readonly extensions: readonly Buffer[];
}

/** 127 random bits: the top bit clear keeps it positive, the next one set keeps it 16 bytes long. */
function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes;
}

function certificate(request: CertificateRequest): string {
  const { spki, keyId } = publicKeyInfo(request.publicKey);
  const algorithm = signatureAlgorithm(request.signingKey);
  const now = Date.now();
  const tbs = sequence(
    explicit(0, positiveInteger(Buffer.from([2]))), // v3
    positiveInteger(serialNumber()),
    algorithm,
    request.issuer,
    sequence(time(new Date(now - backdate)), time(new Date(now + request.validity))),
    request.subject,
    spki,
    explicit(3, sequence(
      ...request.extensions,
      extension(oids.subjectKeyIdentifier, false, octetString(keyId)),
      extension(oids.authorityKeyIdentifier, false, sequence(tlv(0x80, request.authorityKeyId))),
    )),
  );
  const signature = sign('sha256', tbs, request.signingKey);
  const der = sequence(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}

function newKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The CA's subject exactly as encoded in its certificate, to be the issuer of what it signs. */
function subjectOf(cert: X509Certificate): Buffer {
  const tbsFields = children(children(cert.raw)[0]!);
  const hasVersion = tbsFields[0]![0] === 0xa0;
  return tbsFields[hasVersion ? 5 : 4]!;
}

function signedBy(ca: CertificateAndKey, subject: Buffer, validity: number, extensions: Buffer[]): CertificateAndKey {
  const caCert = new X509Certificate(ca.cert);
  const keys = newKeyPair();
  const cert = certificate({
    subject,
    issuer: subjectOf(caCert),
    publicKey: keys.publicKey,
    signingKey: createPrivateKey(ca.key),
    authorityKeyId: publicKeyInfo(caCert.publicKey).keyId,
    validity,
    extensions: [extension(oids.basicConstraints, true, sequence()), ...extensions],
  });
  return { cert, key: privateKeyPem(keys.privateKey) };
}

/** A new self-signed certificate authority, valid for ten years. */
export function createCertificateAuthority(commonName = 'kdrill-ca'): CertificateAndKey {
  const keys = newKeyPair();
  const name = distinguishedName(commonName);
  const cert = certificate({
    subject: name,
    issuer: name,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    authorityKeyId: publicKeyInfo(keys.publicKey).keyId,
    validity: caValidity,
    extensions: [
      extension(oids.basicConstraints, true, sequence(booleanTrue)),
      extension(oids.keyUsage, true, namedBits([keyUsage.digitalSignature, keyUsage.keyCertSign, keyUsage.cRLSign])),
    ],
  });
  return { cert, key: privateKeyPem(keys.privateKey) };
}

/** Every name the API server's certificate must carry: the defaults plus `names`, without repeats. */
export function serverSubjectAltNames(names: ServerNames = {}): { dnsNames: string[]; ipAddresses: string[] } {
  for (const ip of names.ipAddresses ?? []) {
    if (!isIPv4(ip) && !isIPv6(ip)) throw new PkiError(`"${ip}" is not an IP address: give IPv4 or IPv6 addresses in ipAddresses`);
  }
  return {
    dnsNames: [...new Set([...defaultDnsNames, ...(names.dnsNames ?? [])])],
    ipAddresses: [...new Set([...defaultIpAddresses, ...(names.ipAddresses ?? [])])],
  };
}

/** A serving certificate for the API server, signed by `ca`, valid for a year. */
export function issueServerCertificate(ca: CertificateAndKey, names: ServerNames = {}): CertificateAndKey {
  const { dnsNames, ipAddresses } = serverSubjectAltNames(names);
  return signedBy(ca, distinguishedName('kube-apiserver'), leafValidity, [
    extension(oids.keyUsage, true, namedBits([keyUsage.digitalSignature, keyUsage.keyEncipherment])),
    extension(oids.extKeyUsage, false, sequence(objectIdentifier(oids.serverAuth))),
    extension(oids.subjectAltName, false, subjectAltNames(dnsNames, ipAddresses)),
  ]);
}

/** A client certificate for `user` in `groups` (CN and O), signed by `ca`, valid for a year. */
export function issueClientCertificate(ca: CertificateAndKey, user: string, groups: readonly string[] = []): CertificateAndKey {
  if (user === '') throw new PkiError('a client certificate needs a user name (its CN)');
  return signedBy(ca, distinguishedName(user, groups), leafValidity, [
    extension(oids.keyUsage, true, namedBits([keyUsage.digitalSignature, keyUsage.keyEncipherment])),
    extension(oids.extKeyUsage, false, sequence(objectIdentifier(oids.clientAuth))),
  ]);
}

// ---- the PKI directory ----

const files = {
  ca: ['ca.crt', 'ca.key'],
  apiserver: ['apiserver.crt', 'apiserver.key'],
  admin: ['admin.crt', 'admin.key'],
} as const;

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a key. */
async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, path);
}

async function readPair(dir: string, which: keyof typeof files): Promise<CertificateAndKey | undefined> {
  const [certFile, keyFile] = files[which];
  const [cert, key] = await Promise.all([readIfPresent(join(dir, certFile)), readIfPresent(join(dir, keyFile))]);
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) {
    const missing = cert === undefined ? certFile : keyFile;
    const present = cert === undefined ? keyFile : certFile;
    throw new PkiError(`${join(dir, missing)} is missing but ${present} is there: restore ${missing}, or remove ${present} to have a new one made`);
  }
  return { cert, key };
}

async function writePair(dir: string, which: keyof typeof files, pair: CertificateAndKey): Promise<void> {
  const [certFile, keyFile] = files[which];
  await writeAtomically(join(dir, keyFile), pair.key, 0o600);
  await writeAtomically(join(dir, certFile), pair.cert, 0o644);
}

function parsed(pair: CertificateAndKey, path: string): X509Certificate {
  try {
    const cert = new X509Certificate(pair.cert);
    if (!cert.checkPrivateKey(createPrivateKey(pair.key))) throw new Error('the key does not belong to the certificate');
    return cert;
  } catch (error) {
    throw new PkiError(`${path} cannot be used (${(error as Error).message}): remove it and its key to have new ones made`);
  }
}

/** Whether a leaf was signed by the CA and stays valid long enough to keep. */
function stillGood(leaf: X509Certificate, ca: X509Certificate): boolean {
  return leaf.checkIssued(ca) && leaf.verify(ca.publicKey) && leaf.validToDate.getTime() - Date.now() > renewBefore;
}

function coversNames(cert: X509Certificate, names: { dnsNames: string[]; ipAddresses: string[] }): boolean {
  return names.dnsNames.every((name) => cert.checkHost(name, { subject: 'never', wildcards: false }) === name) &&
    names.ipAddresses.every((ip) => cert.checkIP(ip) !== undefined);
}

function isAdmin(cert: X509Certificate): boolean {
  const subject = cert.toLegacyObject().subject as unknown as Record<string, string | string[] | undefined>;
  const organizations = [subject.O ?? []].flat();
  return subject.CN === adminUser && organizations.length === adminGroups.length && adminGroups.every((g) => organizations.includes(g));
}

/** Writes all six files of a PKI directory, creating the directory if needed. */
export async function savePki(dir: string, pki: Pki): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const which of Object.keys(files) as (keyof typeof files)[]) await writePair(dir, which, pki[which]);
}

/**
 * Loads the PKI directory, making whatever is missing: a CA when there is
 * none, and the API server and admin certificates when they are missing, not
 * signed by the CA, near expiry, or (for the server) lacking a requested name.
 * An existing CA is never replaced, so kubeconfigs written before stay valid.
 */
export async function loadOrCreatePki(dir: string, names: ServerNames = {}): Promise<Pki> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const subjectAltNames = serverSubjectAltNames(names);

  let ca = await readPair(dir, 'ca');
  if (ca === undefined) {
    ca = createCertificateAuthority();
    await writePair(dir, 'ca', ca);
  }
  const caCert = parsed(ca, join(dir, files.ca[0]));

  let apiserver = await readPair(dir, 'apiserver');
  if (apiserver === undefined || !stillGood(parsed(apiserver, join(dir, files.apiserver[0])), caCert) ||
      !coversNames(new X509Certificate(apiserver.cert), subjectAltNames)) {
    apiserver = issueServerCertificate(ca, names);
    await writePair(dir, 'apiserver', apiserver);
  }

  let admin = await readPair(dir, 'admin');
  if (admin === undefined || !stillGood(parsed(admin, join(dir, files.admin[0])), caCert) ||
      !isAdmin(new X509Certificate(admin.cert))) {
    admin = issueClientCertificate(ca, adminUser, adminGroups);
    await writePair(dir, 'admin', admin);
  }
  return { ca, apiserver, admin };
}
