// A whole scheduling attempt as a pure function: place the pod, or else try
// preemption, and say in kube-scheduler's words why the pod did not fit.
import type { Profile } from './default-profile.ts';
import { fitErrorMessage } from './fit-error.ts';
import type { NodeInfo } from './node-info.ts';
import type { Pod } from './pod-types.ts';
import { preempt } from './preemption.ts';
import { schedulePod } from './schedule-pod.ts';
import type { ClusterLookups } from './framework.ts';

export type AttemptResult =
  | { nodeName: string }
  /** Fits nowhere; with preemption, victims to delete and the node to nominate. */
  | { message: string; preemption?: { nodeName: string; victims: Pod[] } };

export function attemptScheduling(profile: Profile, pod: Pod, nodes: NodeInfo[], lookups: ClusterLookups = {}, random?: () => number): AttemptResult {
  const result = schedulePod(profile, pod, nodes, lookups, random);
  if ('nodeName' in result) return result;
  const outcome = preempt(profile, pod, nodes, result.diagnosis.nodeFailures, lookups);
  if ('message' in outcome) {
    result.diagnosis.postFilterMessage = outcome.message;
    return { message: fitErrorMessage(result.diagnosis) };
  }
  return { message: fitErrorMessage(result.diagnosis), preemption: outcome };
}
