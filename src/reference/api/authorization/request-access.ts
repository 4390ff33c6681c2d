// Who a request acts as and whether it may: impersonation first (the
// requester must be allowed to impersonate), then the authorizer on the
// request's attributes. Refusals are 403s worded as kube-apiserver's.
// exec, attach and portforward over a WebSocket are GETs; as upstream (the
// AuthorizePodWebsocketUpgradeCreatePermission gate, on by default) they
// need `create` on the subresource as well.
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../authn.ts';
import type { Authorizer } from './authorizer.ts';
import { forbiddenError } from './forbidden.ts';
import { impersonationRequest } from './impersonation.ts';
import { requestAttributes } from './request-attributes.ts';

const streamingSubresources = new Set(['exec', 'attach', 'portforward']);

export class RequestAccess {
  readonly #authorizer: Authorizer;

  constructor(authorizer: Authorizer) {
    this.#authorizer = authorizer;
  }

  /** The user the request acts as; throws a 403 ApiError when it may not. */
  async admit(req: IncomingMessage, url: URL, authenticated: UserInfo): Promise<UserInfo> {
    let user = authenticated;
    const impersonation = impersonationRequest(req);
    if (impersonation) {
      for (const check of impersonation.checks) {
        const decision = await this.#authorizer.authorize(authenticated, check);
        if (!decision.allowed) throw forbiddenError(authenticated.name, check, decision.reason);
      }
      user = impersonation.user;
    }
    const attributes = requestAttributes(req.method ?? 'GET', url);
    const decision = await this.#authorizer.authorize(user, attributes);
    if (!decision.allowed) throw forbiddenError(user.name, attributes, decision.reason);
    if (req.headers.upgrade && attributes.verb === 'get' && attributes.resource === 'pods' && streamingSubresources.has(attributes.subresource)) {
      const create = { ...attributes, verb: 'create' };
      const createDecision = await this.#authorizer.authorize(user, create);
      if (!createDecision.allowed) throw forbiddenError(user.name, create, createDecision.reason);
    }
    return user;
  }
}
