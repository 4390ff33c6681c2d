// What the workload controllers share about pods, as upstream's
// controller_utils.go and podutil: which pods count as active, ready and
// available, creating a pod from a template under a controller, deleting one,
// and the order in which a controller picks pods to delete.
import type { KubeObject } from '../api/object.ts';
import type { ApiClient } from '../../kube/api-client.ts';
import type { EventSink } from './controller-context.ts';
import type { OwnerReference } from './controller-ref.ts';

interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
  containerStatuses?: { restartCount?: number }[];
}

export function podsPath(namespace: string): string {
  return `/api/v1/namespaces/${namespace}/pods`;
}

function podStatus(pod: KubeObject): PodStatus {
  return (pod.status ?? {}) as PodStatus;
}

function nodeName(pod: KubeObject): string {
  return (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
}

/** Neither finished nor being deleted (upstream IsPodActive). */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podStatus(pod).phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata?.deletionTimestamp === undefined;
}

function readyCondition(pod: KubeObject): PodCondition | undefined {
  return podStatus(pod).conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Ready for at least minReadySeconds at `now` (upstream IsPodAvailable). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True') return false;
  if (minReadySeconds === 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now;
}

/** Milliseconds until a ready pod becomes available, or undefined when it is not ready or already available. */
export function msUntilAvailable(pod: KubeObject, minReadySeconds: number, now: number): number | undefined {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True' || minReadySeconds === 0 || !ready.lastTransitionTime) return undefined;
  const at = Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000;
  return at > now ? at - now : undefined;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  spec?: Record<string, unknown>;
}

/** The pod a controller creates from its template (upstream GetPodFromTemplate): generateName "<owner>-". */
export function podFromTemplate(template: PodTemplate, owner: KubeObject, controllerRef: OwnerReference): KubeObject {
  const meta: Record<string, unknown> = { generateName: `${owner.metadata!.name}-`, ownerReferences: [controllerRef] };
  if (template.metadata?.labels) meta.labels = { ...template.metadata.labels };
  if (template.metadata?.annotations) meta.annotations = { ...template.metadata.annotations };
  if (template.metadata?.finalizers) meta.finalizers = structuredClone(template.metadata.finalizers);
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: structuredClone(template.spec ?? {}) };
}

/** Creates the pod and records SuccessfulCreate or FailedCreate on the owner, as upstream RealPodControl. */
export async function createPod(client: ApiClient, events: EventSink, owner: KubeObject, pod: KubeObject): Promise<KubeObject> {
  try {
    const created = await client.create(podsPath(owner.metadata!.namespace!), pod);
    events.record(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
    return created;
  } catch (err) {
    events.record(owner, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
    throw err;
  }
}

/** Deletes the pod and records SuccessfulDelete or FailedDelete; a pod already gone is not an error. */
export async function deletePod(client: ApiClient, events: EventSink, owner: KubeObject, pod: KubeObject): Promise<void> {
  const name = pod.metadata!.name!;
  try {
    await client.delete(`${podsPath(pod.metadata!.namespace!)}/${name}`, { preconditions: { uid: pod.metadata?.uid } });
    events.record(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
  } catch (err) {
    if ((err as { code?: number }).code === 404) return;
    events.record(owner, 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
    throw err;
  }
}

const phaseOrder: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(pod: KubeObject): number {
  const v = Number(pod.metadata?.annotations?.['controller.kubernetes.io/pod-deletion-cost']);
  return Number.isFinite(v) ? v : 0;
}

function restarts(pod: KubeObject): number {
  return Math.max(0, ...(podStatus(pod).containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

function timeOf(s: string | undefined): number | undefined {
  return s ? Date.parse(s) : undefined;
}

/**
 * The first `count` pods to delete, in upstream's ActivePodsWithRanks order:
 * unassigned before assigned, Pending before Unknown before Running, not ready
 * before ready, lower deletion cost first, more related pods on the same node
 * first, ready for less time first, more restarts first, newer first.
 * `related` are the pods whose node placement ranks each candidate.
 */
export function podsToDelete(candidates: KubeObject[], related: KubeObject[], count: number): KubeObject[] {
  if (count >= candidates.length) return candidates;
  const perNode = new Map<string, number>();
  for (const p of related) {
    const n = nodeName(p);
    if (n && isPodActive(p)) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  const rank = (p: KubeObject): number => (nodeName(p) ? (perNode.get(nodeName(p)) ?? 0) : 0);
  const sorted = [...candidates].sort((a, b) => {
    const assigned = Number(nodeName(a) !== '') - Number(nodeName(b) !== '');
    if (assigned !== 0) return assigned;
    const phase = (phaseOrder[podStatus(a).phase ?? ''] ?? 0) - (phaseOrder[podStatus(b).phase ?? ''] ?? 0);
    if (phase !== 0) return phase;
    const ready = Number(isPodReady(a)) - Number(isPodReady(b));
    if (ready !== 0) return ready;
    const cost = deletionCost(a) - deletionCost(b);
    if (cost !== 0) return cost;
    const ranks = rank(b) - rank(a);
    if (ranks !== 0) return ranks;
    if (isPodReady(a) && isPodReady(b)) {
      const ra = timeOf(readyCondition(a)?.lastTransitionTime);
      const rb = timeOf(readyCondition(b)?.lastTransitionTime);
      if (ra !== rb) return ra === undefined ? -1 : rb === undefined ? 1 : rb - ra;
    }
    const restartOrder = restarts(b) - restarts(a);
    if (restartOrder !== 0) return restartOrder;
    const ca = timeOf(a.metadata?.creationTimestamp);
    const cb = timeOf(b.metadata?.creationTimestamp);
    if (ca === cb) return 0;
    return ca === undefined ? -1 : cb === undefined ? 1 : cb - ca;
  });
  return sorted.slice(0, count);
}
