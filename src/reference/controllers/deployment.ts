// The Deployment controller (upstream pkg/controller/deployment): owns
// ReplicaSets named <deployment>-<pod-template-hash>, rolls the template out
// with the RollingUpdate or Recreate strategy, keeps revisions on the
// ReplicaSets, and writes the status and conditions `kubectl rollout status` reads.
import type { KubeObject } from '../api/object.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import { objectKey, splitKey } from '../../kube/informer.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import { claimObjects, controllerOf, newControllerRef, specSelector } from './controller-ref.ts';
import { replicaSetPath, replicaSetsPath, type ReplicaSet } from './replicaset.ts';
import { computeTemplateHash, templatesEqualIgnoringHash } from './template-hash.ts';
import {
  byCreation,
  desiredReplicas,
  maxSurge,
  newReplicaSetReplicas,
  specReplicas,
  sumStatus,
  type Deployment,
} from './deployment-replica-math.ts';
import { maxRevision, replicaSetsToCleanUp, revisionAnnotation, revisionOf, setNewReplicaSetAnnotations, setReplicasAnnotations } from './deployment-revisions.ts';
import {
  calculateStatus,
  conditionOf,
  deploymentComplete,
  hasProgressDeadline,
  newCondition,
  rolloutStatus,
  sameStatus,
  setCondition,
} from './deployment-conditions.ts';
import { newReplicaSetTarget, oldReplicaSetScaleDowns } from './deployment-rolling-update.ts';
import { isScalingEvent, scaleSteps } from './deployment-scaling.ts';

export const deploymentsPath = '/apis/apps/v1/deployments';
const workers = 5;

export function deploymentPath(namespace: string, name: string): string {
  return `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`;
}

function isRecreate(d: Deployment): boolean {
  return d.spec?.strategy?.type === 'Recreate';
}

function codeOf(err: unknown): number | undefined {
  return (err as { code?: number }).code;
}

export async function startDeploymentController(ctx: ControllerContext): Promise<Controller> {
  const deployments = ctx.informers.for<Deployment>(deploymentsPath);
  const replicaSets = ctx.informers.for<ReplicaSet>(replicaSetsPath);
  const pods = ctx.informers.for('/api/v1/pods');
  const events = ctx.events('deployment-controller');
  const queue = createWorkQueue({ log: ctx.log });

  const ownerOf = (rs: KubeObject): Deployment | undefined => {
    const ref = controllerOf(rs);
    if (ref?.kind !== 'Deployment') return undefined;
    const d = deployments.get(rs.metadata?.namespace, ref.name);
    return d && d.metadata?.uid === ref.uid ? d : undefined;
  };
  const enqueueFor = (rs: ReplicaSet): void => {
    const owner = ownerOf(rs);
    if (owner) return queue.add(objectKey(owner));
    if (controllerOf(rs)) return;
    for (const d of deployments.list(rs.metadata?.namespace)) {
      if (specSelector(d).matches(rs.metadata?.labels)) queue.add(objectKey(d));
    }
  };
  replicaSets.on({
    add: enqueueFor,
    update(oldRS, rs) {
      const oldOwner = ownerOf(oldRS);
      if (oldOwner && oldOwner !== ownerOf(rs)) queue.add(objectKey(oldOwner));
      enqueueFor(rs);
    },
    delete: enqueueFor,
  });
  deployments.on({
    add: (d) => queue.add(objectKey(d)),
    update: (_old, d) => queue.add(objectKey(d)),
    delete: (d) => queue.add(objectKey(d)),
  });
  // Recreate waits for the old pods to be gone before it creates new ones.
  pods.on({
    delete(pod) {
      const ref = controllerOf(pod);
      const rs = ref?.kind === 'ReplicaSet' ? replicaSets.get(pod.metadata?.namespace, ref.name) : undefined;
      const d = rs && ownerOf(rs);
      if (d && isRecreate(d)) queue.add(objectKey(d));
    },
  });

  /** Writes the revision annotation (on the object) when it changed, then the status. */
  const persist = async (d: Deployment, revision?: number): Promise<Deployment> => {
    const ns = d.metadata!.namespace!;
    const name = d.metadata!.name!;
    let current = d;
    if (revision !== undefined && d.metadata?.annotations?.[revisionAnnotation] !== String(revision)) {
      const status = current.status;
      const next = structuredClone(current);
      next.metadata!.annotations = { ...next.metadata!.annotations, [revisionAnnotation]: String(revision) };
      current = await ctx.client.update<Deployment>(deploymentPath(ns, name), next);
      current.status = status;
    }
    return ctx.client.update<Deployment>(`${deploymentPath(ns, name)}/status`, current);
  };

  const scaleReplicaSet = async (d: Deployment, rs: ReplicaSet, replicas: number): Promise<ReplicaSet> => {
    const from = specReplicas(rs);
    const next = structuredClone(rs);
    const annotated = setReplicasAnnotations(next, desiredReplicas(d), desiredReplicas(d) + maxSurge(d));
    if (from === replicas && !annotated) return rs;
    next.spec = { ...next.spec, replicas };
    const updated = await ctx.client.update<ReplicaSet>(replicaSetPath(rs.metadata!.namespace!, rs.metadata!.name!), next);
    if (from !== replicas) {
      events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${replicas > from ? 'up' : 'down'} replica set ${rs.metadata!.name} from ${from} to ${replicas}`);
    }
    return updated;
  };

  /** Scales only when the size changes (upstream scaleReplicaSetAndRecordEvent). */
  const resize = (d: Deployment, rs: ReplicaSet, replicas: number): Promise<ReplicaSet> =>
    specReplicas(rs) === replicas ? Promise.resolve(rs) : scaleReplicaSet(d, rs, replicas);

  const createNewReplicaSet = async (d: Deployment, oldRSs: ReplicaSet[], revision: number): Promise<{ d: Deployment; rs: ReplicaSet }> => {
    const ns = d.metadata!.namespace!;
    const hash = computeTemplateHash(d.spec?.template, d.status?.collisionCount);
    const template = structuredClone(d.spec?.template ?? {});
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, 'pod-template-hash': hash } };
    const selector = structuredClone((d.spec?.selector ?? {}) as { matchLabels?: Record<string, string> });
    selector.matchLabels = { ...selector.matchLabels, 'pod-template-hash': hash };
    const name = `${d.metadata!.name}-${hash}`;
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name, namespace: ns, labels: { ...template.metadata.labels }, ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')] },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template } as ReplicaSet['spec'],
    };
    const replicas = newReplicaSetReplicas(d, [...oldRSs, rs], rs);
    rs.spec!.replicas = replicas;
    setNewReplicaSetAnnotations(d, rs, revision, false, desiredReplicas(d), desiredReplicas(d) + maxSurge(d));
    let created: ReplicaSet;
    let alreadyExists = false;
    try {
      created = await ctx.client.create<ReplicaSet>(`/apis/apps/v1/namespaces/${ns}/replicasets`, rs);
    } catch (err) {
      if (codeOf(err) === 409) {
        const existing = await ctx.client.get<ReplicaSet>(replicaSetPath(ns, name));
        if (controllerOf(existing)?.uid !== d.metadata?.uid || !templatesEqualIgnoringHash(existing.spec?.template, d.spec?.template)) {
          // A hash collision: the next attempt hashes with a higher collisionCount.
          d.status = { ...d.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 };
          await persist(d);
          throw err;
        }
        created = existing;
        alreadyExists = true;
      } else {
        const message = `Failed to create new replica set "${name}": ${(err as Error).message}`;
        if (hasProgressDeadline(d)) {
          d.status ??= {};
          setCondition(d.status, newCondition('Progressing', 'False', 'ReplicaSetCreateError', message, Date.now()));
          await persist(d);
        }
        events.record(d, 'Warning', 'ReplicaSetCreateError', message);
        throw err;
      }
    }
    if (!alreadyExists && replicas > 0) events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`);
    if (!alreadyExists && hasProgressDeadline(d)) {
      d.status ??= {};
      setCondition(d.status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${name}"`, Date.now()));
    }
    return { d: await persist(d, revision), rs: created };
  };

  interface ReplicaSetsOf {
    d: Deployment;
    newRS: ReplicaSet | undefined;
    oldRSs: ReplicaSet[];
  }

  /** The new ReplicaSet (made when asked and missing) with its revision brought up to date (upstream getAllReplicaSetsAndSyncRevision). */
  const replicaSetsOf = async (d: Deployment, owned: ReplicaSet[], create: boolean): Promise<ReplicaSetsOf> => {
    const existing = [...owned].sort(byCreation).find((rs) => templatesEqualIgnoringHash(rs.spec?.template, d.spec?.template));
    const oldRSs = owned.filter((rs) => rs !== existing);
    const revision = maxRevision(oldRSs) + 1;
    if (!existing) {
      if (!create) return { d, newRS: undefined, oldRSs };
      const made = await createNewReplicaSet(d, oldRSs, revision);
      return { d: made.d, newRS: made.rs, oldRSs };
    }
    let rs = existing;
    const next = structuredClone(existing);
    const annotated = setNewReplicaSetAnnotations(d, next, revision, true, desiredReplicas(d), desiredReplicas(d) + maxSurge(d));
    if (annotated || (next.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0)) {
      next.spec = { ...next.spec, minReadySeconds: d.spec?.minReadySeconds ?? 0 };
      rs = await ctx.client.update<ReplicaSet>(replicaSetPath(rs.metadata!.namespace!, rs.metadata!.name!), next);
    }
    const rsRevision = revisionOf(rs);
    let needsUpdate = d.metadata?.annotations?.[revisionAnnotation] !== String(rsRevision);
    if (hasProgressDeadline(d) && !conditionOf(d.status, 'Progressing')) {
      d.status ??= {};
      setCondition(d.status, newCondition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${rs.metadata!.name}"`, Date.now()));
      needsUpdate = true;
    }
    return { d: needsUpdate ? await persist(d, rsRevision) : d, newRS: rs, oldRSs };
  };

  const syncDeploymentStatus = async (d: Deployment, all: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<void> => {
    const status = calculateStatus(d, all, newRS, Date.now());
    if (sameStatus(d.status, status)) return;
    await persist({ ...d, status });
  };

  const syncRolloutStatus = async (d: Deployment, all: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<void> => {
    const at = Date.now();
    const status = rolloutStatus(d, all, newRS, at);
    if (!sameStatus(d.status, status)) {
      await persist({ ...d, status });
      return;
    }
    // No change: look again when the progress deadline would pass (upstream requeueStuckDeployment).
    const current = conditionOf(d.status, 'Progressing');
    if (!hasProgressDeadline(d) || !current || deploymentComplete(d, status) || current.reason === 'ProgressDeadlineExceeded') return;
    const after = Date.parse(current.lastUpdateTime ?? '') + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 - at;
    queue.addAfter(objectKey(d), Math.max(after, 0) + 1000);
  };

  const cleanup = async (d: Deployment, oldRSs: ReplicaSet[]): Promise<void> => {
    for (const rs of replicaSetsToCleanUp(d, oldRSs)) {
      await ctx.client.delete(replicaSetPath(rs.metadata!.namespace!, rs.metadata!.name!)).catch((err: unknown) => {
        if (codeOf(err) !== 404) throw err;
      });
    }
  };

  const checkPausedConditions = async (d: Deployment): Promise<Deployment> => {
    if (!hasProgressDeadline(d)) return d;
    const pausedShown = conditionOf(d.status, 'Progressing')?.reason === 'DeploymentPaused';
    const paused = d.spec?.paused === true;
    if (paused === pausedShown) return d;
    d.status ??= {};
    const [reason, message] = paused ? ['DeploymentPaused', 'Deployment is paused'] : ['DeploymentResumed', 'Deployment is resumed'];
    setCondition(d.status, newCondition('Progressing', 'Unknown', reason, message, Date.now()));
    return persist(d);
  };

  /** Resizing without rolling out: paused, or replicas changed (upstream sync). */
  const scaleOnly = async (d0: Deployment, owned: ReplicaSet[]): Promise<void> => {
    const { d, newRS, oldRSs } = await replicaSetsOf(d0, owned, false);
    const sized = new Map<ReplicaSet, ReplicaSet>();
    for (const step of scaleSteps(d, newRS, oldRSs)) sized.set(step.rs, await scaleReplicaSet(d, step.rs, step.replicas));
    const now = (rs: ReplicaSet): ReplicaSet => sized.get(rs) ?? rs;
    if (d.spec?.paused) await cleanup(d, oldRSs.map(now));
    await syncDeploymentStatus(d, [...oldRSs, ...(newRS ? [newRS] : [])].map(now), newRS && now(newRS));
  };

  const rolloutRolling = async (d0: Deployment, owned: ReplicaSet[]): Promise<void> => {
    const { d, newRS: found, oldRSs } = await replicaSetsOf(d0, owned, true);
    let newRS = found!;
    const target = newReplicaSetTarget(d, [...oldRSs, newRS], newRS);
    if (target !== undefined) {
      newRS = await resize(d, newRS, target);
      return syncRolloutStatus(d, [...oldRSs, newRS], newRS);
    }
    const steps = oldReplicaSetScaleDowns(d, oldRSs, newRS);
    if (steps.length) {
      const sized = new Map<ReplicaSet, ReplicaSet>();
      for (const step of steps) sized.set(step.rs, await resize(d, step.rs, step.replicas));
      return syncRolloutStatus(d, [...oldRSs.map((rs) => sized.get(rs) ?? rs), newRS], newRS);
    }
    if (d.status && deploymentComplete(d, d.status)) await cleanup(d, oldRSs);
    return syncRolloutStatus(d, [...oldRSs, newRS], newRS);
  };

  /** Old pods still running, or not yet known to be finished (upstream oldPodsRunning). */
  const oldPodsRunning = (newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean => {
    if (sumStatus(oldRSs, 'replicas') > 0) return true;
    const oldUids = new Set(oldRSs.map((rs) => rs.metadata?.uid));
    return pods
      .list(oldRSs[0]?.metadata?.namespace)
      .filter((p) => oldUids.has(controllerOf(p)?.uid) && controllerOf(p)?.uid !== newRS?.metadata?.uid)
      .some((p) => {
        const phase = (p.status as { phase?: string } | undefined)?.phase;
        return phase !== 'Failed' && phase !== 'Succeeded';
      });
  };

  const rolloutRecreate = async (d0: Deployment, owned: ReplicaSet[]): Promise<void> => {
    let { d, newRS, oldRSs } = await replicaSetsOf(d0, owned, false);
    const active = oldRSs.filter((rs) => specReplicas(rs) > 0);
    if (active.length) {
      const sized = new Map<ReplicaSet, ReplicaSet>();
      for (const rs of active) sized.set(rs, await resize(d, rs, 0));
      return syncRolloutStatus(d, [...oldRSs.map((rs) => sized.get(rs) ?? rs), ...(newRS ? [newRS] : [])], newRS);
    }
    if (oldPodsRunning(newRS, oldRSs)) return syncRolloutStatus(d, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
    if (!newRS) ({ d, newRS, oldRSs } = await replicaSetsOf(d, owned, true));
    newRS = await resize(d, newRS!, desiredReplicas(d));
    if (d.status && deploymentComplete(d, d.status)) await cleanup(d, oldRSs);
    return syncRolloutStatus(d, [...oldRSs, newRS], newRS);
  };

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const cached = deployments.get(namespace, name);
    if (!cached || !namespace) return;
    let d = structuredClone(cached);
    const selector = specSelector(d);
    if (selector.matchesEverything()) {
      events.record(d, 'Warning', 'SelectorRequired', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) await persist({ ...d, status: { ...d.status, observedGeneration: d.metadata?.generation ?? 0 } });
      return;
    }
    const owned = await claimObjects(replicaSets.list(namespace), {
      client: ctx.client,
      owner: d,
      ownerApiVersion: 'apps/v1',
      ownerKind: 'Deployment',
      selector,
      pathOf: (rs) => replicaSetPath(namespace, rs.metadata!.name!),
    });
    if (d.metadata?.deletionTimestamp) {
      const { newRS, oldRSs } = await replicaSetsOf(d, owned, false);
      return syncDeploymentStatus(d, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
    }
    d = await checkPausedConditions(d);
    if (d.spec?.paused || isScalingEvent(d, owned)) return scaleOnly(d, owned);
    return isRecreate(d) ? rolloutRecreate(d, owned) : rolloutRolling(d, owned);
  };

  await Promise.all([deployments.synced(), replicaSets.synced(), pods.synced()]);
  queue.run(workers, sync);
  return { stop: () => queue.stop() };
}
