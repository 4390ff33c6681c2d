// NodeResourcesFit: the pod's requests must fit in allocatable minus what the
// node's pods request, and the node must have room for one more pod. A request
// larger than the whole allocatable cannot be helped by preemption. Scores
// with the LeastAllocated strategy (cpu and memory, weight 1 each).
import { maxNodeScore, unresolvable, unschedulable, type FilterPlugin, type ScorePlugin } from '../framework.ts';
import { podRequests } from '../resources.ts';

export const nodeResourcesFit: FilterPlugin = {
  name: 'NodeResourcesFit',
  filter(state, node) {
    const allocatable = node.allocatable();
    const reasons: string[] = [];
    let unresolvableShortfall = false;
    const allowedPods = allocatable.get('pods') ?? 0;
    if (node.pods.size + 1 > allowedPods) {
      reasons.push('Too many pods');
      if (allowedPods < 1) unresolvableShortfall = true;
    }
    const requests = state.memo('NodeResourcesFit', () => podRequests(state.pod));
    const ordered = ['cpu', 'memory', 'ephemeral-storage', ...[...requests.keys()].filter((k) => !['cpu', 'memory', 'ephemeral-storage', 'pods'].includes(k)).sort()];
    for (const resource of ordered) {
      const wanted = requests.get(resource) ?? 0;
      if (wanted <= 0) continue;
      const total = allocatable.get(resource) ?? 0;
      if (wanted > total - (node.requested.get(resource) ?? 0)) {
        reasons.push(`Insufficient ${resource}`);
        if (wanted > total) unresolvableShortfall = true;
      }
    }
    if (reasons.length === 0) return undefined;
    return unresolvableShortfall ? unresolvable(...reasons) : unschedulable(...reasons);
  },
};

export const leastAllocatedResources = ['cpu', 'memory'];

export const nodeResourcesFitScore: ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  score(state, node) {
    const requests = state.memo('NodeResourcesFit/nonZero', () => podRequests(state.pod, true));
    const allocatable = node.allocatable();
    let sum = 0;
    for (const resource of leastAllocatedResources) {
      const capacity = allocatable.get(resource) ?? 0;
      const requested = (node.nonZeroRequested.get(resource) ?? 0) + (requests.get(resource) ?? 0);
      sum += capacity === 0 || requested > capacity ? 0 : Math.trunc(((capacity - requested) * maxNodeScore) / capacity);
    }
    return Math.trunc(sum / leastAllocatedResources.length);
  },
};
