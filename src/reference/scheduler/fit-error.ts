// Why a pod fits nowhere, in kube-scheduler's words (framework.FitError):
// "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated
// taint {k: v}. preemption: 0/3 nodes are available: ..."
import type { FilterFailure } from './framework.ts';

export interface Diagnosis {
  numAllNodes: number;
  /** The failure of every node that did not pass the filters, by node name. */
  nodeFailures: Map<string, FilterFailure>;
  /** Set when a PreFilter rejected the pod for every node. */
  preFilterMessage?: string;
  /** What the preemption step said, prefixed with "preemption: " and ending in its own full stop. */
  postFilterMessage?: string;
}

export function fitErrorMessage(d: Diagnosis): string {
  let message = `0/${d.numAllNodes} nodes are available:`;
  if (d.preFilterMessage) {
    message += ` ${d.preFilterMessage}.`;
    if (d.postFilterMessage) message += ` ${d.postFilterMessage}`;
    return message;
  }
  const histogram = new Map<string, number>();
  for (const failure of d.nodeFailures.values()) {
    for (const reason of failure.reasons) histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
  }
  // upstream sorts the formatted "count reason" strings, count included.
  const reasons = [...histogram].map(([reason, count]) => `${count} ${reason}`).sort();
  if (reasons.length > 0) message += ` ${reasons.join(', ')}.`;
  if (d.postFilterMessage) message += ` ${d.postFilterMessage}`;
  return message;
}
