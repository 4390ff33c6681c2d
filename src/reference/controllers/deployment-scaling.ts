// Resizing a Deployment that is not rolling out, or is mid-rollout when its
// replicas change (upstream sync.go scale): one active ReplicaSet takes the
// whole count; otherwise each grows or shrinks in proportion to its size.
import type { ReplicaSet } from './replicaset.ts';
import { byCreation, desiredReplicas, maxSurge, specReplicas, sumSpecReplicas, type Deployment } from './deployment-replica-math.ts';
import { desiredReplicasAnnotation, maxReplicasAnnotation } from './deployment-revisions.ts';
import type { ScaleStep } from './deployment-rolling-update.ts';

function isActive(rs: ReplicaSet | undefined): rs is ReplicaSet {
  return rs !== undefined && specReplicas(rs) > 0;
}

/** The one active ReplicaSet, else the newest when none is active (upstream FindActiveOrLatest). */
function activeOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  const active = [...oldRSs, newRS].filter(isActive);
  if (active.length === 1) return active[0];
  if (active.length > 1) return undefined;
  return newRS ?? [...oldRSs].sort(byCreation).at(-1);
}

/** The new ReplicaSet has all replicas, all available (upstream IsSaturated). */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicas(d);
  return rs.metadata?.annotations?.[desiredReplicasAnnotation] === String(desired) && specReplicas(rs) === desired && (rs.status?.availableReplicas ?? 0) === desired;
}

/** An active ReplicaSet was sized for another replica count (upstream isScalingEvent). */
export function isScalingEvent(d: Deployment, all: ReplicaSet[]): boolean {
  return all.filter(isActive).some((rs) => {
    const v = rs.metadata?.annotations?.[desiredReplicasAnnotation];
    return v !== undefined && Number(v) !== desiredReplicas(d);
  });
}

function roundToInt(a: number): number {
  return a < 0 ? Math.ceil(a - 0.5) : Math.floor(a + 0.5);
}

function fraction(rs: ReplicaSet, d: Deployment): number {
  if (desiredReplicas(d) === 0) return -specReplicas(rs);
  const max = desiredReplicas(d) + maxSurge(d);
  let before = Number(rs.metadata?.annotations?.[maxReplicasAnnotation] ?? '0');
  if (!Number.isInteger(before) || before === 0) before = d.status?.replicas ?? 0;
  if (before === 0) return 0;
  return roundToInt((specReplicas(rs) * max) / before) - specReplicas(rs);
}

function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const allowed = toAdd - added;
  const f = fraction(rs, d);
  return toAdd > 0 ? Math.min(f, allowed) : Math.max(f, allowed);
}

/** The sizes every ReplicaSet is set to (annotations are refreshed on each even when its size stays). */
export function scaleSteps(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ScaleStep[] {
  const desired = desiredReplicas(d);
  const single = activeOrLatest(newRS, oldRSs);
  if (single) return specReplicas(single) === desired ? [] : [{ rs: single, replicas: desired }];
  if (isSaturated(d, newRS)) return oldRSs.filter(isActive).map((rs) => ({ rs, replicas: 0 }));
  if ((d.spec?.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return [];
  const all = [...oldRSs, newRS].filter(isActive);
  const allowed = desired > 0 ? desired + maxSurge(d) : 0;
  const toAdd = allowed - sumSpecReplicas(all);
  // Largest first; among equals newer first when growing, older first when shrinking.
  all.sort((a, b) => specReplicas(b) - specReplicas(a) || (toAdd > 0 ? byCreation(b, a) : byCreation(a, b)));
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return specReplicas(rs);
    const p = proportion(rs, d, toAdd, added);
    added += p;
    return specReplicas(rs) + p;
  });
  if (toAdd !== 0 && sizes.length) sizes[0] = Math.max(0, sizes[0]! + toAdd - added);
  return all.map((rs, i) => ({ rs, replicas: sizes[i]! }));
}
