// What the resource handler hands to the identity code: creating a review and
// a service account token, both for the user the request acts as.
import type { KubeObject } from '../object.ts';
import type { Registry } from '../registry.ts';
import type { ResourceType } from '../resources.ts';
import type { ServiceAccountIssuer } from '../serviceaccount/issuer.ts';
import { createServiceAccountToken } from '../serviceaccount/token-request.ts';
import { ApiError } from '../status.ts';
import { requestUser } from './request-user.ts';
import type { Reviews } from './reviews.ts';

export class IdentityEndpoints {
  readonly #reviews: Reviews;
  readonly #registry: Registry;
  readonly #issuer: ServiceAccountIssuer;

  constructor(reviews: Reviews, registry: Registry, issuer: ServiceAccountIssuer) {
    this.#reviews = reviews;
    this.#registry = registry;
    this.#issuer = issuer;
  }

  isReview(t: ResourceType): boolean {
    return (t.group === 'authorization.k8s.io' || t.group === 'authentication.k8s.io') && t.verbs.length === 1 && t.verbs[0] === 'create';
  }

  review(t: ResourceType, namespace: string | undefined, body: KubeObject): Promise<KubeObject> {
    const user = requestUser();
    if (!user) throw new ApiError(500, 'InternalError', 'Internal error occurred: no user found for request');
    return this.#reviews.create(t, namespace, body, user);
  }

  token(namespace: string, name: string, body: KubeObject): Promise<KubeObject> {
    return createServiceAccountToken(this.#registry, this.#issuer, namespace, name, body);
  }
}
