// NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be
// used in equal fractions after placing the pod (1 - standard deviation of the
// fractions, scaled to 100).
import { maxNodeScore, type ScorePlugin } from '../framework.ts';
import { podRequests } from '../resources.ts';

export const balancedAllocation: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(state, node) {
    const requests = state.memo('NodeResourcesFit', () => podRequests(state.pod));
    const allocatable = node.allocatable();
    const fractions: number[] = [];
    for (const resource of ['cpu', 'memory']) {
      const capacity = allocatable.get(resource) ?? 0;
      if (capacity === 0) continue;
      const requested = (node.requested.get(resource) ?? 0) + (requests.get(resource) ?? 0);
      fractions.push(Math.min(1, requested / capacity));
    }
    if (fractions.length === 0) return 0;
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    const std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) ** 2, 0) / fractions.length);
    return Math.trunc((1 - std) * maxNodeScore);
  },
};
