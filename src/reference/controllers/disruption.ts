// The disruption controller (upstream pkg/controller/disruption): keeps every
// PodDisruptionBudget's status — expected, desired and currently healthy pods,
// how many disruptions are allowed now, evictions not yet seen through, and the
// DisruptionAllowed condition — which the eviction subresource then spends.
import { objectKey, splitKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import { controllerOf, specSelector } from './controller-ref.ts';
import {
  budgetStatus,
  countHealthyPods,
  desiredHealthy,
  disruptedPodTimeoutMs,
  failSafeStatus,
  liveDisruptedPods,
  needsControllerScale,
  type DisruptionBudget,
  type DisruptionBudgetStatus,
} from './disruption-budget.ts';

export const podDisruptionBudgetsPath = '/apis/policy/v1/poddisruptionbudgets';

const workers = 2;

/** Controllers whose spec.replicas is the scale of the pods they own, by kind. */
const scaledKinds: Record<string, string> = {
  ReplicaSet: '/apis/apps/v1/replicasets',
  Deployment: '/apis/apps/v1/deployments',
  StatefulSet: '/apis/apps/v1/statefulsets',
  ReplicationController: '/api/v1/replicationcontrollers',
};

function budgetPath(pdb: KubeObject): string {
  return `/apis/policy/v1/namespaces/${pdb.metadata!.namespace}/poddisruptionbudgets/${pdb.metadata!.name}`;
}

function sameStatus(a: DisruptionBudgetStatus | undefined, b: DisruptionBudgetStatus): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b);
}

export async function startDisruptionController(ctx: ControllerContext): Promise<Controller> {
  const budgets = ctx.informers.for<DisruptionBudget>(podDisruptionBudgetsPath);
  const pods = ctx.informers.for('/api/v1/pods');
  const controllers = Object.fromEntries(Object.entries(scaledKinds).map(([kind, path]) => [kind, ctx.informers.for(path)]));
  const events = ctx.events('controllermanager');
  const queue = createWorkQueue({ log: ctx.log });

  const enqueueNamespace = (obj: KubeObject): void => {
    for (const pdb of budgets.list(obj.metadata?.namespace)) queue.add(objectKey(pdb));
  };
  const enqueueSelecting = (pod: KubeObject): void => {
    for (const pdb of budgets.list(pod.metadata?.namespace)) {
      if (specSelector(pdb).matches(pod.metadata?.labels)) queue.add(objectKey(pdb));
    }
  };
  budgets.on({ add: (pdb) => queue.add(objectKey(pdb)), update: (_old, pdb) => queue.add(objectKey(pdb)) });
  pods.on({
    add: enqueueSelecting,
    update(oldPod, pod) {
      enqueueSelecting(oldPod);
      enqueueSelecting(pod);
    },
    delete: enqueueSelecting,
  });
  for (const informer of Object.values(controllers)) informer.on({ add: enqueueNamespace, update: (_old, o) => enqueueNamespace(o), delete: enqueueNamespace });

  /** The scale of the controller owning the pod, by the controller that counts (a Deployment for its ReplicaSets' pods). */
  const owningScale = (pod: KubeObject): { uid: string; replicas: number } | undefined => {
    let ref = controllerOf(pod);
    let owner = ref && scaledKinds[ref.kind] ? controllers[ref.kind]?.get(pod.metadata?.namespace, ref.name) : undefined;
    if (owner && ref?.kind === 'ReplicaSet') {
      const deploymentRef = controllerOf(owner);
      if (deploymentRef?.kind === 'Deployment') {
        ref = deploymentRef;
        owner = controllers.Deployment?.get(pod.metadata?.namespace, deploymentRef.name);
      }
    }
    if (!owner || owner.metadata?.uid !== ref?.uid) return undefined;
    return { uid: owner.metadata?.uid ?? '', replicas: (owner.spec as { replicas?: number } | undefined)?.replicas ?? 1 };
  };

  /** Expected pods for a percentage or maxUnavailable: the sum of the owning controllers' scales (upstream getExpectedScale). */
  const expectedScale = (pdb: DisruptionBudget, selected: KubeObject[]): number => {
    const scales = new Map<string, number>();
    const unmanaged: string[] = [];
    for (const pod of selected) {
      if (!controllerOf(pod)) {
        unmanaged.push(pod.metadata?.name ?? '');
        continue;
      }
      const scale = owningScale(pod);
      if (!scale) throw new Error(`found no controllers for pod "${pod.metadata?.name}"`);
      scales.set(scale.uid, scale.replicas);
    }
    if (unmanaged.length) {
      events.record(pdb, 'Warning', 'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${JSON.stringify(pdb.spec?.selector ?? null)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`);
    }
    return [...scales.values()].reduce((a, b) => a + b, 0);
  };

  const writeStatus = async (pdb: DisruptionBudget, status: DisruptionBudgetStatus): Promise<void> => {
    await ctx.client.update(`${budgetPath(pdb)}/status`, { ...pdb, status });
  };

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const pdb = budgets.get(namespace, name);
    if (!pdb || pdb.metadata?.deletionTimestamp) return;
    const now = Date.now();
    const selector = specSelector(pdb);
    const selected = pods.list(namespace).filter((p) => selector.matches(p.metadata?.labels));
    let status: DisruptionBudgetStatus;
    try {
      const spec = pdb.spec ?? {};
      const expectedPods = needsControllerScale(spec) ? expectedScale(pdb, selected) : selected.length;
      const disruptedPods = liveDisruptedPods(pdb.status?.disruptedPods, selected, now);
      status = budgetStatus(pdb, { expectedPods, desiredHealthy: desiredHealthy(spec, expectedPods), currentHealthy: countHealthyPods(selected, disruptedPods, now), disruptedPods }, now);
      const next = Math.min(...Object.values(disruptedPods).map((at) => Date.parse(at) + disruptedPodTimeoutMs - now));
      if (Number.isFinite(next)) queue.addAfter(key, next + 1000);
    } catch (err) {
      status = failSafeStatus(pdb, (err as Error).message, now);
    }
    // A conflict (an eviction spent a disruption meanwhile) throws: the queue retries from the newer budget.
    if (!sameStatus(pdb.status, status)) await writeStatus(pdb, status);
  };

  await Promise.all([budgets.synced(), pods.synced(), ...Object.values(controllers).map((i) => i.synced())]);
  queue.run(workers, sync);
  return { stop: () => queue.stop() };
}
