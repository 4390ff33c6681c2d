// NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that
// tolerate the node.kubernetes.io/unschedulable:NoSchedule taint.
import { unresolvable, type FilterPlugin } from '../framework.ts';
import { tolerates } from './taint-toleration.ts';

export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  filter(state, node) {
    if (!node.node?.spec?.unschedulable) return undefined;
    const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };
    if ((state.pod.spec?.tolerations ?? []).some((t) => tolerates(t, taint))) return undefined;
    return unresolvable('node(s) were unschedulable');
  },
};
