// NodePorts: a pod's host ports must be free on the node; 0.0.0.0 clashes
// with every address of the same protocol and port.
import { unschedulable, type FilterPlugin } from '../framework.ts';
import { podHostPorts } from '../node-info.ts';

export const nodePorts: FilterPlugin = {
  name: 'NodePorts',
  filter(state, node) {
    const wanted = state.memo('NodePorts', () => podHostPorts(state.pod));
    for (const w of wanted) {
      const clash = node.usedPorts.some((u) => u.port === w.port && u.protocol === w.protocol && (u.ip === w.ip || u.ip === '0.0.0.0' || w.ip === '0.0.0.0'));
      if (clash) return unschedulable("node(s) didn't have free ports for the requested pod ports");
    }
    return undefined;
  },
};
