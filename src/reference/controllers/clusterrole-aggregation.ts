// The ClusterRole aggregation controller (pkg/controller/clusterroleaggregation):
// a ClusterRole with an aggregationRule gets, as its rules, the rules of every
// ClusterRole its selectors match, in selector order and by name within one,
// each rule once. admin, edit and view are built this way from the
// system:aggregate-to-* roles and any role labelled aggregate-to-admin/edit/view.
import { isDeepStrictEqual } from 'node:util';
import { objectKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { PolicyRule } from '../api/authorization/policy-rule.ts';
import type { RoleObject } from '../api/authorization/rbac-types.ts';
import { labelSelectorFromObject } from '../api/selectors/label-selector-object.ts';
import type { Controller, ControllerContext } from './controller-context.ts';

const clusterRolesPath = '/apis/rbac.authorization.k8s.io/v1/clusterroles';

/** The rules an aggregated role should have, from the cluster roles there are. */
export function aggregatedRules(role: RoleObject, all: readonly RoleObject[]): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const byName = [...all].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
    const matcher = labelSelectorFromObject(selector as Parameters<typeof labelSelectorFromObject>[0]);
    for (const other of byName) {
      if (other.metadata?.name === role.metadata?.name) continue;
      if (!matcher.matches(other.metadata?.labels ?? {})) continue;
      for (const rule of other.rules ?? []) {
        if (!rules.some((r) => isDeepStrictEqual(r, rule))) rules.push(rule);
      }
    }
  }
  return rules;
}

export async function startClusterRoleAggregationController(ctx: ControllerContext): Promise<Controller> {
  const roles = ctx.informers.for<RoleObject>(clusterRolesPath);
  const queue = createWorkQueue({ log: ctx.log });
  let stopped = false;
  // Any change may change what an aggregated role selects: look at all of them again.
  const requeueAggregated = () => {
    if (stopped) return;
    for (const r of roles.list()) if (r.aggregationRule) queue.add(objectKey(r));
  };
  roles.on({ add: requeueAggregated, update: requeueAggregated, delete: requeueAggregated });
  await roles.synced();

  async function sync(name: string): Promise<void> {
    const role = roles.get(undefined, name);
    if (!role?.aggregationRule) return;
    const rules = aggregatedRules(role, roles.list());
    if (isDeepStrictEqual(rules, role.rules ?? [])) return;
    await ctx.client.update(`${clusterRolesPath}/${name}`, { ...role, rules });
  }

  queue.run(1, sync);
  return {
    async stop() {
      stopped = true;
      await queue.stop();
    },
  };
}
