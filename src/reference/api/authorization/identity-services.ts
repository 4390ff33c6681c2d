// Everything about who is asking and what they may do, assembled for the
// control plane: the bootstrap policy, the authorizers (kept current from the
// store), the authenticator with service account tokens, impersonation, the
// reviews and TokenRequest.
import type { Store } from '../../store/store.ts';
import { Authenticator, type TokenTable } from '../authn.ts';
import type { Registry } from '../registry.ts';
import { ServiceAccountIssuer } from '../serviceaccount/issuer.ts';
import { loadOrCreateSigningKey } from '../serviceaccount/signing-key.ts';
import { serviceAccountTokenAuthenticator } from '../serviceaccount/token-authenticator.ts';
import { ChainAuthorizer } from './authorizer.ts';
import { nodeRules } from './bootstrap-policy.ts';
import { ensureBootstrapPolicy } from './bootstrap-reconcile.ts';
import { IdentityEndpoints } from './identity-endpoints.ts';
import { NodeAuthorizer } from './node-authorizer.ts';
import type { RbacAuthorizer } from './rbac-authorizer.ts';
import { RequestAccess } from './request-access.ts';
import { Reviews } from './reviews.ts';

export interface IdentityServices {
  authenticator: Authenticator;
  access: RequestAccess;
  endpoints: IdentityEndpoints;
  issuer: ServiceAccountIssuer;
  stop(): Promise<void>;
}

export interface IdentityOptions {
  store: Store;
  registry: Registry;
  /** Also guards the registry's writes of roles and bindings (see escalation-check.ts); started here. */
  rbac: RbacAuthorizer;
  pkiDir: string;
  clientCA: string;
  tokens: TokenTable;
  /** The clock service account tokens are issued and checked by (default Date.now). */
  now?: () => number;
}

export async function startIdentityServices(o: IdentityOptions): Promise<IdentityServices> {
  await ensureBootstrapPolicy(o.registry);
  const nodes = new NodeAuthorizer(o.store, nodeRules());
  await o.rbac.start();
  const issuer = new ServiceAccountIssuer({ key: await loadOrCreateSigningKey(o.pkiDir), ...(o.now ? { now: o.now } : {}) });
  const authenticator = new Authenticator({ clientCA: o.clientCA, tokens: o.tokens, tokenAuthenticators: [serviceAccountTokenAuthenticator(issuer, o.store)] });
  const authorizer = new ChainAuthorizer(o.rbac, nodes);
  return {
    authenticator,
    access: new RequestAccess(authorizer),
    endpoints: new IdentityEndpoints(new Reviews(authorizer, o.rbac, authenticator), o.registry, issuer),
    issuer,
    async stop() {
      await Promise.all([o.rbac.stop(), nodes.stop()]);
    },
  };
}
