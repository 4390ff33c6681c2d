// kube-apiserver keeps at most ten Update managers per object: past that, the
// oldest are folded, per apiVersion, into an "ancient-changes" manager
// (fieldmanager's capManagersManager).

import { managerIdentifier, type ManagerRecord, type Managers } from './managed-fields.ts';

const maxUpdateManagers = 10;
const bucketManager = 'ancient-changes';

function seconds(record: ManagerRecord): number {
  return record.time === undefined ? 0 : Math.floor(Date.parse(record.time) / 1000);
}

export function capUpdateManagers(managers: Managers): Managers {
  const updaters = [...managers].filter(([, r]) => r.operation === 'Update');
  if (updaters.length <= maxUpdateManagers) return managers;
  updaters.sort(([idA, a], [idB, b]) => seconds(a) - seconds(b) || (idA < idB ? -1 : idA > idB ? 1 : 0));

  const out: Managers = new Map(managers);
  const firstOfVersion = new Map<string, string>();
  let count = updaters.length;
  for (const [id, record] of updaters) {
    if (count <= maxUpdateManagers) break;
    const bucket = managerIdentifier({ manager: bucketManager, operation: 'Update', apiVersion: record.apiVersion });
    const first = firstOfVersion.get(record.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(record.apiVersion, id);
      continue;
    }
    let into = out.get(bucket);
    if (into === undefined) {
      into = { ...(out.get(first) as ManagerRecord), manager: bucketManager, operation: 'Update' };
      delete into.subresource;
      out.delete(first);
    }
    const merged: ManagerRecord = { ...into, set: record.set.union(into.set), apiVersion: record.apiVersion };
    if (record.time === undefined) delete merged.time;
    else merged.time = record.time;
    out.set(bucket, merged);
    out.delete(id);
    count--;
  }
  return out;
}
