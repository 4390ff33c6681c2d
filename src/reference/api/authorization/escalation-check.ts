// RBAC's escalation prevention (pkg/registry/rbac/validation and the
// policy-based role and binding storage): a user may only write a Role or
// ClusterRole whose rules they already hold, unless allowed to `escalate` on
// it, and only bind a role whose rules they hold, unless allowed to `bind` it.
// Members of system:masters may do both. Writes made outside a request (the
// bootstrap policy) are not checked.
import { isDeepStrictEqual } from 'node:util';
import type { UserInfo } from '../authn.ts';
import type { KubeObject } from '../object.ts';
import type { ObjectPolicy } from '../registry.ts';
import type { ResourceType } from '../resources.ts';
import { forbidden } from '../status.ts';
import type { RbacAuthorizer } from './rbac-authorizer.ts';
import { mastersGroup } from './bootstrap-policy.ts';
import { formatRule, uncoveredRules, type PolicyRule, type RequestAttributes } from './policy-rule.ts';
import { rbacGroup, type BindingObject, type RoleObject } from './rbac-types.ts';
import { requestUser } from './request-user.ts';

function goQuoted(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

/** Missing atomic rules folded back per group, resource and names, verbs merged, as upstream's CompactRules. */
function compact(rules: PolicyRule[]): PolicyRule[] {
  const merged = new Map<string, PolicyRule>();
  for (const r of rules) {
    const key = JSON.stringify([r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs]);
    const existing = merged.get(key);
    if (existing) existing.verbs.push(...r.verbs.filter((v) => !existing.verbs.includes(v)));
    else merged.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...merged.values()];
}

export class EscalationCheck {
  readonly #rbac: RbacAuthorizer;

  constructor(rbac: RbacAuthorizer) {
    this.#rbac = rbac;
  }

  /** The policy with this check in front of validation for the four RBAC types. */
  wrap(policy: ObjectPolicy): ObjectPolicy {
    return {
      ...policy,
      validate: (t, obj, old, subresource) => {
        this.check(t, obj, old);
        return policy.validate(t, obj, old, subresource);
      },
    };
  }

  /** Throws a 403 when the requesting user may not write this role or binding. */
  check(t: ResourceType, obj: KubeObject, old: KubeObject | undefined): void {
    if (t.group !== rbacGroup) return;
    const user = requestUser();
    if (!user || user.groups.includes(mastersGroup)) return;
    const namespace = t.namespaced ? obj.metadata?.namespace ?? '' : '';
    const name = obj.metadata?.name ?? '';
    if (t.kind === 'Role' || t.kind === 'ClusterRole') {
      const rules = (obj as RoleObject).rules ?? [];
      if (old && isDeepStrictEqual(rules, (old as RoleObject).rules ?? [])) return;
      if (this.#allowed(user, 'escalate', t.plural, namespace, name)) return;
      this.#confirmNoEscalation(t, name, user, namespace, rules);
      return;
    }
    const ref = (obj as BindingObject).roleRef;
    if (!ref) return;
    if (old && isDeepStrictEqual(ref, (old as BindingObject).roleRef)) return;
    const rolePlural = ref.kind === 'ClusterRole' ? 'clusterroles' : 'roles';
    if (this.#allowed(user, 'bind', rolePlural, namespace, ref.name)) return;
    const rules = this.#rbac.roleRules(ref.kind, ref.name, namespace);
    if (!rules) throw forbidden(`${t.plural}.${rbacGroup} "${name}" is forbidden: ${ref.kind.toLowerCase()}.${rbacGroup} "${ref.name}" not found`, { name, group: rbacGroup, kind: t.plural });
    this.#confirmNoEscalation(t, name, user, namespace, rules);
  }

  /** RBAC alone: the node authorizer never grants escalate or bind. */
  #allowed(user: UserInfo, verb: string, resource: string, namespace: string, name: string): boolean {
    const a: RequestAttributes = { verb, resourceRequest: true, apiGroup: rbacGroup, apiVersion: '', resource, subresource: '', namespace, name, path: '' };
    return this.#rbac.authorize(user, a).allowed;
  }

  #confirmNoEscalation(t: ResourceType, name: string, user: UserInfo, namespace: string, rules: PolicyRule[]): void {
    const held = this.#rbac.rulesFor(user, namespace);
    const missing = uncoveredRules(held.rules, rules);
    if (missing.length === 0) return;
    const errors = held.errors.length ? `; resolution errors: [${held.errors.join(' ')}]` : '';
    throw forbidden(
      `${t.plural}.${rbacGroup} "${name}" is forbidden: user ${JSON.stringify(user.name)} (groups=${goQuoted(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${compact(missing).map(formatRule).join('\n')}${errors}`,
      { name, group: rbacGroup, kind: t.plural },
    );
  }
}
