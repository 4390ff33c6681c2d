// The scheduling framework: filter plugins say whether a pod may go on a node,
// score plugins rank the nodes that passed; scores are normalised to 0-100 and
// weighted as kube-scheduler's default profile.
import type { LabelSelectorObject } from '../api/selectors/index.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../controllers/pv-matching.ts';
import type { NodeInfo } from './node-info.ts';
import { podPriority, type Pod, type StorageClass } from './pod-types.ts';

export const maxNodeScore = 100;

export type FailureCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** A filter's rejection: its reasons appear in the FailedScheduling message. */
export interface FilterFailure {
  code: FailureCode;
  reasons: string[];
}

/** What the scheduler knows beyond the node snapshot, looked up from its informers. */
export interface ClusterLookups {
  namespaceLabels?(namespace: string): Record<string, string> | undefined;
  /** Pending pods that preemption nominated to the node. */
  nominatedPods?(nodeName: string): Pod[];
  /** Claims, volumes and storage classes, for VolumeBinding. */
  volumes?: VolumeLookups;
  /** The selector of the Services and the owning ReplicaSet or StatefulSet of a pod (upstream DefaultSelector); undefined when none. */
  defaultSpreadSelector?(pod: Pod): LabelSelectorObject | undefined;
}

export interface VolumeLookups {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  allVolumes(): PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
}

/** One scheduling attempt of one pod: the pod, every node, and what plugins computed once per cycle. */
export class CycleState {
  readonly pod: Pod;
  readonly nodes: NodeInfo[];
  readonly lookups: ClusterLookups;
  private readonly memos = new Map<string, unknown>();

  constructor(pod: Pod, nodes: NodeInfo[], lookups: ClusterLookups = {}) {
    this.pod = pod;
    this.nodes = nodes;
    this.lookups = lookups;
  }

  namespaceLabels(namespace: string): Record<string, string> | undefined {
    return this.lookups.namespaceLabels?.(namespace);
  }

  /** A value computed on first use in this cycle (upstream's PreFilter/PreScore state). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }
}

export interface FilterPlugin {
  name: string;
  /** A rejection of the pod whatever the node (upstream PreFilter): its reason replaces the per-node counts in the message. */
  preFilter?(state: CycleState): FilterFailure | undefined;
  filter(state: CycleState, node: NodeInfo): FilterFailure | undefined;
}

export interface ScorePlugin {
  name: string;
  weight: number;
  score(state: CycleState, node: NodeInfo): number;
  /** Rewrites raw scores into 0-100 in place. */
  normalize?(state: CycleState, scores: number[]): void;
}

export function unschedulable(...reasons: string[]): FilterFailure {
  return { code: 'Unschedulable', reasons };
}

export function unresolvable(...reasons: string[]): FilterFailure {
  return { code: 'UnschedulableAndUnresolvable', reasons };
}

/** upstream helper.DefaultNormalizeScore: scale to 0-100 by the highest score, optionally reversed. */
export function defaultNormalizeScore(scores: number[], reverse: boolean): void {
  const max = Math.max(0, ...scores);
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) {
      if (reverse) scores[i] = maxNodeScore;
      continue;
    }
    const scaled = Math.trunc((maxNodeScore * scores[i]!) / max);
    scores[i] = reverse ? maxNodeScore - scaled : scaled;
  }
}

function runEachFilter(filters: readonly FilterPlugin[], state: CycleState, node: NodeInfo): FilterFailure | undefined {
  for (const plugin of filters) {
    const failure = plugin.filter(state, node);
    if (failure) return failure;
  }
  return undefined;
}

/**
 * The first filter failure of the pod on the node. As upstream's
 * RunFilterPluginsWithNominatedPods, pods nominated to the node with at least
 * the pod's priority must fit beside it, so that preemption's room is kept
 * for them; the pod must also fit without them.
 */
export function runFilters(filters: readonly FilterPlugin[], state: CycleState, node: NodeInfo): FilterFailure | undefined {
  const priority = podPriority(state.pod);
  const uid = state.pod.metadata?.uid;
  const nominated = (state.lookups.nominatedPods?.(node.name) ?? []).filter((p) => podPriority(p) >= priority && p.metadata?.uid !== uid);
  if (nominated.length > 0) {
    const withNominated = node.clone();
    for (const p of nominated) withNominated.addPod(p);
    const failure = runEachFilter(filters, state, withNominated);
    if (failure) return failure;
  }
  return runEachFilter(filters, state, node);
}

/** Weighted total per node, in the order of `nodes`. */
export function runScores(scorers: readonly ScorePlugin[], state: CycleState, nodes: readonly NodeInfo[]): number[] {
  const totals = nodes.map(() => 0);
  for (const plugin of scorers) {
    const scores = nodes.map((n) => plugin.score(state, n));
    plugin.normalize?.(state, scores);
    for (let i = 0; i < nodes.length; i++) totals[i]! += scores[i]! * plugin.weight;
  }
  return totals;
}
