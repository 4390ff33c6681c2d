// Nodes (SetDefaults_NodeStatus): allocatable is the capacity until the
// kubelet says otherwise.
import { isObj, type Obj } from '../validation/object-access.ts';

export function defaultNode(node: Obj): void {
  const status = node.status;
  if (isObj(status) && isObj(status.capacity) && !isObj(status.allocatable)) status.allocatable = { ...status.capacity };
}
