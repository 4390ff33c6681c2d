// NodeName: a pod whose spec.nodeName is set fits only that node.
import { unresolvable, type FilterPlugin } from '../framework.ts';

export const nodeName: FilterPlugin = {
  name: 'NodeName',
  filter(state, node) {
    const wanted = state.pod.spec?.nodeName;
    if (!wanted || wanted === node.name) return undefined;
    return unresolvable("node(s) didn't match the requested node name");
  },
};
