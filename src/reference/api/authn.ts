// Who is asking: the identity behind a request, from its TLS client
// certificate or its bearer token, as kube-apiserver's x509, static token and
// service account token authenticators find it. Credentials that prove
// nothing are refused (401 Unauthorized); a request with none is anonymous
// (system:anonymous in system:unauthenticated), left to the authorizer.
//
// Static tokens live in a file in kube-apiserver's --token-auth-file format:
// one `token,user,uid,"group1,group2"` line per token.

import { randomBytes, X509Certificate } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { PeerCertificate, TLSSocket } from 'node:tls';

export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
  readonly uid?: string;
  /** Extra attributes (service account tokens: the pod they are bound to; impersonation: Impersonate-Extra-*). */
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

export const anonymousUser: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

/**
 * Verifies a bearer token no static entry matched: the user it proves, or
 * undefined when it proves nothing. audiences: who the token must be meant
 * for (default the API server's own audiences).
 */
export type TokenAuthenticator = (token: string, audiences?: readonly string[]) => Promise<UserInfo | undefined>;

/** Token → the user it stands for. */
export type TokenTable = ReadonlyMap<string, UserInfo>;

export interface AuthenticatorOptions {
  /** PEM of the CA that signs client certificates. */
  readonly clientCA: string;
  readonly tokens?: TokenTable;
  /** Asked in turn for bearer tokens that are not in the static table (service account JWTs). */
  readonly tokenAuthenticators?: readonly TokenAuthenticator[];
}

/** Every authenticated user is also in this group, as upstream adds it. */
const authenticatedGroup = 'system:authenticated';

function withAuthenticatedGroup(user: UserInfo): UserInfo {
  const groups = user.groups.includes(authenticatedGroup) ? user.groups : [...user.groups, authenticatedGroup];
  return { name: user.name, groups, ...(user.uid ? { uid: user.uid } : {}), ...(user.extra ? { extra: user.extra } : {}) };
}

/** The token of an `Authorization: Bearer <token>` header, read as upstream's bearertoken authenticator does. */
function bearerToken(header: string | undefined): string | undefined {
  const parts = (header ?? '').trim().split(' ');
  if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer') return undefined;
  return parts[1] === '' ? undefined : parts[1];
}

function presentsCertificate(socket: TLSSocket): boolean {
  if (typeof socket.getPeerCertificate !== 'function') return false;
  const peer = socket.getPeerCertificate();
  return peer !== null && Object.keys(peer).length > 0;
}

function subjectValues(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : [value].flat();
}

export class Authenticator {
  readonly #ca: X509Certificate;
  readonly #tokens: TokenTable;
  readonly #tokenAuthenticators: readonly TokenAuthenticator[];
  /** A connection keeps its peer certificate, so each is checked once per connection. */
  readonly #certificateUsers = new WeakMap<TLSSocket, { user: UserInfo | undefined; notBefore: number; notAfter: number }>();

  constructor(options: AuthenticatorOptions) {
    this.#ca = new X509Certificate(options.clientCA);
    this.#tokens = options.tokens ?? new Map();
    this.#tokenAuthenticators = options.tokenAuthenticators ?? [];
  }

  /**
   * The user behind the request: its certificate's, its token's, or the
   * anonymous user when it carries no credentials. Undefined when it carries
   * credentials that prove nothing (the server answers 401).
   */
  async authenticateRequest(req: IncomingMessage): Promise<UserInfo | undefined> {
    const known = this.authenticate(req);
    if (known) return known;
    const token = bearerToken(req.headers.authorization);
    if (token !== undefined) {
      for (const verify of this.#tokenAuthenticators) {
        const user = await verify(token);
        if (user) return withAuthenticatedGroup(user);
      }
      return undefined;
    }
    if (req.headers.authorization !== undefined || presentsCertificate(req.socket as TLSSocket)) return undefined;
    return anonymousUser;
  }

  /** A bearer token's user, for TokenReview: the static table, then the token authenticators (for these audiences, when given). */
  async authenticateToken(token: string, audiences?: readonly string[]): Promise<UserInfo | undefined> {
    const user = this.#tokens.get(token);
    if (user) return withAuthenticatedGroup(user);
    for (const verify of this.#tokenAuthenticators) {
      const found = await verify(token, audiences);
      if (found) return withAuthenticatedGroup(found);
    }
    return undefined;
  }

  /** The user behind the request, or undefined when it proves no identity. */
  authenticate(req: IncomingMessage): UserInfo | undefined {
    const fromCertificate = this.#certificateUser(req.socket as TLSSocket);
    if (fromCertificate) return fromCertificate;
    const token = bearerToken(req.headers.authorization);
    const user = token === undefined ? undefined : this.#tokens.get(token);
    return user && withAuthenticatedGroup(user);
  }

  #certificateUser(socket: TLSSocket): UserInfo | undefined {
    if (typeof socket.getPeerCertificate !== 'function') return undefined;
    let entry = this.#certificateUsers.get(socket);
    if (!entry) {
      entry = this.#verify(socket);
      this.#certificateUsers.set(socket, entry);
    }
    const now = Date.now();
    return now >= entry.notBefore && now <= entry.notAfter ? entry.user : undefined;
  }

  /**
   * Node's own check (socket.authorized: a chain to a CA the server trusts,
   * valid dates, a certificate meant for client authentication), then an
   * explicit one that the CA is ours, since the server may trust more CAs than
   * sign users. The user is the CN; groups are the O values.
   */
  #verify(socket: TLSSocket): { user: UserInfo | undefined; notBefore: number; notAfter: number } {
    const rejected = { user: undefined, notBefore: 0, notAfter: 0 };
    const peer: PeerCertificate = socket.getPeerCertificate();
    if (!socket.authorized || !peer.raw) return rejected;
    const cert = new X509Certificate(peer.raw);
    if (!cert.checkIssued(this.#ca) || !cert.verify(this.#ca.publicKey)) return rejected;
    const subject = peer.subject as unknown as Record<string, string | string[] | undefined>;
    const name = subjectValues(subject.CN)[0];
    if (!name) return rejected;
    const user = withAuthenticatedGroup({ name, groups: subjectValues(subject.O) });
    return { user, notBefore: cert.validFromDate.getTime(), notAfter: cert.validToDate.getTime() };
  }
}

// ---- the static token file ----

/** One CSV line, with "quoted" fields and "" for a quote inside them. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
      while (line[i + 1] === ' ') i++;
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

function csvField(value: string): string {
  return /[",\s]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A token file line that cannot be read; the message names the file and line. */
export class TokenFileError extends Error {
  override name = 'TokenFileError';
}

/** Reads a token file; `path` only names the file in error messages. Empty groups are dropped. */
export function parseTokenFile(text: string, path: string): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const [token, name, uid, groups] = csvFields(line.trimStart());
    if (uid === undefined) {
      throw new TokenFileError(`${path}:${index + 1}: a token line needs at least 3 columns: token,user,uid[,"group1,group2"]`);
    }
    if (token === '') return;
    tokens.set(token!, { name: name!, groups: (groups ?? '').split(',').filter((g) => g !== ''), ...(uid ? { uid } : {}) });
  });
  return tokens;
}

export function formatTokenFile(tokens: TokenTable): string {
  return [...tokens].map(([token, user]) => {
    const fields = [token, user.name, user.uid ?? '', ...(user.groups.length > 0 ? [user.groups.join(',')] : [])];
    return `${fields.map(csvField).join(',')}\n`;
  }).join('');
}

/** A new random bearer token. */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Loads the token file, adding a token for `user` (matched by name) when it
 * has none, and creating the file when it is missing. Returns the table and
 * that user's token, which a kubeconfig can carry.
 */
export async function loadOrCreateTokenFile(path: string, user: UserInfo): Promise<{ tokens: Map<string, UserInfo>; token: string }> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const tokens = parseTokenFile(text, path);
  const existing = [...tokens].find(([, u]) => u.name === user.name);
  if (existing) return { tokens, token: existing[0] };
  const token = generateToken();
  tokens.set(token, user);
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, formatTokenFile(tokens), { mode: 0o600 });
  await rename(temporary, path);
  return { tokens, token };
}
