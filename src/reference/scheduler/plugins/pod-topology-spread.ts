// PodTopologySpread: DoNotSchedule constraints reject a node when placing the
// pod there would make its domain exceed maxSkew over the least-loaded domain;
// ScheduleAnyway constraints favour nodes whose domains hold fewer matching
// pods. Domains are counted over nodes that carry every constraint's
// topology key and that each constraint's node inclusion policies admit: the
// pod's node selector and required affinity (nodeAffinityPolicy, Honor by
// default) and its tolerations of the node's taints (nodeTaintsPolicy, Ignore
// by default).
// A pod without constraints is scored by kube-scheduler's system defaults
// (hostname maxSkew 3, zone maxSkew 5) over its Services' and owner's
// selector, on whichever of those keys a node has.
import { labelSelectorFromObject, type LabelSelector } from '../../api/selectors/index.ts';
import { maxNodeScore, unresolvable, unschedulable, type CycleState, type FilterPlugin, type ScorePlugin } from '../framework.ts';
import type { NodeInfo } from '../node-info.ts';
import type { Pod, TopologySpreadConstraint } from '../pod-types.ts';
import { podMatchesNodeSelectorAndAffinity } from './node-affinity.ts';
import { tolerates } from './taint-toleration.ts';

interface Constraint {
  spec: TopologySpreadConstraint;
  selector: LabelSelector | undefined;
}

export const systemDefaultConstraints: readonly TopologySpreadConstraint[] = [
  { maxSkew: 3, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
];

function constraintsOf(pod: Pod, specs: readonly TopologySpreadConstraint[], when: TopologySpreadConstraint['whenUnsatisfiable']): Constraint[] {
  return specs
    .filter((c) => c.whenUnsatisfiable === when)
    .map((spec) => {
      // matchLabelKeys add the pod's own values of those labels to the selector.
      const extra = (spec.matchLabelKeys ?? []).filter((k) => pod.metadata?.labels?.[k] !== undefined).map((k) => ({ key: k, operator: 'In', values: [pod.metadata!.labels![k]!] }));
      const object = spec.labelSelector ? { ...spec.labelSelector, matchExpressions: [...(spec.labelSelector.matchExpressions ?? []), ...extra] } : spec.labelSelector;
      let selector: LabelSelector | undefined;
      try {
        selector = labelSelectorFromObject(object);
      } catch {
        selector = undefined;
      }
      return { spec, selector };
    });
}

function matchingPods(pod: Pod, node: NodeInfo, selector: LabelSelector | undefined): number {
  let count = 0;
  for (const p of node.pods.values()) {
    if (p.metadata?.namespace === pod.metadata?.namespace && !p.metadata?.deletionTimestamp && selector?.matches(p.metadata?.labels)) count++;
  }
  return count;
}

function hasAllKeys(node: NodeInfo, constraints: Constraint[]): boolean {
  const labels = node.node?.metadata?.labels ?? {};
  return constraints.every((c) => Object.hasOwn(labels, c.spec.topologyKey));
}

function toleratesNodeTaints(pod: Pod, node: NodeInfo): boolean {
  const tolerations = pod.spec?.tolerations ?? [];
  return (node.node?.spec?.taints ?? []).every((taint) => (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') || tolerations.some((t) => tolerates(t, taint)));
}

/** upstream's nodeInclusionPolicy: whether the node's domain counts for the constraint. */
function includesNode(pod: Pod, node: NodeInfo, c: Constraint): boolean {
  if (c.spec.nodeAffinityPolicy !== 'Ignore' && !podMatchesNodeSelectorAndAffinity(pod, node)) return false;
  return c.spec.nodeTaintsPolicy !== 'Honor' || toleratesNodeTaints(pod, node);
}

function topologyValue(node: NodeInfo, c: Constraint): string | undefined {
  return node.node?.metadata?.labels?.[c.spec.topologyKey];
}

/**
 * Matching pods per domain value, one map per constraint, over the nodes that
 * pass the pod's node affinity and carry all the keys (or, with
 * requireAllKeys false, per key over the nodes that carry it).
 */
function domainCounts(state: CycleState, constraints: Constraint[], requireAllKeys: boolean): Map<string, number>[] {
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of state.nodes) {
    if (requireAllKeys && !hasAllKeys(node, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!includesNode(state.pod, node, c)) return;
      const value = topologyValue(node, c);
      if (value !== undefined) counts[i]!.set(value, (counts[i]!.get(value) ?? 0) + matchingPods(state.pod, node, c.selector));
    });
  }
  return counts;
}

interface SoftConstraints {
  constraints: Constraint[];
  /** False for the system defaults: a node missing a key is scored on the keys it has. */
  requireAllKeys: boolean;
  counts: () => Map<string, number>[];
}

function softConstraints(state: CycleState): SoftConstraints {
  return state.memo('PodTopologySpread/soft', () => {
    const own = state.pod.spec?.topologySpreadConstraints ?? [];
    let constraints: Constraint[];
    let requireAllKeys = true;
    if (own.length > 0) constraints = constraintsOf(state.pod, own, 'ScheduleAnyway');
    else {
      const selector = state.lookups.defaultSpreadSelector?.(state.pod);
      constraints = selector ? constraintsOf(state.pod, systemDefaultConstraints.map((c) => ({ ...c, labelSelector: selector })), 'ScheduleAnyway') : [];
      requireAllKeys = false;
    }
    let counts: Map<string, number>[] | undefined;
    return { constraints, requireAllKeys, counts: () => (counts ??= domainCounts(state, constraints, requireAllKeys)) };
  });
}

export const podTopologySpread: FilterPlugin = {
  name: 'PodTopologySpread',
  filter(state, node) {
    const constraints = state.memo('PodTopologySpread/hard', () => constraintsOf(state.pod, state.pod.spec?.topologySpreadConstraints ?? [], 'DoNotSchedule'));
    if (constraints.length === 0) return undefined;
    if (!hasAllKeys(node, constraints)) return unresolvable("node(s) didn't match pod topology spread constraints (missing required label)");
    const counts = state.memo('PodTopologySpread/counts', () => domainCounts(state, constraints, true));
    for (let i = 0; i < constraints.length; i++) {
      const { spec, selector } = constraints[i]!;
      const domains = counts[i]!;
      const selfMatch = selector?.matches(state.pod.metadata?.labels) ? 1 : 0;
      let minMatch = domains.size === 0 ? 0 : Math.min(...domains.values());
      if (spec.minDomains !== undefined && domains.size < spec.minDomains) minMatch = 0;
      const here = domains.get(node.node!.metadata!.labels![spec.topologyKey]!) ?? 0;
      if (here + selfMatch - minMatch > spec.maxSkew) return unschedulable("node(s) didn't match pod topology spread constraints");
    }
    return undefined;
  },
};

export const podTopologySpreadScore: ScorePlugin = {
  name: 'PodTopologySpread',
  weight: 2,
  score(state, node) {
    const { constraints, requireAllKeys, counts } = softConstraints(state);
    if (constraints.length === 0) return 0;
    if (requireAllKeys && !hasAllKeys(node, constraints)) return -1;
    let score = 0;
    constraints.forEach((c, i) => {
      const value = topologyValue(node, c);
      if (value === undefined) return;
      const domains = counts()[i]!;
      // Constraints over more domains weigh more (upstream topologyNormalizingWeight).
      const weight = Math.log(domains.size + 2);
      score += (domains.get(value) ?? 0) * weight + (c.spec.maxSkew - 1);
    });
    return Math.round(score);
  },
  normalize(state, scores) {
    if (softConstraints(state).constraints.length === 0) {
      scores.fill(0);
      return;
    }
    // A score of -1 marks a node without the topology keys: it scores 0.
    const counted = scores.filter((s) => s >= 0);
    const max = Math.max(0, ...counted);
    const min = Math.min(...counted);
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i]!;
      if (s < 0) scores[i] = 0;
      else scores[i] = max === 0 ? maxNodeScore : Math.trunc((maxNodeScore * (max + min - s)) / max);
    }
  },
};
