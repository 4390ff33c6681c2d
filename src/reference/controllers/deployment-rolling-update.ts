// The steps of a RollingUpdate (upstream rolling.go): grow the new
// ReplicaSet within maxSurge, then shrink old ones while keeping
// replicas - maxUnavailable available, unhealthy old replicas first.
import type { ReplicaSet } from './replicaset.ts';
import {
  byCreation,
  desiredReplicas,
  maxUnavailable,
  newReplicaSetReplicas,
  specReplicas,
  sumSpecReplicas,
  sumStatus,
  type Deployment,
} from './deployment-replica-math.ts';

export interface ScaleStep {
  rs: ReplicaSet;
  replicas: number;
}

/** The size the new ReplicaSet goes to now, or undefined when it stays (upstream reconcileNewReplicaSet). */
export function newReplicaSetTarget(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet): number | undefined {
  const desired = desiredReplicas(d);
  const current = specReplicas(newRS);
  if (current === desired) return undefined;
  const target = current > desired ? desired : newReplicaSetReplicas(d, all, newRS);
  return target === current ? undefined : target;
}

/** How old ReplicaSets shrink now, oldest first (upstream reconcileOldReplicaSets). */
export function oldReplicaSetScaleDowns(d: Deployment, oldRSs: ReplicaSet[], newRS: ReplicaSet): ScaleStep[] {
  if (sumSpecReplicas(oldRSs) === 0) return [];
  const all = [...oldRSs, newRS];
  const minAvailable = desiredReplicas(d) - maxUnavailable(d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = sumSpecReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];
  const oldest = [...oldRSs].sort(byCreation);
  const sizes = new Map(oldest.map((rs) => [rs, specReplicas(rs)]));

  // Unavailable old replicas go first: removing them costs no availability.
  let cleaned = 0;
  for (const rs of oldest) {
    if (cleaned >= maxScaledDown) break;
    const size = sizes.get(rs)!;
    const available = rs.status?.availableReplicas ?? 0;
    if (size === 0 || size === available) continue;
    const n = Math.min(maxScaledDown - cleaned, size - available);
    sizes.set(rs, size - n);
    cleaned += n;
  }

  const available = sumStatus(all, 'availableReplicas');
  if (available > minAvailable) {
    const total = available - minAvailable;
    let scaled = 0;
    for (const rs of oldest) {
      if (scaled >= total) break;
      const size = sizes.get(rs)!;
      if (size === 0) continue;
      const n = Math.min(size, total - scaled);
      sizes.set(rs, size - n);
      scaled += n;
    }
  }
  return oldest.filter((rs) => sizes.get(rs) !== specReplicas(rs)).map((rs) => ({ rs, replicas: sizes.get(rs)! }));
}
