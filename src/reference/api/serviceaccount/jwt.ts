// Compact JWS with ES256, the only form the API server issues and accepts.
import { sign, verify } from 'node:crypto';
import type { SigningKey } from './signing-key.ts';

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function signJwt(claims: Record<string, unknown>, key: SigningKey): string {
  const signingInput = `${encodeSegment({ alg: 'ES256', kid: key.keyId })}.${encodeSegment(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** The claims of a token this key signed, or undefined when it is not one (malformed, another key, bad signature). */
export function verifiedClaims(token: string, key: SigningKey): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const h = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string; kid?: string };
    if (h.alg !== 'ES256' || (h.kid !== undefined && h.kid !== key.keyId)) return undefined;
    const ok = verify('sha256', Buffer.from(`${header}.${payload}`), { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
    if (!ok) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as unknown;
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? claims as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}
