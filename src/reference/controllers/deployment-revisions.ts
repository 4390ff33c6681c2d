// The annotations that record a Deployment's revisions on its ReplicaSets
// (upstream deployment/util: SetNewReplicaSetAnnotations,
// SetReplicasAnnotations) and which old ReplicaSets revisionHistoryLimit lets go.
import type { ReplicaSet } from './replicaset.ts';
import { byCreation, type Deployment } from './deployment-replica-math.ts';

export const revisionAnnotation = 'deployment.kubernetes.io/revision';
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';

/** Deployment annotations that are not copied to its ReplicaSets. */
const notCopied = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  'deprecated.deployment.rollback.to',
]);

/** Upstream keeps revision-history to this many characters. */
const revisionHistoryLimitInChars = 2000;

export function revisionOf(obj: { metadata?: { annotations?: Record<string, string> } } | undefined): number {
  const v = Number(obj?.metadata?.annotations?.[revisionAnnotation] ?? '0');
  return Number.isInteger(v) ? v : 0;
}

export function maxRevision(rss: ReplicaSet[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

function annotationsOf(rs: ReplicaSet): Record<string, string> {
  const meta = (rs.metadata ??= {});
  return (meta.annotations ??= {});
}

/** Sets desired-replicas and max-replicas; true when they changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = annotationsOf(rs);
  if (a[desiredReplicasAnnotation] === String(desired) && a[maxReplicasAnnotation] === String(max)) return false;
  a[desiredReplicasAnnotation] = String(desired);
  a[maxReplicasAnnotation] = String(max);
  return true;
}

/**
 * Copies the Deployment's annotations to the new ReplicaSet and raises its
 * revision to newRevision; a ReplicaSet that had an older revision (a
 * rollback to it) keeps that one in revision-history. True when anything changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean, desired: number, max: number): boolean {
  const a = annotationsOf(rs);
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (notCopied.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const had = a[revisionAnnotation];
  const old = revisionOf(rs);
  if (old < newRevision) {
    a[revisionAnnotation] = String(newRevision);
    changed = true;
    if (had !== undefined) {
      const history = a[revisionHistoryAnnotation] ? a[revisionHistoryAnnotation].split(',') : [];
      history.push(had);
      while (history.join(',').length > revisionHistoryLimitInChars) history.shift();
      a[revisionHistoryAnnotation] = history.join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, desired, max)) changed = true;
  return changed;
}

/** Old ReplicaSets beyond revisionHistoryLimit, oldest revision first, that are scaled to zero and settled. */
export function replicaSetsToCleanUp(d: Deployment, oldRSs: ReplicaSet[]): ReplicaSet[] {
  const limit = d.spec?.revisionHistoryLimit;
  if (limit === undefined) return [];
  const alive = oldRSs.filter((rs) => rs.metadata?.deletionTimestamp === undefined);
  const diff = alive.length - limit;
  if (diff <= 0) return [];
  const sorted = [...alive].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  return sorted
    .slice(0, diff)
    .filter((rs) => (rs.status?.replicas ?? 0) === 0 && (rs.spec?.replicas ?? 0) === 0 && (rs.metadata?.generation ?? 0) <= (rs.status?.observedGeneration ?? 0));
}
