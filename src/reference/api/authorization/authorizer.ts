// The authorizer chain of a kube-apiserver started with
// --authorization-mode=Node,RBAC: members of system:masters may do anything
// (the privileged-group authorizer in front), then the node authorizer for
// system:node:NAME users, then RBAC. The first to allow wins; the reasons of
// the others are joined for the 403.
import type { UserInfo } from '../authn.ts';
import { mastersGroup } from './bootstrap-policy.ts';
import type { NodeAuthorizer } from './node-authorizer.ts';
import type { RequestAttributes } from './policy-rule.ts';
import type { Decision, RbacAuthorizer } from './rbac-authorizer.ts';

export interface Authorizer {
  authorize(user: UserInfo, a: RequestAttributes): Promise<Decision>;
}

export class ChainAuthorizer implements Authorizer {
  readonly rbac: RbacAuthorizer;
  readonly #nodes: NodeAuthorizer;

  constructor(rbac: RbacAuthorizer, nodes: NodeAuthorizer) {
    this.rbac = rbac;
    this.#nodes = nodes;
  }

  async authorize(user: UserInfo, a: RequestAttributes): Promise<Decision> {
    if (user.groups.includes(mastersGroup)) return { allowed: true, reason: '' };
    const reasons: string[] = [];
    const node = await this.#nodes.authorize(user, a);
    if (node.allowed) return node;
    if (node.reason) reasons.push(node.reason);
    const rbac = this.rbac.authorize(user, a);
    if (rbac.allowed) return rbac;
    if (rbac.reason) reasons.push(rbac.reason);
    return { allowed: false, reason: reasons.join(', ') };
  }
}
