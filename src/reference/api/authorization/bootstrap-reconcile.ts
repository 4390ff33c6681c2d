// The bootstrap policy at every start, as kube-apiserver's rbac/bootstrap-roles
// post-start hook reconciles it: a missing default role or binding is created;
// an existing one annotated rbac.authorization.kubernetes.io/autoupdate=true
// gets back the rules, aggregation selectors, subjects, labels and
// annotations of the default that it lacks, keeping everything a user added;
// one annotated autoupdate=false is left alone. A binding whose roleRef
// changed is made again, as a roleRef cannot be updated.
import { isDeepStrictEqual } from 'node:util';
import { deleteObject } from '../deletion.ts';
import type { KubeObject } from '../object.ts';
import type { Registry, WriteContext } from '../registry.ts';
import type { ResourceType } from '../resources.ts';
import { ApiError } from '../status.ts';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.ts';
import { uncoveredRules } from './policy-rule.ts';
import { rbacTypes } from './rbac-authorizer.ts';
import type { BindingObject, RoleObject } from './rbac-types.ts';

const autoupdate = 'rbac.authorization.kubernetes.io/autoupdate';
const ctx: WriteContext = { fieldManager: 'kube-apiserver', dryRun: false };

async function createIfMissing(registry: Registry, t: ResourceType, obj: KubeObject): Promise<KubeObject | undefined> {
  const existing = await registry.tryGet(t, undefined, obj.metadata!.name!);
  if (existing) return existing.obj;
  try {
    await registry.create(t, undefined, obj, ctx);
  } catch (err) {
    if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
  }
  return undefined;
}

/** The expected labels and annotations under the existing ones: a user's values win. */
function mergedMetadata(existing: KubeObject, expected: KubeObject): KubeObject['metadata'] {
  return {
    ...existing.metadata,
    labels: { ...expected.metadata?.labels, ...existing.metadata?.labels },
    annotations: { ...expected.metadata?.annotations, ...existing.metadata?.annotations },
  };
}

function reconciledRole(existing: RoleObject, expected: RoleObject): RoleObject {
  const result: RoleObject = { ...existing, metadata: mergedMetadata(existing, expected) };
  const missing = uncoveredRules(existing.rules ?? [], expected.rules ?? []);
  if (missing.length) result.rules = [...(existing.rules ?? []), ...missing];
  const expectedSelectors = expected.aggregationRule?.clusterRoleSelectors ?? [];
  if (expectedSelectors.length) {
    const selectors = [...(existing.aggregationRule?.clusterRoleSelectors ?? [])];
    for (const s of expectedSelectors) if (!selectors.some((e) => isDeepStrictEqual(e, s))) selectors.push(s);
    result.aggregationRule = { ...existing.aggregationRule, clusterRoleSelectors: selectors };
  }
  return result;
}

function reconciledBinding(existing: BindingObject, expected: BindingObject): BindingObject {
  const subjects = [...(existing.subjects ?? [])];
  for (const s of expected.subjects ?? []) if (!subjects.some((e) => e.kind === s.kind && e.name === s.name && (e.namespace ?? '') === (s.namespace ?? ''))) subjects.push(s);
  return { ...existing, metadata: mergedMetadata(existing, expected), subjects };
}

async function reconcileRole(registry: Registry, expected: RoleObject): Promise<void> {
  const existing = await createIfMissing(registry, rbacTypes.clusterRoles, expected) as RoleObject | undefined;
  if (!existing || existing.metadata?.annotations?.[autoupdate] === 'false') return;
  const wanted = reconciledRole(existing, expected);
  if (!isDeepStrictEqual(wanted, existing)) await registry.write(rbacTypes.clusterRoles, undefined, expected.metadata!.name!, (current) => reconciledRole(current as RoleObject, expected), ctx);
}

async function reconcileBinding(registry: Registry, expected: BindingObject): Promise<void> {
  const t = rbacTypes.clusterRoleBindings;
  const name = expected.metadata!.name!;
  const existing = await createIfMissing(registry, t, expected) as BindingObject | undefined;
  if (!existing || existing.metadata?.annotations?.[autoupdate] === 'false') return;
  if (!isDeepStrictEqual(existing.roleRef, expected.roleRef)) {
    await deleteObject(registry, t, undefined, name, {});
    const { uid: _uid, resourceVersion: _rv, creationTimestamp: _c, managedFields: _m, ...metadata } = reconciledBinding(existing, expected).metadata ?? {};
    await registry.create(t, undefined, { ...reconciledBinding(existing, expected), metadata, roleRef: expected.roleRef }, ctx);
    return;
  }
  const wanted = reconciledBinding(existing, expected);
  if (!isDeepStrictEqual(wanted, existing)) await registry.write(t, undefined, name, (current) => reconciledBinding(current as BindingObject, expected), ctx);
}

export async function ensureBootstrapPolicy(registry: Registry): Promise<void> {
  for (const role of bootstrapClusterRoles()) await reconcileRole(registry, role);
  for (const binding of bootstrapClusterRoleBindings()) await reconcileBinding(registry, binding);
}
