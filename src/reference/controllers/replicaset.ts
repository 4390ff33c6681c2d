// The ReplicaSet controller (upstream pkg/controller/replicaset), which also
// runs ReplicationControllers (upstream pkg/controller/replication wraps it): keeps
// spec.replicas active pods from the template, adopting matching orphans and
// releasing pods that stop matching, and writes the replica counts and the
// ReplicaFailure condition into status.
import type { KubeObject } from '../api/object.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import { objectKey, splitKey } from '../../kube/informer.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import { claimObjects, controllerOf, newControllerRef, specSelector } from './controller-ref.ts';
import type { LabelSelector } from '../api/selectors/index.ts';
import {
  createPod,
  deletePod,
  isPodActive,
  isPodAvailable,
  isPodReady,
  msUntilAvailable,
  podFromTemplate,
  podsPath,
  podsToDelete,
  type PodTemplate,
} from './pod-control.ts';

export const replicaSetsPath = '/apis/apps/v1/replicasets';

/** At most this many pods created or deleted per sync (upstream BurstReplicas). */
const burstReplicas = 500;
/** Expectations not met within this long are given up on (upstream ExpectationsTimeout). */
const expectationsTimeoutMs = 5 * 60 * 1000;
const workers = 5;

export interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  template?: PodTemplate;
}

export interface ReplicaSetCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

export interface ReplicaSet extends KubeObject {
  spec?: ReplicaSetSpec;
  status?: ReplicaSetStatus;
}

export function replicaSetPath(namespace: string, name: string): string {
  return `/apis/apps/v1/namespaces/${namespace}/replicasets/${name}`;
}

/** Pods created or deleted by a sync and not yet seen by the pod informer (upstream UIDTrackingControllerExpectations). */
class Expectations {
  private readonly pending = new Map<string, { adds: number; deletes: Set<string>; at: number }>();

  expect(rsKey: string, adds: number, deletes: string[]): void {
    this.pending.set(rsKey, { adds, deletes: new Set(deletes), at: Date.now() });
  }

  observedAdd(rsKey: string): void {
    const e = this.pending.get(rsKey);
    if (e) e.adds--;
  }

  observedDelete(rsKey: string, podKey: string): void {
    this.pending.get(rsKey)?.deletes.delete(podKey);
  }

  satisfied(rsKey: string): boolean {
    const e = this.pending.get(rsKey);
    return !e || (e.adds <= 0 && e.deletes.size === 0) || Date.now() - e.at > expectationsTimeoutMs;
  }

  forget(rsKey: string): void {
    this.pending.delete(rsKey);
  }
}

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function isSubset(labels: Record<string, string> | undefined, of: Record<string, string> | undefined): boolean {
  return Object.entries(labels ?? {}).every(([k, v]) => of?.[k] === v);
}

/** The status a ReplicaSet's controlled active pods give it (upstream calculateStatus). */
export function replicaSetStatus(rs: ReplicaSet, pods: KubeObject[], manageError: Error | undefined, diff: number, at: number): ReplicaSetStatus {
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const templateLabels = rs.spec?.template?.metadata?.labels;
  const status: ReplicaSetStatus = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((p) => isSubset(templateLabels, p.metadata?.labels)).length,
    readyReplicas: pods.filter(isPodReady).length,
    availableReplicas: pods.filter((p) => isPodAvailable(p, minReady, at)).length,
    observedGeneration: rs.metadata?.generation ?? 0,
  };
  const conditions = (rs.status?.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure' || manageError);
  if (manageError && !conditions.some((c) => c.type === 'ReplicaFailure')) {
    conditions.push({
      type: 'ReplicaFailure',
      status: 'True',
      reason: diff < 0 ? 'FailedCreate' : 'FailedDelete',
      message: manageError.message,
      lastTransitionTime: now(),
    });
  }
  if (conditions.length) status.conditions = conditions;
  return status;
}

function sameStatus(a: ReplicaSetStatus | undefined, b: ReplicaSetStatus): boolean {
  return (
    (a?.replicas ?? 0) === b.replicas &&
    (a?.fullyLabeledReplicas ?? 0) === b.fullyLabeledReplicas &&
    (a?.readyReplicas ?? 0) === b.readyReplicas &&
    (a?.availableReplicas ?? 0) === b.availableReplicas &&
    (a?.observedGeneration ?? 0) === b.observedGeneration &&
    JSON.stringify(a?.conditions ?? []) === JSON.stringify(b.conditions ?? [])
  );
}

/** What differs between the kinds the controller keeps replicas of. */
export interface ReplicatedKind {
  kind: string;
  apiVersion: string;
  /** The cluster-wide collection path. */
  collectionPath: string;
  objectPath(namespace: string, name: string): string;
  /** The component its Events report as. */
  component: string;
  selector(obj: KubeObject): LabelSelector;
}

const replicaSetKind: ReplicatedKind = {
  kind: 'ReplicaSet',
  apiVersion: 'apps/v1',
  collectionPath: replicaSetsPath,
  objectPath: replicaSetPath,
  component: 'replicaset-controller',
  selector: specSelector,
};

export function startReplicaSetController(ctx: ControllerContext): Promise<Controller> {
  return startReplicatedKindController(ctx, replicaSetKind);
}

export async function startReplicatedKindController(ctx: ControllerContext, k: ReplicatedKind): Promise<Controller> {
  const replicaSets = ctx.informers.for<ReplicaSet>(k.collectionPath);
  const pods = ctx.informers.for('/api/v1/pods');
  const events = ctx.events(k.component);
  const queue = createWorkQueue({ log: ctx.log });
  const expectations = new Expectations();

  const ownerKey = (pod: KubeObject): string | undefined => {
    const ref = controllerOf(pod);
    if (ref?.kind !== k.kind) return undefined;
    const rs = replicaSets.get(pod.metadata?.namespace, ref.name);
    return rs && rs.metadata?.uid === ref.uid ? objectKey(rs) : undefined;
  };
  const enqueueMatching = (pod: KubeObject): void => {
    for (const rs of replicaSets.list(pod.metadata?.namespace)) {
      if (k.selector(rs).matches(pod.metadata?.labels)) queue.add(objectKey(rs));
    }
  };
  const podGone = (pod: KubeObject): void => {
    const key = ownerKey(pod);
    if (!key) return;
    expectations.observedDelete(key, objectKey(pod));
    queue.add(key);
  };

  pods.on({
    add(pod) {
      if (pod.metadata?.deletionTimestamp) return podGone(pod);
      const key = ownerKey(pod);
      if (key) {
        expectations.observedAdd(key);
        queue.add(key);
      } else if (!controllerOf(pod)) enqueueMatching(pod);
    },
    update(oldPod, pod) {
      if (oldPod.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
      if (pod.metadata?.deletionTimestamp) return podGone(pod);
      const oldKey = ownerKey(oldPod);
      const key = ownerKey(pod);
      if (oldKey && oldKey !== key) queue.add(oldKey);
      if (key) {
        queue.add(key);
        const rs = replicaSets.get(pod.metadata?.namespace, splitKey(key).name);
        const wait = msUntilAvailable(pod, rs?.spec?.minReadySeconds ?? 0, Date.now());
        if (wait !== undefined) queue.addAfter(key, wait + 1000);
      } else if (!controllerOf(pod)) enqueueMatching(pod);
    },
    delete: podGone,
  });
  replicaSets.on({
    add: (rs) => queue.add(objectKey(rs)),
    update: (_old, rs) => queue.add(objectKey(rs)),
    delete(rs) {
      expectations.forget(objectKey(rs));
      queue.add(objectKey(rs));
    },
  });

  /** Pods of every ReplicaSet with the same controller as rs: they rank victims by co-location. */
  const relatedPods = (rs: ReplicaSet): KubeObject[] => {
    const owner = controllerOf(rs)?.uid;
    const siblings = new Set(
      replicaSets
        .list(rs.metadata?.namespace)
        .filter((o) => o.metadata?.uid === rs.metadata?.uid || (owner !== undefined && controllerOf(o)?.uid === owner))
        .map((o) => o.metadata?.uid),
    );
    return pods.list(rs.metadata?.namespace).filter((p) => siblings.has(controllerOf(p)?.uid));
  };

  const manageReplicas = async (key: string, rs: ReplicaSet, active: KubeObject[]): Promise<Error | undefined> => {
    const diff = active.length - (rs.spec?.replicas ?? 1);
    if (diff < 0) {
      const count = Math.min(-diff, burstReplicas);
      expectations.expect(key, count, []);
      const template = podFromTemplate(rs.spec?.template ?? {}, rs, newControllerRef(rs, k.apiVersion, k.kind));
      // Slow start as upstream: batches of 1, 2, 4, ... so that a failing template costs one error, not hundreds.
      let done = 0;
      for (let batch = 1; done < count; batch *= 2) {
        const size = Math.min(batch, count - done);
        const results = await Promise.allSettled(Array.from({ length: size }, () => createPod(ctx.client, events, rs, template)));
        done += size;
        const failed = results.filter((r) => r.status === 'rejected');
        if (failed.length) {
          for (let i = 0; i < failed.length + (count - done); i++) expectations.observedAdd(key);
          return (failed[0] as PromiseRejectedResult).reason as Error;
        }
      }
      return undefined;
    }
    if (diff > 0) {
      const victims = podsToDelete(active, relatedPods(rs), Math.min(diff, burstReplicas));
      expectations.expect(key, 0, victims.map(objectKey));
      const results = await Promise.allSettled(victims.map((p) => deletePod(ctx.client, events, rs, p)));
      let firstError: Error | undefined;
      results.forEach((r, i) => {
        if (r.status === 'rejected') {
          expectations.observedDelete(key, objectKey(victims[i]!));
          firstError ??= r.reason as Error;
        }
      });
      return firstError;
    }
    return undefined;
  };

  const writeStatus = async (rs: ReplicaSet, status: ReplicaSetStatus): Promise<void> => {
    const path = `${k.objectPath(rs.metadata!.namespace!, rs.metadata!.name!)}/status`;
    try {
      await ctx.client.update(path, { ...rs, status });
    } catch (err) {
      if ((err as { code?: number }).code !== 409) throw err;
      const fresh = await ctx.client.get<ReplicaSet>(k.objectPath(rs.metadata!.namespace!, rs.metadata!.name!));
      await ctx.client.update(path, { ...fresh, status });
    }
  };

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const rs = replicaSets.get(namespace, name);
    if (!rs || !namespace) {
      expectations.forget(key);
      return;
    }
    const needsSync = expectations.satisfied(key);
    const active = await claimObjects(pods.list(namespace).filter(isPodActive), {
      client: ctx.client,
      owner: rs,
      ownerApiVersion: k.apiVersion,
      ownerKind: k.kind,
      selector: k.selector(rs),
      pathOf: (p) => `${podsPath(namespace)}/${p.metadata!.name}`,
    });
    let manageError: Error | undefined;
    if (needsSync && !rs.metadata?.deletionTimestamp) manageError = await manageReplicas(key, rs, active);
    const at = Date.now();
    const status = replicaSetStatus(rs, active, manageError, active.length - (rs.spec?.replicas ?? 1), at);
    if (!sameStatus(rs.status, status)) await writeStatus(rs, status);
    const minReady = rs.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status.readyReplicas !== status.availableReplicas) queue.addAfter(key, minReady * 1000);
    if (manageError) throw manageError;
  };

  await Promise.all([replicaSets.synced(), pods.synced()]);
  queue.run(workers, sync);
  return { stop: () => queue.stop() };
}
