// The StatefulSet controller, as upstream's pkg/controller/statefulset: pods
// <set>-0..N-1 with their claims made first; under OrderedReady one pod at a
// time, the next only once every lower one is Running and Ready, scaled down
// from the highest ordinal one at a time; under Parallel all at once. Rolling
// updates replace pods from the highest ordinal down to the partition.
import { ApiRequestError } from '../../kube/api-client.ts';
import { objectKey, splitKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject, ObjectMeta } from '../api/object.ts';
import type { Controller, ControllerContext, EventSink } from './controller-context.ts';
import { claimObjects, controllerOf, newControllerRef, specSelector } from './controller-ref.ts';
import { computeTemplateHash } from './template-hash.ts';
import { isPodAvailable, isPodReady, msUntilAvailable, podsPath } from './pod-control.ts';
import { retainedClaimOwners } from './statefulset-claim-retention.ts';
import { claimName, claimsForOrdinal, podOrdinal, revisionLabel, statefulPod, type StatefulSet } from './statefulset-identity.ts';

const isTerminating = (pod: KubeObject) => pod.metadata?.deletionTimestamp !== undefined;
const phase = (pod: KubeObject) => (pod.status as { phase?: string } | undefined)?.phase;
const isRunningAndReady = (pod: KubeObject) => phase(pod) === 'Running' && isPodReady(pod);
const isHealthy = (pod: KubeObject) => isRunningAndReady(pod) && !isTerminating(pod);

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

export async function startStatefulSetController(ctx: ControllerContext): Promise<Controller> {
  const sets = ctx.informers.for<StatefulSet>('/apis/apps/v1/statefulsets');
  const pods = ctx.informers.for('/api/v1/pods');
  const claims = ctx.informers.for('/api/v1/persistentvolumeclaims');
  const events: EventSink = ctx.events('statefulset-controller');
  const queue = createWorkQueue({ log: ctx.log });

  const enqueue = (set: KubeObject) => queue.add(objectKey(set));
  const enqueueOwner = (pod: KubeObject) => {
    const ref = controllerOf(pod);
    if (ref?.kind === 'StatefulSet') queue.add(`${pod.metadata?.namespace}/${ref.name}`);
  };
  sets.on({ add: enqueue, update: (_, set) => enqueue(set), delete: enqueue });
  pods.on({ add: enqueueOwner, update: (_, pod) => enqueueOwner(pod), delete: enqueueOwner });
  await Promise.all([sets.synced(), pods.synced(), claims.synced()]);

  async function getIfExists(path: string): Promise<KubeObject | undefined> {
    try {
      return await ctx.client.get(path);
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === 404) return undefined;
      throw err;
    }
  }

  async function createClaims(set: StatefulSet, ordinal: number, podName: string): Promise<void> {
    for (const claim of claimsForOrdinal(set, ordinal)) {
      const claimPath = `/api/v1/namespaces/${set.metadata?.namespace}/persistentvolumeclaims`;
      if (await getIfExists(`${claimPath}/${claim.metadata?.name}`)) continue;
      const owners = retainedClaimOwners(claim, set, undefined, false, set.spec?.persistentVolumeClaimRetentionPolicy ?? {});
      if (owners?.length) claim.metadata = { ...claim.metadata, ownerReferences: owners };
      try {
        await ctx.client.create(claimPath, claim);
        events.record(set, 'Normal', 'SuccessfulCreate', `create Claim ${claim.metadata?.name} Pod ${podName} in StatefulSet ${set.metadata?.name} success`);
      } catch (err) {
        events.record(set, 'Warning', 'FailedCreate', `create Claim ${claim.metadata?.name} for Pod ${podName} in StatefulSet ${set.metadata?.name} failed error: ${(err as Error).message}`);
        throw err;
      }
    }
  }

  async function createPod(set: StatefulSet, ordinal: number, revision: string): Promise<void> {
    const pod = statefulPod(set, ordinal, revision, newControllerRef(set, 'apps/v1', 'StatefulSet'));
    const podName = pod.metadata?.name ?? '';
    await createClaims(set, ordinal, podName);
    try {
      await ctx.client.create(podsPath(set.metadata?.namespace ?? ''), pod);
      events.record(set, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${set.metadata?.name} successful`);
    } catch (err) {
      events.record(set, 'Warning', 'FailedCreate', `create Pod ${podName} in StatefulSet ${set.metadata?.name} failed error: ${(err as Error).message}`);
      throw err;
    }
  }

  async function deletePod(set: StatefulSet, pod: KubeObject): Promise<void> {
    const podName = pod.metadata?.name ?? '';
    try {
      await ctx.client.delete(`${podsPath(pod.metadata?.namespace ?? '')}/${podName}`, { preconditions: { uid: pod.metadata?.uid } });
      events.record(set, 'Normal', 'SuccessfulDelete', `delete Pod ${podName} in StatefulSet ${set.metadata?.name} successful`);
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === 404) return;
      events.record(set, 'Warning', 'FailedDelete', `delete Pod ${podName} in StatefulSet ${set.metadata?.name} failed error: ${(err as Error).message}`);
      throw err;
    }
  }

  /** Gives existing claims the owners the retention policy asks for, before any condemned pod goes. */
  async function applyRetentionPolicy(set: StatefulSet, replicas: (KubeObject | undefined)[], condemned: KubeObject[]): Promise<void> {
    const setName = set.metadata?.name ?? '';
    const namespace = set.metadata?.namespace ?? '';
    const policy = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
    const members = [
      ...replicas.map((pod, ordinal) => ({ ordinal, pod, isCondemned: false })),
      ...condemned.map((pod) => ({ ordinal: podOrdinal(setName, pod.metadata?.name ?? '') ?? 0, pod, isCondemned: true })),
    ];
    for (const { ordinal, pod, isCondemned } of members) {
      for (const template of set.spec?.volumeClaimTemplates ?? []) {
        const name = claimName(template.metadata?.name ?? '', setName, ordinal);
        // A claim made moments ago may not be cached yet; a condemned pod must not go before its claim is owned.
        const claim = claims.get(namespace, name) ?? (isCondemned ? await getIfExists(`/api/v1/namespaces/${namespace}/persistentvolumeclaims/${name}`) : undefined);
        if (!claim) continue;
        const owners = retainedClaimOwners(claim, set, pod, isCondemned, policy);
        if (!owners) continue;
        const meta: ObjectMeta = { ...claim.metadata, ownerReferences: owners };
        if (!owners.length) delete meta.ownerReferences;
        await ctx.client.update(`/api/v1/namespaces/${namespace}/persistentvolumeclaims/${claim.metadata?.name}`, { ...claim, metadata: meta });
      }
    }
  }

  /** Creates, recreates and deletes pods toward the spec; stops at the first pod an ordered set must wait for. */
  async function reconcilePods(set: StatefulSet, replicas: (KubeObject | undefined)[], condemned: KubeObject[], updateRevision: string): Promise<void> {
    const spec = set.spec ?? {};
    const ordered = spec.podManagementPolicy !== 'Parallel';
    for (const [ordinal, pod] of replicas.entries()) {
      if (!pod) {
        await createPod(set, ordinal, updateRevision);
        if (ordered) return;
        continue;
      }
      if (phase(pod) === 'Failed' && !isTerminating(pod)) {
        events.record(set, 'Warning', 'RecreatingFailedPod', `StatefulSet ${set.metadata?.namespace}/${set.metadata?.name} is recreating failed Pod ${pod.metadata?.name}`);
        await deletePod(set, pod);
        if (ordered) return;
        continue;
      }
      if (ordered && !isHealthy(pod)) return;
    }
    for (const pod of condemned) {
      if (isTerminating(pod)) {
        if (ordered) return;
        continue;
      }
      // An ordered set scales down only while every pod it keeps is healthy.
      if (ordered && !replicas.every((p) => p !== undefined && isHealthy(p))) return;
      await deletePod(set, pod);
      if (ordered) return;
    }
    if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
    const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let ordinal = replicas.length - 1; ordinal >= partition; ordinal--) {
      const pod = replicas[ordinal];
      if (!pod) return;
      if (pod.metadata?.labels?.[revisionLabel] !== updateRevision && !isTerminating(pod)) {
        await deletePod(set, pod);
        return;
      }
      if (!isHealthy(pod)) return;
    }
  }

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    if (!sets.get(namespace, name)) return;
    const set = await ctx.client.get<StatefulSet>(`/apis/apps/v1/namespaces/${namespace}/statefulsets/${name}`);
    if (set.metadata?.deletionTimestamp) return;
    const spec = set.spec ?? {};
    const updateRevision = `${name}-${computeTemplateHash(spec.template ?? {})}`;
    const currentRevision = set.status?.currentRevision || updateRevision;

    // Read back from the API server rather than the cache, so that a pod this
    // controller just deleted is never taken as still there (nor the reverse).
    const selector = specSelector(set);
    const matching = (await ctx.client.list(podsPath(namespace ?? ''), { labelSelector: selector.toString() })).items;
    const owned = await claimObjects(matching, {
      client: ctx.client,
      owner: set,
      ownerApiVersion: 'apps/v1',
      ownerKind: 'StatefulSet',
      selector,
      pathOf: (pod) => `${podsPath(namespace ?? '')}/${pod.metadata?.name}`,
    });
    const wanted = spec.replicas ?? 1;
    const replicas: (KubeObject | undefined)[] = Array.from({ length: wanted }, () => undefined);
    const condemned: KubeObject[] = [];
    for (const pod of owned) {
      const ordinal = podOrdinal(name, pod.metadata?.name ?? '');
      if (ordinal === undefined) continue;
      if (ordinal < wanted) replicas[ordinal] = pod;
      else condemned.push(pod);
    }
    condemned.sort((a, b) => (podOrdinal(name, b.metadata?.name ?? '') ?? 0) - (podOrdinal(name, a.metadata?.name ?? '') ?? 0));

    const now = Date.now();
    const minReadySeconds = spec.minReadySeconds ?? 0;
    const counts = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
    let recheckAfterMs: number | undefined;
    for (const pod of owned) {
      counts.replicas++;
      if (isRunningAndReady(pod)) {
        counts.readyReplicas++;
        if (isPodAvailable(pod, minReadySeconds, now)) counts.availableReplicas++;
        const wait = msUntilAvailable(pod, minReadySeconds, now);
        if (wait !== undefined) recheckAfterMs = Math.min(recheckAfterMs ?? wait, wait);
      }
      if (!isTerminating(pod)) {
        if (pod.metadata?.labels?.[revisionLabel] === currentRevision) counts.currentReplicas++;
        if (pod.metadata?.labels?.[revisionLabel] === updateRevision) counts.updatedReplicas++;
      }
    }

    await applyRetentionPolicy(set, replicas, condemned);
    await reconcilePods(set, replicas, condemned, updateRevision);

    const status: Record<string, unknown> = { ...set.status, ...counts, observedGeneration: set.metadata?.generation, currentRevision, updateRevision };
    if (counts.updatedReplicas === wanted && counts.readyReplicas === wanted && counts.replicas === wanted) {
      status.currentRevision = updateRevision;
      status.currentReplicas = counts.updatedReplicas;
    }
    status.collisionCount ??= 0;
    if (!sameFields(status, set.status ?? {})) {
      await ctx.client.update(`/apis/apps/v1/namespaces/${namespace}/statefulsets/${name}/status`, { ...set, status });
    }
    if (recheckAfterMs !== undefined) queue.addAfter(key, recheckAfterMs);
  }

  queue.run(2, sync);
  for (const set of sets.list()) enqueue(set);
  return { stop: () => queue.stop() };
}
