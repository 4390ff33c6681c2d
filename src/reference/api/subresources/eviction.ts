// pods/eviction (policy/v1 Eviction), as kube-apiserver's EvictionREST: a
// delete that the pod's PodDisruptionBudget may refuse with a 429. An allowed
// eviction spends one of the budget's disruptionsAllowed (recording the pod in
// status.disruptedPods until the disruption controller sees it go), marks the
// pod with the DisruptionTarget condition and deletes it with the eviction's
// options. Finished, pending and already-deleting pods skip the budget; an
// unready pod skips it per unhealthyPodEvictionPolicy.
import { timestamp } from '../../controllers/conditions.ts';
import { withDisruptionAllowedCondition, type DisruptionBudget, type DisruptionBudgetStatus } from '../../controllers/disruption-budget.ts';
import { deleteObject, type DeleteOptions } from '../deletion.ts';
import type { KubeObject } from '../object.ts';
import type { Registry } from '../registry.ts';
import { resourceTypes, type ResourceType } from '../resources.ts';
import { labelSelectorFromObject, type LabelSelectorObject } from '../selectors/index.ts';
import { ApiError, badRequest, forbidden, tooManyRequests } from '../status.ts';
import { decodeObject, prefixOf } from '../storage-keys.ts';

const budgetsType = resourceTypes.find((t) => t.group === 'policy' && t.plural === 'poddisruptionbudgets')!;

export const evictionRefusedMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

/** Upstream MaxDisruptedPodSize: evictions the disruption controller has not yet confirmed, per budget. */
const maxDisruptedPods = 2000;

interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

function podConditions(pod: KubeObject): PodCondition[] {
  return ((pod.status as { conditions?: PodCondition[] } | undefined)?.conditions) ?? [];
}

function isReady(pod: KubeObject): boolean {
  return podConditions(pod).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Pods whose eviction no budget guards (upstream canIgnorePDB). */
function skipsBudgets(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata?.deletionTimestamp !== undefined;
}

async function budgetsSelecting(registry: Registry, pod: KubeObject): Promise<DisruptionBudget[]> {
  const all = (await registry.store.list(prefixOf(budgetsType, pod.metadata?.namespace))).items.map((kv) => decodeObject(kv) as DisruptionBudget);
  return all.filter((pdb) => {
    try {
      // policy/v1: an empty selector selects every pod of the namespace, a missing one none.
      return labelSelectorFromObject(pdb.spec?.selector as LabelSelectorObject | undefined).matches(pod.metadata?.labels);
    } catch {
      return false;
    }
  });
}

/** An unready pod goes without spending a disruption when the policy says so (upstream PDBUnhealthyPodEvictionPolicy). */
function unhealthyPodMayGo(pod: KubeObject, pdb: DisruptionBudget): boolean {
  if (isReady(pod)) return false;
  if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return true;
  const status = pdb.status;
  return status !== undefined && status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0;
}

/** Spends one disruption of the budget, or refuses the eviction (upstream checkAndDecrement). */
async function spendDisruption(registry: Registry, pdb: DisruptionBudget, podName: string, dryRun: boolean): Promise<void> {
  const name = pdb.metadata?.name ?? '';
  const refuse = (cause: string) => tooManyRequests(evictionRefusedMessage, [{ reason: 'DisruptionBudget', message: cause }]);
  const decrement = (current: KubeObject | undefined): KubeObject => {
    const budget = current as DisruptionBudget;
    const status = budget.status ?? { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 };
    if ((status.observedGeneration ?? 0) < (budget.metadata?.generation ?? 0)) throw refuse(`The disruption budget ${name} is still being processed by the server.`);
    if (status.disruptionsAllowed < 0) throw forbidden(`poddisruptionbudgets.policy "${name}" is forbidden: pdb disruptions allowed is negative`, { name, group: 'policy', kind: 'poddisruptionbudgets' });
    if (Object.keys(status.disruptedPods ?? {}).length > maxDisruptedPods) {
      throw forbidden(`poddisruptionbudgets.policy "${name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller`, { name, group: 'policy', kind: 'poddisruptionbudgets' });
    }
    if (status.disruptionsAllowed === 0) throw refuse(`The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`);
    const now = Date.now();
    let next: DisruptionBudgetStatus = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1, disruptedPods: { ...status.disruptedPods, [podName]: timestamp(now) } };
    if (next.disruptionsAllowed === 0) next = withDisruptionAllowedCondition(next, now);
    return { ...budget, status: next };
  };
  if (dryRun) {
    decrement(pdb);
    return;
  }
  await registry.write(budgetsType, pdb.metadata?.namespace, name, decrement, { fieldManager: 'kube-apiserver', dryRun: false, subresource: 'status' });
}

/** Adds the DisruptionTarget condition, as the eviction does before deleting (upstream addConditionAndDeletePod). */
async function markDisruptionTarget(registry: Registry, pods: ResourceType, namespace: string, name: string): Promise<void> {
  await registry.write(pods, namespace, name, (current) => {
    const pod = current!;
    const conditions = podConditions(pod);
    if (conditions.some((c) => c.type === 'DisruptionTarget' && c.status === 'True' && c.reason === 'EvictionByEvictionAPI')) return pod;
    const condition = { type: 'DisruptionTarget', status: 'True', lastTransitionTime: timestamp(Date.now()), reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' };
    pod.status = { ...(pod.status as object), conditions: [...conditions.filter((c) => c.type !== 'DisruptionTarget'), condition] };
    return pod;
  }, { fieldManager: 'kube-apiserver', dryRun: false, subresource: 'status' });
}

export async function evictPod(registry: Registry, pods: ResourceType, namespace: string, name: string, eviction: KubeObject): Promise<void> {
  const evictionName = eviction.metadata?.name;
  if (evictionName && evictionName !== name) throw badRequest('name in URL does not match name in Eviction object');
  const options = { ...((eviction.deleteOptions ?? {}) as DeleteOptions) };
  const dryRun = (options.dryRun ?? []).includes('All');
  const pod = await registry.get(pods, namespace, name);
  if (!skipsBudgets(pod)) {
    const budgets = await budgetsSelecting(registry, pod);
    if (budgets.length > 1) throw new ApiError(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    const pdb = budgets[0];
    if (pdb && !unhealthyPodMayGo(pod, pdb)) await spendDisruption(registry, pdb, name, dryRun);
  }
  if (!dryRun) await markDisruptionTarget(registry, pods, namespace, name);
  await deleteObject(registry, pods, namespace, name, options);
}
