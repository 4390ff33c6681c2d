// storage.k8s.io/v1 CSINodes (ValidateCSINode): each driver once, with a
// valid name, a node ID of at most 256 characters, distinct topology keys
// that are label names, and a non-negative volume count.
import { child, index } from './field-path.ts';
import { validateCSIDriverName } from './csi-driver-name.ts';
import { validateLabelName } from './labels.ts';
import { arr, obj, objs, optNum, str, type Obj } from './object-access.ts';
import { duplicate, invalid, required, tooLong, type StatusCause } from './status-cause.ts';

export function validateCSINode(node: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  objs(obj(node.spec).drivers).forEach((driver, i) => {
    const path = index(child('spec', 'drivers'), i);
    const name = str(driver.name);
    causes.push(...validateCSIDriverName(name, child(path, 'name')));
    if (names.has(name)) causes.push(duplicate(child(path, 'name'), name));
    names.add(name);
    const nodeID = str(driver.nodeID);
    if (!nodeID) causes.push(required(child(path, 'nodeID')));
    else if (nodeID.length > 256) causes.push(tooLong(child(path, 'nodeID'), 256));
    const keys = arr(driver.topologyKeys).map(str);
    keys.forEach((k, j) => {
      const keyPath = index(child(path, 'topologyKeys'), j);
      if (!k) causes.push(required(keyPath));
      else causes.push(...validateLabelName(k, keyPath));
      if (keys.indexOf(k) !== j) causes.push(duplicate(keyPath, k));
    });
    const count = optNum(obj(driver.allocatable).count);
    if (count !== undefined && count < 0) causes.push(invalid(child(path, 'allocatable', 'count'), count, 'must be greater than or equal to 0'));
  });
  return causes;
}
