// The RBAC authorizer, as plugin/pkg/auth/authorizer/rbac: a request is allowed
// when a rule of a role bound to the user (a ClusterRoleBinding anywhere, a
// RoleBinding in the request's namespace) allows it. Roles and bindings are
// read from in-memory mirrors of the store, so a new binding counts as soon as
// the store's watch delivers it. It never denies outright: no rule means no
// opinion, and the chain ends in a refusal.
import type { Store } from '../../store/store.ts';
import type { UserInfo } from '../authn.ts';
import { resourceTypes, type ResourceType } from '../resources.ts';
import { keyOf, prefixOf } from '../storage-keys.ts';
import { ruleAllows, type PolicyRule, type RequestAttributes } from './policy-rule.ts';
import { rbacGroup, type BindingObject, type RoleObject, type Subject } from './rbac-types.ts';
import { StoreMirror } from './store-mirror.ts';

export interface Decision {
  allowed: boolean;
  /** Why not, when something was wrong on the way (a binding to a missing role): "RBAC: …". */
  reason: string;
}

function rbacType(plural: string): ResourceType {
  return resourceTypes.find((t) => t.group === rbacGroup && t.plural === plural)!;
}

export const rbacTypes = {
  roles: rbacType('roles'),
  clusterRoles: rbacType('clusterroles'),
  roleBindings: rbacType('rolebindings'),
  clusterRoleBindings: rbacType('clusterrolebindings'),
};

export function serviceAccountUserName(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** Whether a binding's subject names this user, as upstream's appliesToUser. */
export function subjectAppliesTo(subject: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount':
      return user.name === serviceAccountUserName(subject.namespace || bindingNamespace, subject.name);
    default:
      return false;
  }
}

/** The rules a binding grants, as one visit; `error` when the role it names is missing. */
interface BoundRules {
  rules: PolicyRule[];
  error?: string;
  /** The binding, as upstream's describers name it in "RBAC: allowed by …". */
  source: string;
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

function describeBinding(b: BindingObject, subject: Subject, namespace: string): string {
  const name = namespace ? `${b.metadata?.name}/${namespace}` : b.metadata?.name ?? '';
  return `${namespace ? 'RoleBinding' : 'ClusterRoleBinding'} ${JSON.stringify(name)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, namespace)}`;
}

export class RbacAuthorizer {
  readonly #mirrors: { roles: StoreMirror; clusterRoles: StoreMirror; roleBindings: StoreMirror; clusterRoleBindings: StoreMirror };

  constructor(store: Store) {
    this.#mirrors = {
      roles: new StoreMirror(store, prefixOf(rbacTypes.roles)),
      clusterRoles: new StoreMirror(store, prefixOf(rbacTypes.clusterRoles)),
      roleBindings: new StoreMirror(store, prefixOf(rbacTypes.roleBindings)),
      clusterRoleBindings: new StoreMirror(store, prefixOf(rbacTypes.clusterRoleBindings)),
    };
  }

  async start(): Promise<void> {
    await Promise.all(Object.values(this.#mirrors).map((m) => m.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.#mirrors).map((m) => m.stop()));
  }

  authorize(user: UserInfo, a: RequestAttributes): Decision {
    const errors: string[] = [];
    for (const bound of this.#boundRules(user, a.namespace)) {
      if (bound.error) errors.push(bound.error);
      if (bound.rules.some((rule) => ruleAllows(rule, a))) return { allowed: true, reason: `RBAC: allowed by ${bound.source}` };
    }
    return { allowed: false, reason: errors.length ? `RBAC: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}` : '' };
  }

  /** Every rule the user holds in the namespace (cluster-wide ones included), as the rule resolver lists them. */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    for (const bound of this.#boundRules(user, namespace)) {
      rules.push(...bound.rules);
      if (bound.error) errors.push(bound.error);
    }
    return { rules, errors };
  }

  /** The rules of a role a binding would refer to (undefined when it does not exist). */
  roleRules(kind: string, name: string, namespace: string): PolicyRule[] | undefined {
    const role = kind === 'ClusterRole'
      ? this.#mirrors.clusterRoles.get(keyOf(rbacTypes.clusterRoles, undefined, name)) as RoleObject | undefined
      : this.#mirrors.roles.get(keyOf(rbacTypes.roles, namespace, name)) as RoleObject | undefined;
    return role ? role.rules ?? [] : undefined;
  }

  * #boundRules(user: UserInfo, namespace: string): Generator<BoundRules> {
    for (const b of this.#mirrors.clusterRoleBindings.values() as IterableIterator<BindingObject>) {
      const subject = (b.subjects ?? []).find((s) => subjectAppliesTo(s, user, ''));
      if (subject) yield this.#rulesOf(b, subject, '');
    }
    if (namespace === '') return;
    for (const b of this.#mirrors.roleBindings.values() as IterableIterator<BindingObject>) {
      if (b.metadata?.namespace !== namespace) continue;
      const subject = (b.subjects ?? []).find((s) => subjectAppliesTo(s, user, namespace));
      if (subject) yield this.#rulesOf(b, subject, namespace);
    }
  }

  #rulesOf(binding: BindingObject, subject: Subject, namespace: string): BoundRules {
    const ref = binding.roleRef;
    const source = describeBinding(binding, subject, namespace);
    const rules = this.roleRules(ref.kind, ref.name, namespace);
    if (rules) return { rules, source };
    const resource = ref.kind === 'ClusterRole' ? 'clusterrole' : 'role';
    return { rules: [], error: `${resource}.${rbacGroup} "${ref.name}" not found`, source };
  }
}
