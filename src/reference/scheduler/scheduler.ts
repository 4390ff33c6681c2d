// The reference kube-scheduler: watches nodes, pods, claims and volumes
// through shared informers, schedules pending pods of its profile one at a
// time in priority order, preempts lower-priority pods when that makes room,
// binds volumes and then the pod (pods/binding), and reports pods that fit
// nowhere with the PodScheduled=False condition and a FailedScheduling event.
import { ApiRequestError } from '../../kube/api-client.ts';
import { objectKey } from '../../kube/informer.ts';
import type { KubeObject } from '../api/object.ts';
import type { Controller, ControllerContext } from '../controllers/controller-context.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../controllers/pv-matching.ts';
import { ClaimBindingWaiter } from './claim-binding-waiter.ts';
import { defaultProfile, defaultSchedulerName } from './default-profile.ts';
import { defaultSpreadSelector, type SpreadSelectorSources } from './default-spread-selector.ts';
import type { ClusterLookups, VolumeLookups } from './framework.ts';
import { Nominations } from './nominations.ts';
import { bindingPlan, type BindingPlan } from './plugins/volume-binding.ts';
import { isTerminal, type Node, type Pod, type StorageClass } from './pod-types.ts';
import { SchedulerCache } from './scheduler-cache.ts';
import { attemptScheduling } from './scheduling-attempt.ts';
import { defaultQueueTimings, SchedulingQueue, type QueuedPod, type QueueTimings } from './scheduling-queue.ts';

export interface SchedulerOptions {
  schedulerName?: string;
  queueTimings?: QueueTimings;
  /** How long binding waits for the volume controller to bind a pod's claims (kube-scheduler: 600 s). */
  volumeBindTimeoutMs?: number;
}

/** The message kube-scheduler gives when there are no nodes at all (ErrNoNodesAvailable). */
export const noNodesAvailableMessage = 'no nodes available to schedule pods';

/** Events carry at most 1024 characters of message (upstream truncateMessage); the condition keeps it whole. */
export function truncateEventMessage(message: string): string {
  const limit = 1024;
  return message.length <= limit ? message : `${message.slice(0, limit - 4)} ...`;
}

/** A write about a pod (or victim) that was deleted meanwhile has nothing left to do. */
function ignoreNotFound(err: unknown): void {
  if (!(err instanceof ApiRequestError && err.code === 404)) throw err;
}

function podPath(pod: Pod): string {
  return `/api/v1/namespaces/${pod.metadata?.namespace}/pods/${pod.metadata?.name}`;
}

export async function startScheduler(ctx: ControllerContext, options: SchedulerOptions = {}): Promise<Controller> {
  const profile = defaultProfile(options.schedulerName ?? defaultSchedulerName);
  const events = ctx.events(profile.schedulerName);
  const nodes = ctx.informers.for<Node>('/api/v1/nodes');
  const pods = ctx.informers.for<Pod>('/api/v1/pods');
  const namespaces = ctx.informers.for<KubeObject>('/api/v1/namespaces');
  const spreadSources: SpreadSelectorSources = {
    services: ctx.informers.for('/api/v1/services'),
    replicaSets: ctx.informers.for('/apis/apps/v1/replicasets'),
    statefulSets: ctx.informers.for('/apis/apps/v1/statefulsets'),
  };
  const claims = ctx.informers.for<PersistentVolumeClaim>('/api/v1/persistentvolumeclaims');
  const volumes = ctx.informers.for<PersistentVolume>('/api/v1/persistentvolumes');
  const storageClasses = ctx.informers.for<StorageClass>('/apis/storage.k8s.io/v1/storageclasses');
  const volumeLookups: VolumeLookups = {
    claim: (namespace, name) => claims.get(namespace, name),
    volume: (name) => volumes.get(undefined, name),
    allVolumes: () => volumes.list(),
    storageClass: (name) => storageClasses.get(undefined, name),
  };
  const claimWaiter = new ClaimBindingWaiter(claims);
  const cache = new SchedulerCache();
  const queue = new SchedulingQueue(options.queueTimings ?? defaultQueueTimings);
  const bindings = new Set<Promise<void>>();
  const nominations = new Nominations();

  const needsScheduling = (pod: Pod) =>
    !pod.spec?.nodeName && (pod.spec?.schedulerName ?? defaultSchedulerName) === profile.schedulerName && !pod.metadata?.deletionTimestamp && !isTerminal(pod);

  nodes.on({
    add(node) {
      cache.setNode(node);
      queue.moveAllToActiveOrBackoff();
    },
    update(_old, node) {
      cache.setNode(node);
      queue.moveAllToActiveOrBackoff();
    },
    delete(node) {
      cache.removeNode(node.metadata!.name!);
    },
  });
  const podChanged = (pod: Pod) => {
    nominations.set(pod);
    if (pod.spec?.nodeName) {
      queue.delete(objectKey(pod));
      cache.setPod(pod);
      queue.moveAllToActiveOrBackoff();
    } else if (needsScheduling(pod)) queue.add(pod);
    else queue.delete(objectKey(pod));
  };
  const volumeChanged = () => queue.moveAllToActiveOrBackoff();
  claims.on({
    add: () => (claimWaiter.claimChanged(), volumeChanged()),
    update: () => (claimWaiter.claimChanged(), volumeChanged()),
  });
  volumes.on({ add: volumeChanged, update: volumeChanged });
  storageClasses.on({ add: volumeChanged, update: volumeChanged });
  pods.on({
    add: podChanged,
    update: (_old, pod) => podChanged(pod),
    delete(pod) {
      const key = objectKey(pod);
      nominations.remove(key);
      queue.delete(key);
      cache.removePod(key);
      queue.moveAllToActiveOrBackoff();
    },
  });
  await Promise.all([nodes.synced(), pods.synced(), namespaces.synced(), claims.synced(), volumes.synced(), storageClasses.synced(), ...Object.values(spreadSources).map((i) => i.synced())]);

  const lookups: ClusterLookups = {
    namespaceLabels: (name) => namespaces.get(undefined, name)?.metadata?.labels,
    nominatedPods: (nodeName) => nominations.on(nodeName),
    defaultSpreadSelector: (pod) => defaultSpreadSelector(spreadSources, pod),
    volumes: volumeLookups,
  };

  /** Upstream VolumeBinding PreBind: bind or provision the claims waiting for this pod, then wait until they are bound. */
  async function bindVolumes(plan: BindingPlan, nodeName: string): Promise<void> {
    for (const { claim, volume } of plan.staticBindings) {
      const { namespace, name, uid, resourceVersion } = claim.metadata!;
      await ctx.client.patch(`/api/v1/persistentvolumes/${volume.metadata!.name}`, 'merge', {
        metadata: { annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' } },
        spec: { claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name, uid, resourceVersion } },
      });
    }
    for (const claim of plan.provisionings) {
      await ctx.client.patch(`/api/v1/namespaces/${claim.metadata!.namespace}/persistentvolumeclaims/${claim.metadata!.name}`, 'merge', {
        metadata: { annotations: { 'volume.kubernetes.io/selected-node': nodeName } },
      });
    }
    await claimWaiter.wait([...plan.staticBindings.map((b) => b.claim), ...plan.provisionings], options.volumeBindTimeoutMs ?? 600_000);
  }

  async function bind(item: QueuedPod, nodeName: string, plan: BindingPlan | undefined): Promise<void> {
    const pod = item.pod;
    const { namespace, name } = pod.metadata!;
    if (plan) {
      try {
        await bindVolumes(plan, nodeName);
      } catch (err) {
        cache.forget(item.key);
        const message = `running PreBind plugin "VolumeBinding": ${(err as Error).message}`;
        events.record(pod, 'Warning', 'FailedScheduling', message);
        queue.addBackoff(item);
        ctx.log(`scheduler: ${namespace}/${name}: ${message}`);
        return;
      }
    }
    try {
      await ctx.client.create(`${podPath(pod)}/binding`, {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name, namespace, uid: pod.metadata?.uid },
        target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
      });
      queue.done(item.key);
      events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${nodeName}`);
    } catch (err) {
      cache.forget(item.key);
      const message = `Binding rejected: ${(err as Error).message}`;
      events.record(pod, 'Warning', 'FailedScheduling', message);
      queue.addBackoff(item);
      ctx.log(`scheduler: ${namespace}/${name}: ${message}`);
    }
  }

  async function reportUnschedulable(pod: Pod, reason: string, message: string, nominatedNodeName: string | undefined): Promise<void> {
    events.record(pod, 'Warning', 'FailedScheduling', truncateEventMessage(message));
    const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const nominationChanged = nominatedNodeName !== undefined && nominatedNodeName !== pod.status?.nominatedNodeName;
    if (current?.status === 'False' && current.reason === reason && current.message === message && !nominationChanged) return;
    const condition = { type: 'PodScheduled', status: 'False', reason, message, lastProbeTime: null, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
    const status: Record<string, unknown> = { conditions: [condition] };
    if (nominationChanged) status.nominatedNodeName = nominatedNodeName;
    await ctx.client.patch(`${podPath(pod)}/status`, 'strategic', { status }).catch(ignoreNotFound);
  }

  async function evict(victims: Pod[], preemptor: Pod, nodeName: string): Promise<void> {
    for (const victim of victims) {
      await ctx.client.delete(podPath(victim)).catch(ignoreNotFound);
      events.record(victim, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata?.uid} on node ${nodeName}`);
    }
  }

  async function scheduleOne(item: QueuedPod): Promise<void> {
    const pod = pods.get(item.pod.metadata?.namespace, item.pod.metadata!.name!) ?? item.pod;
    item.pod = pod;
    if (!needsScheduling(pod)) {
      queue.done(item.key);
      return;
    }
    const snapshot = cache.snapshot();
    if (snapshot.length === 0) {
      await reportUnschedulable(pod, 'SchedulerError', noNodesAvailableMessage, undefined);
      queue.addBackoff(item);
      return;
    }
    const result = attemptScheduling(profile, pod, snapshot, lookups);
    if ('nodeName' in result) {
      cache.assume(pod, result.nodeName);
      nominations.remove(item.key);
      const chosen = snapshot.find((n) => n.name === result.nodeName)!;
      const binding = bind(item, result.nodeName, bindingPlan(pod, chosen, volumeLookups));
      bindings.add(binding);
      void binding.finally(() => bindings.delete(binding));
      return;
    }
    if (result.preemption) {
      await evict(result.preemption.victims, pod, result.preemption.nodeName);
      nominations.set({ ...pod, status: { ...pod.status, nominatedNodeName: result.preemption.nodeName } });
    }
    await reportUnschedulable(pod, 'Unschedulable', result.message, result.preemption?.nodeName);
    queue.addUnschedulable(item);
  }

  const loop = (async () => {
    for (let item = await queue.pop(); item; item = await queue.pop()) {
      try {
        await scheduleOne(item);
      } catch (err) {
        ctx.log(`scheduler: ${item.key}: ${(err as Error).message}`);
        queue.addBackoff(item);
      }
    }
  })();

  return {
    async stop() {
      queue.close();
      claimWaiter.close();
      await loop;
      await Promise.allSettled([...bindings]);
    },
  };
}
