// InterPodAffinity: required pod affinity and anti-affinity (of the incoming
// pod, and the anti-affinity of pods already placed) over topology domains;
// preferred terms of both sides add or subtract their weights per domain.
import { labelSelectorFromObject } from '../../api/selectors/index.ts';
import { maxNodeScore, unresolvable, unschedulable, type CycleState, type FilterPlugin, type ScorePlugin } from '../framework.ts';
import type { NodeInfo } from '../node-info.ts';
import type { Pod, PodAffinityTerm } from '../pod-types.ts';

/** The weight kube-scheduler gives an existing pod's required affinity term when scoring (hardPodAffinityWeight). */
const hardPodAffinityWeight = 1;

function selectorMatches(selector: PodAffinityTerm['labelSelector'], labels: Record<string, string> | undefined): boolean {
  try {
    return labelSelectorFromObject(selector).matches(labels);
  } catch {
    return false;
  }
}

/** Whether `pod` is selected by `term`, a term written in a pod of namespace `ownerNamespace`. */
export function termSelectsPod(state: CycleState, term: PodAffinityTerm, ownerNamespace: string | undefined, pod: Pod): boolean {
  const namespace = pod.metadata?.namespace ?? '';
  const listed = term.namespaces ?? [];
  let inNamespace: boolean;
  if (listed.length === 0 && !term.namespaceSelector) inNamespace = namespace === ownerNamespace;
  else inNamespace = listed.includes(namespace) || (!!term.namespaceSelector && selectorMatches(term.namespaceSelector, state.namespaceLabels(namespace) ?? {}));
  return inNamespace && selectorMatches(term.labelSelector, pod.metadata?.labels);
}

function topologyValue(node: NodeInfo, key: string): string | undefined {
  return node.node?.metadata?.labels?.[key];
}

/** Topology domains ("key=value") that hold at least one pod selected by the term. */
function domainsWithMatches(state: CycleState, term: PodAffinityTerm): Set<string> {
  const domains = new Set<string>();
  for (const node of state.nodes) {
    const value = topologyValue(node, term.topologyKey);
    if (value === undefined) continue;
    for (const pod of node.pods.values()) {
      if (termSelectsPod(state, term, state.pod.metadata?.namespace, pod)) {
        domains.add(value);
        break;
      }
    }
  }
  return domains;
}

interface RequiredState {
  affinity: { term: PodAffinityTerm; domains: Set<string> }[];
  antiAffinity: { term: PodAffinityTerm; domains: Set<string> }[];
  /** "key=value" domains forbidden by existing pods' required anti-affinity. */
  existingAntiAffinity: Set<string>;
}

function requiredState(state: CycleState): RequiredState {
  return state.memo('InterPodAffinity', () => {
    const affinityTerms = state.pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const antiTerms = state.pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const existingAntiAffinity = new Set<string>();
    for (const node of state.nodes) {
      for (const pod of node.podsWithAffinity.values()) {
        for (const term of pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
          const value = topologyValue(node, term.topologyKey);
          if (value !== undefined && termSelectsPod(state, term, pod.metadata?.namespace, state.pod)) existingAntiAffinity.add(`${term.topologyKey}=${value}`);
        }
      }
    }
    return {
      affinity: affinityTerms.map((term) => ({ term, domains: domainsWithMatches(state, term) })),
      antiAffinity: antiTerms.map((term) => ({ term, domains: domainsWithMatches(state, term) })),
      existingAntiAffinity,
    };
  });
}

export const interPodAffinity: FilterPlugin = {
  name: 'InterPodAffinity',
  filter(state, node) {
    const required = requiredState(state);
    if (required.affinity.length > 0) {
      const hasKeys = required.affinity.every(({ term }) => topologyValue(node, term.topologyKey) !== undefined);
      const satisfied = hasKeys && required.affinity.every(({ term, domains }) => domains.has(topologyValue(node, term.topologyKey)!));
      // The first pod of a group that selects itself may go anywhere its topology keys exist.
      const noneAnywhere = required.affinity.every(({ domains }) => domains.size === 0);
      const selectsItself = required.affinity.every(({ term }) => termSelectsPod(state, term, state.pod.metadata?.namespace, state.pod));
      if (!satisfied && !(hasKeys && noneAnywhere && selectsItself)) return unresolvable("node(s) didn't match pod affinity rules");
    }
    for (const { term, domains } of required.antiAffinity) {
      const value = topologyValue(node, term.topologyKey);
      if (value !== undefined && domains.has(value)) return unschedulable("node(s) didn't match pod anti-affinity rules");
    }
    for (const [key, value] of Object.entries(node.node?.metadata?.labels ?? {})) {
      if (required.existingAntiAffinity.has(`${key}=${value}`)) return unschedulable("node(s) didn't satisfy existing pods anti-affinity rules");
    }
    return undefined;
  },
};

/** Score per "key=value" domain, summed from both sides' preferences. */
function domainScores(state: CycleState): Map<string, number> {
  return state.memo('InterPodAffinity/score', () => {
    const scores = new Map<string, number>();
    const add = (node: NodeInfo, key: string, weight: number) => {
      const value = topologyValue(node, key);
      if (value !== undefined) scores.set(`${key}=${value}`, (scores.get(`${key}=${value}`) ?? 0) + weight);
    };
    const incoming = state.pod;
    const own = incoming.spec?.affinity;
    const hasOwnPreferences = !!(own?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length || own?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length);
    for (const node of state.nodes) {
      for (const pod of hasOwnPreferences ? node.pods.values() : []) {
        for (const { weight, podAffinityTerm } of own?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
          if (termSelectsPod(state, podAffinityTerm, incoming.metadata?.namespace, pod)) add(node, podAffinityTerm.topologyKey, weight);
        }
        for (const { weight, podAffinityTerm } of own?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
          if (termSelectsPod(state, podAffinityTerm, incoming.metadata?.namespace, pod)) add(node, podAffinityTerm.topologyKey, -weight);
        }
      }
      for (const pod of node.podsWithAffinity.values()) {
        const theirs = pod.spec?.affinity;
        for (const term of theirs?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
          if (termSelectsPod(state, term, pod.metadata?.namespace, incoming)) add(node, term.topologyKey, hardPodAffinityWeight);
        }
        for (const { weight, podAffinityTerm } of theirs?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
          if (termSelectsPod(state, podAffinityTerm, pod.metadata?.namespace, incoming)) add(node, podAffinityTerm.topologyKey, weight);
        }
        for (const { weight, podAffinityTerm } of theirs?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
          if (termSelectsPod(state, podAffinityTerm, pod.metadata?.namespace, incoming)) add(node, podAffinityTerm.topologyKey, -weight);
        }
      }
    }
    return scores;
  });
}

export const interPodAffinityScore: ScorePlugin = {
  name: 'InterPodAffinity',
  weight: 2,
  score(state, node) {
    const scores = domainScores(state);
    let sum = 0;
    for (const [key, value] of Object.entries(node.node?.metadata?.labels ?? {})) sum += scores.get(`${key}=${value}`) ?? 0;
    return sum;
  },
  normalize(_state, scores) {
    const max = Math.max(...scores);
    const min = Math.min(...scores);
    for (let i = 0; i < scores.length; i++) scores[i] = max - min > 0 ? Math.trunc((maxNodeScore * (scores[i]! - min)) / (max - min)) : 0;
  },
};
