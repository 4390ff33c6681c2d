// Nodes (SetDefaults_NodeStatus): allocatable is the capacity until the
// kubelet says otherwise; quantities in canonical form.
import { isObj, type Obj } from '../validation/object-access.ts';
import { canonicalResourceList } from './quantities.ts';

export function defaultNode(node: Obj): void {
  const status = node.status;
  if (!isObj(status)) return;
  canonicalResourceList(status.capacity);
  canonicalResourceList(status.allocatable);
  if (isObj(status.capacity) && !isObj(status.allocatable)) status.allocatable = { ...status.capacity };
}
