import t from 'tap';
import { ServiceAccountIssuer, defaultIssuer } from '../../../../src/reference/api/serviceaccount/issuer.ts';
import { generateSigningKey } from '../../../../src/reference/api/serviceaccount/signing-key.ts';

let nowMs = Date.UTC(2030, 0, 1);
const key = generateSigningKey();
const issuer = new ServiceAccountIssuer({ key, now: () => nowMs });
const sa = { name: 'robot', uid: 'sa-uid' };

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

t.test('a bound token carries upstream\'s claims and verifies', async (t) => {
  const { token, expiresAt } = issuer.issueBound({ namespace: 'ns', serviceAccount: sa, audiences: [defaultIssuer], expirationSeconds: 600, pod: { name: 'p', uid: 'pod-uid' } });
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
  t.same(header, { alg: 'ES256', kid: key.keyId });
  const claims = claimsOf(token);
  t.match(claims, {
    iss: 'https://kubernetes.default.svc.cluster.local', aud: [defaultIssuer], sub: 'system:serviceaccount:ns:robot',
    iat: nowMs / 1000, nbf: nowMs / 1000, exp: nowMs / 1000 + 600,
    'kubernetes.io': { namespace: 'ns', serviceaccount: sa, pod: { name: 'p', uid: 'pod-uid' } },
  });
  t.equal(expiresAt.getTime(), nowMs + 600_000);
  t.match(issuer.verify(token), { namespace: 'ns', serviceAccount: sa, pod: { name: 'p', uid: 'pod-uid' }, legacy: false });
});

t.test('expired, foreign-audience, tampered and foreign-key tokens do not verify', async (t) => {
  const { token } = issuer.issueBound({ namespace: 'ns', serviceAccount: sa, audiences: [defaultIssuer], expirationSeconds: 600 });
  const start = nowMs;
  nowMs = start + 600_000 + 59_000;
  t.ok(issuer.verify(token), 'within the minute of leeway upstream allows');
  nowMs = start + 600_000 + 61_000;
  t.equal(issuer.verify(token), undefined, 'expired');
  nowMs = start;
  const other = issuer.issueBound({ namespace: 'ns', serviceAccount: sa, audiences: ['vault'], expirationSeconds: 600 });
  t.equal(issuer.verify(other.token), undefined, 'not meant for the API server');
  const [h, , s] = token.split('.');
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...claimsOf(token), sub: 'system:serviceaccount:kube-system:admin' })).toString('base64url')}.${s}`;
  t.equal(issuer.verify(forged), undefined, 'tampered');
  const stranger = new ServiceAccountIssuer({ key: generateSigningKey(), now: () => nowMs });
  t.equal(stranger.verify(token), undefined, 'signed by another key');
  t.equal(issuer.verify('not-a-jwt'), undefined);
});

t.test('legacy Secret tokens never expire and name their secret', async (t) => {
  const token = issuer.issueLegacy('ns', sa, 'robot-token');
  t.match(claimsOf(token), { iss: 'kubernetes/serviceaccount', 'kubernetes.io/serviceaccount/secret.name': 'robot-token', sub: 'system:serviceaccount:ns:robot' });
  nowMs += 10 * 365 * 86400_000;
  t.match(issuer.verify(token), { namespace: 'ns', serviceAccount: sa, secret: { name: 'robot-token' }, legacy: true });
});

t.test('OIDC discovery documents', async (t) => {
  t.same(issuer.openidConfiguration(), {
    issuer: defaultIssuer, jwks_uri: `${defaultIssuer}/openid/v1/jwks`, response_types_supported: ['id_token'],
    subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['ES256'],
  });
  const jwks = issuer.jwks() as { keys: Record<string, unknown>[] };
  t.match(jwks.keys, [{ use: 'sig', kty: 'EC', crv: 'P-256', alg: 'ES256', kid: key.keyId, x: String, y: String }]);
});
