// Taint-based eviction, as pkg/controller/tainteviction: a pod on a node with
// NoExecute taints it does not tolerate is deleted at once; one that tolerates
// them all for a while (tolerationSeconds) is deleted when the shortest of
// those tolerations runs out, unless the taints go first. Each deletion gets a
// DisruptionTarget condition and a TaintManagerEviction event.
import { ApiRequestError } from '../../kube/api-client.ts';
import { objectKey, splitKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { Controller, ControllerContext } from './controller-context.ts';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

interface PodFields {
  spec?: { nodeName?: string; tolerations?: Toleration[] };
}

/** v1 Toleration.ToleratesTaint. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if ((toleration.key ?? '') !== taint.key && !(!toleration.key && toleration.operator === 'Exists')) return false;
  return toleration.operator === 'Exists' ? true : (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * How long the pod may stay on a node with these NoExecute taints: 0 if one
 * is not tolerated, Infinity if the tolerations have no tolerationSeconds,
 * else the smallest tolerationSeconds among those that match (in ms).
 */
export function evictionDelayMs(tolerations: Toleration[], taints: Taint[]): number {
  let delay = Infinity;
  for (const taint of taints) {
    const matching = tolerations.filter((t) => tolerates(t, taint));
    if (matching.length === 0) return 0;
    for (const t of matching) if (t.tolerationSeconds !== undefined) delay = Math.min(delay, Math.max(0, t.tolerationSeconds) * 1000);
  }
  return delay;
}

export function noExecuteTaints(node: KubeObject | undefined): Taint[] {
  return (((node?.spec as { taints?: Taint[] } | undefined)?.taints) ?? []).filter((t) => t.effect === 'NoExecute');
}

export async function startTaintEviction(ctx: ControllerContext): Promise<Controller> {
  const pods = ctx.informers.for('/api/v1/pods');
  const nodes = ctx.informers.for('/api/v1/nodes');
  const events = ctx.events('taint-eviction-controller');
  const queue = createWorkQueue({ log: ctx.log });
  /** Pods whose deletion waits for their tolerationSeconds: key → the timer that marks them due. */
  const scheduled = new Map<string, NodeJS.Timeout>();
  const due = new Set<string>();
  let stopped = false;

  const podsOn = (nodeName: string) => pods.list().filter((p) => (p as PodFields).spec?.nodeName === nodeName);
  const taintsKey = (node: KubeObject | undefined) => JSON.stringify(noExecuteTaints(node).map((t) => [t.key, t.value]));

  pods.on({
    add: (pod) => !stopped && queue.add(objectKey(pod)),
    update: (old, pod) => !stopped && (old as PodFields).spec?.nodeName !== (pod as PodFields).spec?.nodeName && queue.add(objectKey(pod)),
    delete: (pod) => !stopped && queue.add(objectKey(pod)),
  });
  nodes.on({
    add: (node) => {
      if (stopped || noExecuteTaints(node).length === 0) return;
      for (const pod of podsOn(node.metadata?.name ?? '')) queue.add(objectKey(pod));
    },
    update: (old, node) => {
      if (stopped || taintsKey(old) === taintsKey(node)) return;
      for (const pod of podsOn(node.metadata?.name ?? '')) queue.add(objectKey(pod));
    },
  });
  await Promise.all([pods.synced(), nodes.synced()]);

  function cancel(key: string, pod: KubeObject | undefined): void {
    const timer = scheduled.get(key);
    if (!timer) return;
    clearTimeout(timer);
    scheduled.delete(key);
    due.delete(key);
    if (pod) events.record(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  async function evict(key: string, pod: KubeObject): Promise<void> {
    const { namespace, name } = splitKey(key);
    const path = `/api/v1/namespaces/${namespace}/pods/${name}`;
    events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    try {
      await ctx.client.patch(`${path}/status`, 'strategic', {
        status: {
          conditions: [{ type: 'DisruptionTarget', status: 'True', lastTransitionTime: now, reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' }],
        },
      });
      await ctx.client.delete(path, { preconditions: { uid: pod.metadata?.uid } });
    } catch (err) {
      if (!(err instanceof ApiRequestError && (err.code === 404 || err.code === 409))) throw err;
    }
  }

  queue.run(4, async (key) => {
    const { namespace, name } = splitKey(key);
    const pod = pods.get(namespace, name);
    const nodeName = (pod as PodFields | undefined)?.spec?.nodeName;
    if (!pod || !nodeName || pod.metadata?.deletionTimestamp) {
      cancel(key, undefined);
      return;
    }
    const taints = noExecuteTaints(nodes.get(undefined, nodeName));
    if (taints.length === 0) {
      cancel(key, pod);
      return;
    }
    const delayMs = evictionDelayMs((pod as PodFields).spec?.tolerations ?? [], taints);
    if (delayMs === Infinity) {
      cancel(key, pod);
      return;
    }
    const timer = scheduled.get(key);
    if (delayMs === 0 || due.has(key)) {
      clearTimeout(timer);
      scheduled.delete(key);
      due.delete(key);
      await evict(key, pod);
      return;
    }
    if (timer) return;
    scheduled.set(key, setTimeout(() => {
      due.add(key);
      queue.add(key);
    }, delayMs));
  });

  return {
    async stop() {
      stopped = true;
      for (const timer of scheduled.values()) clearTimeout(timer);
      scheduled.clear();
      await queue.stop();
    },
  };
}
