// The API server's service account token issuer (pkg/serviceaccount): bound
// tokens for TokenRequest, legacy tokens for kubernetes.io/service-account-token
// Secrets, their verification, and the OIDC discovery documents that let others
// verify them. The clock is injectable so that expiry can be tested without
// waiting.
import { randomUUID } from 'node:crypto';
import { signJwt, verifiedClaims } from './jwt.ts';
import type { SigningKey } from './signing-key.ts';

export const defaultIssuer = 'https://kubernetes.default.svc.cluster.local';
/** The issuer of legacy Secret-based tokens. */
export const legacyIssuer = 'kubernetes/serviceaccount';
/** Upstream's validation leeway for exp and nbf (go-jose's DefaultLeeway). */
const leewaySeconds = 60;

export interface ObjectRef {
  name: string;
  uid: string;
}

export interface BoundTokenRequest {
  namespace: string;
  serviceAccount: ObjectRef;
  audiences: string[];
  expirationSeconds: number;
  pod?: ObjectRef;
  secret?: ObjectRef;
  node?: ObjectRef;
}

/** What a verified token says about its holder. */
export interface TokenIdentity {
  namespace: string;
  serviceAccount: ObjectRef;
  pod?: ObjectRef;
  secret?: ObjectRef;
  node?: ObjectRef;
  /** The token's jti (bound tokens). */
  id?: string;
  /** A Secret-based token, checked against its Secret. */
  legacy: boolean;
}

export interface IssuerOptions {
  key: SigningKey;
  issuer?: string;
  /** Audiences the API server accepts (kube-apiserver --api-audiences; default the issuer). */
  apiAudiences?: string[];
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
}

interface KubernetesClaim {
  namespace?: string;
  serviceaccount?: ObjectRef;
  pod?: ObjectRef;
  secret?: ObjectRef;
  node?: ObjectRef;
}

function isRef(value: unknown): value is ObjectRef {
  return typeof value === 'object' && value !== null && typeof (value as ObjectRef).name === 'string' && typeof (value as ObjectRef).uid === 'string';
}

export class ServiceAccountIssuer {
  readonly issuer: string;
  readonly apiAudiences: string[];
  readonly #key: SigningKey;
  readonly #now: () => number;

  constructor(o: IssuerOptions) {
    this.#key = o.key;
    this.issuer = o.issuer ?? defaultIssuer;
    this.apiAudiences = o.apiAudiences ?? [this.issuer];
    this.#now = o.now ?? Date.now;
  }

  now(): number {
    return this.#now();
  }

  issueBound(r: BoundTokenRequest): { token: string; expiresAt: Date } {
    const issuedAt = Math.floor(this.#now() / 1000);
    const exp = issuedAt + r.expirationSeconds;
    const kubernetes: KubernetesClaim = {
      namespace: r.namespace,
      serviceaccount: r.serviceAccount,
      ...(r.pod ? { pod: r.pod } : {}),
      ...(r.secret ? { secret: r.secret } : {}),
      ...(r.node ? { node: r.node } : {}),
    };
    const token = signJwt({
      aud: r.audiences,
      exp,
      iat: issuedAt,
      iss: this.issuer,
      jti: randomUUID(),
      'kubernetes.io': kubernetes,
      nbf: issuedAt,
      sub: `system:serviceaccount:${r.namespace}:${r.serviceAccount.name}`,
    }, this.#key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  issueLegacy(namespace: string, serviceAccount: ObjectRef, secretName: string): string {
    return signJwt({
      iss: legacyIssuer,
      'kubernetes.io/serviceaccount/namespace': namespace,
      'kubernetes.io/serviceaccount/secret.name': secretName,
      'kubernetes.io/serviceaccount/service-account.name': serviceAccount.name,
      'kubernetes.io/serviceaccount/service-account.uid': serviceAccount.uid,
      sub: `system:serviceaccount:${namespace}:${serviceAccount.name}`,
    }, this.#key);
  }

  /**
   * Who the token stands for, when it is ours, in date and meant for one of
   * `audiences` (default the API server's); the objects it names are checked
   * by the caller.
   */
  verify(token: string, audiences: readonly string[] = this.apiAudiences): TokenIdentity | undefined {
    const claims = verifiedClaims(token, this.#key);
    if (!claims) return undefined;
    if (claims.iss === legacyIssuer) return this.#legacyIdentity(claims);
    if (claims.iss !== this.issuer) return undefined;
    const now = this.#now() / 1000;
    if (typeof claims.exp !== 'number' || now > claims.exp + leewaySeconds) return undefined;
    if (typeof claims.nbf === 'number' && now < claims.nbf - leewaySeconds) return undefined;
    const tokenAudiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!tokenAudiences.some((a) => typeof a === 'string' && audiences.includes(a))) return undefined;
    const k = claims['kubernetes.io'] as KubernetesClaim | undefined;
    if (!k || typeof k.namespace !== 'string' || !isRef(k.serviceaccount)) return undefined;
    return {
      namespace: k.namespace,
      serviceAccount: k.serviceaccount,
      ...(isRef(k.pod) ? { pod: k.pod } : {}),
      ...(isRef(k.secret) ? { secret: k.secret } : {}),
      ...(isRef(k.node) ? { node: k.node } : {}),
      ...(typeof claims.jti === 'string' ? { id: claims.jti } : {}),
      legacy: false,
    };
  }

  #legacyIdentity(claims: Record<string, unknown>): TokenIdentity | undefined {
    const namespace = claims['kubernetes.io/serviceaccount/namespace'];
    const secret = claims['kubernetes.io/serviceaccount/secret.name'];
    const name = claims['kubernetes.io/serviceaccount/service-account.name'];
    const uid = claims['kubernetes.io/serviceaccount/service-account.uid'];
    if (typeof namespace !== 'string' || typeof secret !== 'string' || typeof name !== 'string' || typeof uid !== 'string') return undefined;
    return { namespace, serviceAccount: { name, uid }, secret: { name: secret, uid: '' }, legacy: true };
  }

  openidConfiguration(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      jwks_uri: `${this.issuer}/openid/v1/jwks`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
    };
  }

  jwks(): Record<string, unknown> {
    const jwk = this.#key.publicKey.export({ format: 'jwk' });
    return { keys: [{ use: 'sig', kty: jwk.kty, kid: this.#key.keyId, crv: jwk.crv, alg: 'ES256', x: jwk.x, y: jwk.y }] };
  }
}
