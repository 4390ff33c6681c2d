// DefaultPreemption: when a pod fits nowhere, find nodes where evicting pods
// of lower priority would make it fit, keep as few victims as possible, and
// pick the node whose victims matter least. Otherwise explain, in upstream's
// words, why preemption cannot help.
import type { Profile } from './default-profile.ts';
import { fitErrorMessage } from './fit-error.ts';
import { CycleState, runFilters, unresolvable, type ClusterLookups, type FilterFailure } from './framework.ts';
import type { NodeInfo } from './node-info.ts';
import { podPriority, type Pod } from './pod-types.ts';
import { objectKey } from '../../kube/informer.ts';

export type PreemptionOutcome = { nodeName: string; victims: Pod[] } | { message: string };

interface Candidate {
  nodeName: string;
  victims: Pod[];
}

function fitsWith(profile: Profile, pod: Pod, nodes: NodeInfo[], index: number, trial: NodeInfo, lookups: ClusterLookups): FilterFailure | undefined {
  const snapshot = nodes.slice();
  snapshot[index] = trial;
  return runFilters(profile.filters, new CycleState(pod, snapshot, lookups), trial);
}

function byPriorityThenAge(a: Pod, b: Pod): number {
  return podPriority(b) - podPriority(a) || (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? '');
}

function selectVictims(profile: Profile, pod: Pod, nodes: NodeInfo[], index: number, lookups: ClusterLookups): Candidate | FilterFailure {
  const node = nodes[index]!;
  const lower = [...node.pods.values()].filter((p) => podPriority(p) < podPriority(pod)).sort(byPriorityThenAge);
  if (lower.length === 0) return unresolvable('No preemption victims found for incoming pod');
  const trial = node.clone();
  for (const victim of lower) trial.removePod(objectKey(victim));
  const failure = fitsWith(profile, pod, nodes, index, trial, lookups);
  if (failure) return failure;
  // Reprieve as many victims as possible, the most important first.
  const victims: Pod[] = [];
  for (const candidate of lower) {
    trial.addPod(candidate);
    if (fitsWith(profile, pod, nodes, index, trial, lookups)) {
      trial.removePod(objectKey(candidate));
      victims.push(candidate);
    }
  }
  return { nodeName: node.name, victims };
}

function pickCandidate(candidates: Candidate[]): Candidate {
  const highest = (c: Candidate) => Math.max(...c.victims.map(podPriority));
  const sum = (c: Candidate) => c.victims.reduce((s, v) => s + podPriority(v), 0);
  return candidates.reduce((best, c) => {
    const order = highest(c) - highest(best) || sum(c) - sum(best) || c.victims.length - best.victims.length;
    return order < 0 ? c : best;
  });
}

export function preempt(profile: Profile, pod: Pod, nodes: NodeInfo[], failures: Map<string, FilterFailure>, lookups: ClusterLookups): PreemptionOutcome {
  if (pod.spec?.preemptionPolicy === 'Never') return { message: 'preemption: not eligible due to preemptionPolicy=Never.' };
  const nominated = nodes.find((n) => n.name === pod.status?.nominatedNodeName);
  if (nominated && [...nominated.pods.values()].some((p) => p.metadata?.deletionTimestamp && podPriority(p) < podPriority(pod))) {
    return { message: 'preemption: not eligible due to a terminating pod on the nominated node.' };
  }
  const candidates: Candidate[] = [];
  const preemptionFailures = new Map<string, FilterFailure>();
  nodes.forEach((node, index) => {
    const failure = failures.get(node.name);
    if (!failure) return;
    if (failure.code === 'UnschedulableAndUnresolvable') {
      preemptionFailures.set(node.name, unresolvable('Preemption is not helpful for scheduling'));
      return;
    }
    const outcome = selectVictims(profile, pod, nodes, index, lookups);
    if ('victims' in outcome) candidates.push(outcome);
    else preemptionFailures.set(node.name, outcome);
  });
  if (candidates.length === 0) return { message: `preemption: ${fitErrorMessage({ numAllNodes: nodes.length, nodeFailures: preemptionFailures })}` };
  return pickCandidate(candidates);
}
