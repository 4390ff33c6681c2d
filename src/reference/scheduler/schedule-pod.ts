// One scheduling attempt: filter every node, score those that pass, pick the
// best (ties broken at random, as upstream's selectHost), or diagnose why none
// fits.
import type { Profile } from './default-profile.ts';
import type { Diagnosis } from './fit-error.ts';
import { CycleState, runFilters, runScores, type ClusterLookups, type FilterFailure } from './framework.ts';
import type { NodeInfo } from './node-info.ts';
import type { Pod } from './pod-types.ts';

export type ScheduleResult = { nodeName: string } | { diagnosis: Diagnosis };

export function filterNodes(profile: Profile, state: CycleState): { feasible: NodeInfo[]; failures: Map<string, FilterFailure> } {
  const feasible: NodeInfo[] = [];
  const failures = new Map<string, FilterFailure>();
  for (const node of state.nodes) {
    const failure = runFilters(profile.filters, state, node);
    if (failure) failures.set(node.name, failure);
    else feasible.push(node);
  }
  return { feasible, failures };
}

export function schedulePod(profile: Profile, pod: Pod, nodes: NodeInfo[], lookups: ClusterLookups = {}, random: () => number = Math.random): ScheduleResult {
  const state = new CycleState(pod, nodes, lookups);
  for (const plugin of profile.filters) {
    const rejection = plugin.preFilter?.(state);
    if (rejection) {
      const nodeFailures = new Map(nodes.map((n) => [n.name, rejection]));
      return { diagnosis: { numAllNodes: nodes.length, nodeFailures, preFilterMessage: rejection.reasons.join(', ') } };
    }
  }
  const { feasible, failures } = filterNodes(profile, state);
  if (feasible.length === 0) return { diagnosis: { numAllNodes: nodes.length, nodeFailures: failures } };
  if (feasible.length === 1) return { nodeName: feasible[0]!.name };
  const totals = runScores(profile.scorers, state, feasible);
  let best = 0;
  let ties = 1;
  for (let i = 1; i < feasible.length; i++) {
    if (totals[i]! > totals[best]!) {
      best = i;
      ties = 1;
    } else if (totals[i] === totals[best]) {
      ties++;
      if (random() * ties < 1) best = i;
    }
  }
  return { nodeName: feasible[best]!.name };
}
