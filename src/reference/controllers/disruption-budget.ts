// A PodDisruptionBudget's arithmetic, as upstream's disruption controller
// (pkg/controller/disruption) and pdb helpers: how many pods it expects and
// wants healthy, which pods count as healthy, and the DisruptionAllowed
// condition its status carries.
import type { KubeObject } from '../api/object.ts';
import { setCondition, type Condition } from './conditions.ts';
import { isPodReady } from './pod-control.ts';

/** How long an eviction's entry in status.disruptedPods holds its pod out of the healthy count (upstream DeletionTimeout). */
export const disruptedPodTimeoutMs = 2 * 60 * 1000;

export interface DisruptionBudgetSpec {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  unhealthyPodEvictionPolicy?: string;
}

export interface DisruptionBudgetStatus {
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptionsAllowed: number;
  disruptedPods?: Record<string, string>;
  observedGeneration?: number;
  conditions?: Condition[];
}

export interface DisruptionBudget extends KubeObject {
  spec?: DisruptionBudgetSpec & { selector?: unknown };
  status?: DisruptionBudgetStatus;
}

/** An int-or-percent against a total (upstream GetScaledValueFromIntOrPercent). */
export function scaledValue(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = Number(value.replace(/%$/, ''));
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** Whether the expected count comes from the pods' controllers' scale rather than from the pods. */
export function needsControllerScale(spec: DisruptionBudgetSpec): boolean {
  return spec.maxUnavailable !== undefined || typeof spec.minAvailable === 'string';
}

/** desiredHealthy for a budget expecting `expected` pods. */
export function desiredHealthy(spec: DisruptionBudgetSpec, expected: number): number {
  if (spec.maxUnavailable !== undefined) return Math.max(0, expected - scaledValue(spec.maxUnavailable, expected, true));
  if (spec.minAvailable !== undefined) return scaledValue(spec.minAvailable, expected, true);
  return 0;
}

/** Ready pods that are neither being deleted nor recently evicted (upstream countHealthyPods). */
export function countHealthyPods(pods: KubeObject[], disruptedPods: Record<string, string>, now: number): number {
  return pods.filter((pod) => {
    if (pod.metadata?.deletionTimestamp) return false;
    const evictedAt = disruptedPods[pod.metadata?.name ?? ''];
    if (evictedAt !== undefined && Date.parse(evictedAt) + disruptedPodTimeoutMs > now) return false;
    return isPodReady(pod);
  }).length;
}

/**
 * The entries of status.disruptedPods still worth keeping: the pod exists, is
 * not yet being deleted, and was evicted less than the timeout ago (upstream buildDisruptedPodMap).
 */
export function liveDisruptedPods(disrupted: Record<string, string> | undefined, pods: KubeObject[], now: number): Record<string, string> {
  const byName = new Map(pods.map((p) => [p.metadata?.name ?? '', p]));
  const out: Record<string, string> = {};
  for (const [name, at] of Object.entries(disrupted ?? {})) {
    const pod = byName.get(name);
    if (!pod || pod.metadata?.deletionTimestamp) continue;
    if (Date.parse(at) + disruptedPodTimeoutMs <= now) continue;
    out[name] = at;
  }
  return out;
}

/** The DisruptionAllowed condition for the status's disruptionsAllowed (upstream UpdateDisruptionAllowedCondition). */
export function withDisruptionAllowedCondition(status: DisruptionBudgetStatus, now: number): DisruptionBudgetStatus {
  const allowed = status.disruptionsAllowed > 0;
  const conditions = setCondition(status.conditions, {
    type: 'DisruptionAllowed',
    status: allowed ? 'True' : 'False',
    reason: allowed ? 'SufficientPods' : 'InsufficientPods',
    message: '',
    ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
  }, now);
  return { ...status, conditions };
}

/** The status for what the controller counted (upstream updatePdbStatus). */
export function budgetStatus(
  pdb: DisruptionBudget,
  counts: { expectedPods: number; desiredHealthy: number; currentHealthy: number; disruptedPods: Record<string, string> },
  now: number,
): DisruptionBudgetStatus {
  const allowed = counts.currentHealthy - counts.desiredHealthy;
  const status: DisruptionBudgetStatus = {
    currentHealthy: counts.currentHealthy,
    desiredHealthy: counts.desiredHealthy,
    expectedPods: counts.expectedPods,
    disruptionsAllowed: counts.expectedPods <= 0 || allowed <= 0 ? 0 : allowed,
    ...(Object.keys(counts.disruptedPods).length ? { disruptedPods: counts.disruptedPods } : {}),
    observedGeneration: pdb.metadata?.generation ?? 0,
    ...(pdb.status?.conditions ? { conditions: pdb.status.conditions } : {}),
  };
  return withDisruptionAllowedCondition(status, now);
}

/** The status of a budget the controller could not compute: nothing may be disrupted (upstream failSafe). */
export function failSafeStatus(pdb: DisruptionBudget, error: string, now: number): DisruptionBudgetStatus {
  const current = pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 };
  const conditions = setCondition(current.conditions, {
    type: 'DisruptionAllowed',
    status: 'False',
    reason: 'SyncFailed',
    message: error,
    ...(current.observedGeneration !== undefined ? { observedGeneration: current.observedGeneration } : {}),
  }, now);
  return { ...current, disruptionsAllowed: 0, conditions };
}
