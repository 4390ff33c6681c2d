// The node lifecycle controller, as pkg/controller/nodelifecycle: it watches
// each node's heartbeats (its Lease renewals and its Ready condition's
// lastHeartbeatTime); a node silent for longer than the grace period gets all
// its kubelet conditions set Unknown and its pods' Ready condition False. It
// keeps the taints that mirror the node's conditions (not-ready, unreachable,
// the pressure taints, unschedulable) and runs taint-based eviction.
import { ApiRequestError } from '../../kube/api-client.ts';
import { objectKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import { startTaintEviction, type Taint } from './node-lifecycle-taint-eviction.ts';

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

interface NodeFields {
  spec?: { unschedulable?: boolean; taints?: Taint[] };
  status?: { conditions?: Condition[] };
}

interface PodFields {
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: Condition[] };
}

/** When the controller last heard from a node, and what it heard. */
interface NodeHealth {
  probeMs: number;
  readyHeartbeat: string | undefined;
  leaseRenewTime: string | undefined;
}

const kubeletConditionTypes = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** The NoSchedule taint each condition status brings (upstream nodeConditionToTaintKeyStatusMap). */
const noScheduleByCondition: { type: string; status: string; key: string }[] = [
  { type: 'Ready', status: 'False', key: 'node.kubernetes.io/not-ready' },
  { type: 'Ready', status: 'Unknown', key: 'node.kubernetes.io/unreachable' },
  { type: 'MemoryPressure', status: 'True', key: 'node.kubernetes.io/memory-pressure' },
  { type: 'DiskPressure', status: 'True', key: 'node.kubernetes.io/disk-pressure' },
  { type: 'NetworkUnavailable', status: 'True', key: 'node.kubernetes.io/network-unavailable' },
  { type: 'PIDPressure', status: 'True', key: 'node.kubernetes.io/pid-pressure' },
];
const unschedulableKey = 'node.kubernetes.io/unschedulable';
const notReadyKey = 'node.kubernetes.io/not-ready';
const unreachableKey = 'node.kubernetes.io/unreachable';

function timeNow(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

function conditionsOf(node: KubeObject): Condition[] {
  return (node as NodeFields).status?.conditions ?? [];
}

/** The conditions of a node the controller has not heard from: Unknown, as upstream's tryUpdateNodeHealth writes them. */
export function unknownConditions(node: KubeObject, nowMs: number): { conditions: Condition[]; changed: boolean } {
  const now = timeNow(nowMs);
  const conditions = conditionsOf(node).map((c) => ({ ...c }));
  let changed = false;
  for (const type of kubeletConditionTypes) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: node.metadata?.creationTimestamp ?? now,
        lastTransitionTime: now,
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = now;
      changed = true;
    }
  }
  return { conditions, changed };
}

/** The node's taints with the condition taints this controller owns made to match its conditions. */
export function reconciledTaints(node: KubeObject, nowMs: number): Taint[] {
  const current = (node as NodeFields).spec?.taints ?? [];
  const conditions = conditionsOf(node);
  const statusOf = (type: string) => conditions.find((c) => c.type === type)?.status;
  const wanted: Taint[] = noScheduleByCondition.filter((m) => statusOf(m.type) === m.status).map((m) => ({ key: m.key, effect: 'NoSchedule' }));
  if ((node as NodeFields).spec?.unschedulable) wanted.push({ key: unschedulableKey, effect: 'NoSchedule' });
  const ready = statusOf('Ready');
  if (ready === 'False') wanted.push({ key: notReadyKey, effect: 'NoExecute', timeAdded: timeNow(nowMs) });
  if (ready === 'Unknown') wanted.push({ key: unreachableKey, effect: 'NoExecute', timeAdded: timeNow(nowMs) });
  const owned = (t: Taint) =>
    (t.effect === 'NoSchedule' && (t.key === unschedulableKey || noScheduleByCondition.some((m) => m.key === t.key))) ||
    (t.effect === 'NoExecute' && (t.key === notReadyKey || t.key === unreachableKey));
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  return [
    ...current.filter((t) => !owned(t) || wanted.some((w) => same(w, t))),
    ...wanted.filter((w) => !current.some((t) => same(w, t))),
  ];
}

function sameTaints(a: Taint[], b: Taint[]): boolean {
  return a.length === b.length && a.every((t) => b.some((u) => u.key === t.key && u.effect === t.effect && u.value === t.value));
}

function isConflictOrGone(err: unknown): boolean {
  return err instanceof ApiRequestError && (err.code === 409 || err.code === 404);
}

export async function startNodeLifecycleController(ctx: ControllerContext): Promise<Controller> {
  const nodes = ctx.informers.for('/api/v1/nodes');
  const leases = ctx.informers.for('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases');
  const pods = ctx.informers.for('/api/v1/pods');
  const events = ctx.events('node-controller');
  const queue = createWorkQueue({ log: ctx.log });
  const health = new Map<string, NodeHealth>();
  const graceMs = ctx.timings.nodeMonitorGracePeriodSeconds * 1000;
  let stopped = false;

  nodes.on({
    add: (node) => !stopped && queue.add(objectKey(node)),
    update: (_old, node) => !stopped && queue.add(objectKey(node)),
    delete: (node) => {
      if (!health.delete(objectKey(node)) || stopped) return;
      events.record(node, 'Normal', 'RemovingNode', `Node ${objectKey(node)} event: Removing Node ${objectKey(node)} from Controller`);
    },
  });
  leases.on({
    add: (lease) => !stopped && queue.add(lease.metadata?.name ?? ''),
    update: (_old, lease) => !stopped && queue.add(lease.metadata?.name ?? ''),
  });
  // A pod bound to a node that is not ready is marked not ready too.
  const checkNodeOf = (pod: KubeObject) => {
    const nodeName = (pod as PodFields).spec?.nodeName;
    if (!stopped && nodeName) queue.add(nodeName);
  };
  pods.on({ add: checkNodeOf, update: (_old, pod) => checkNodeOf(pod) });
  await Promise.all([nodes.synced(), leases.synced(), pods.synced()]);
  const eviction = await startTaintEviction(ctx);

  /** Upstream tryUpdateNodeHealth: refresh the probe time from new heartbeats; past the grace period, go Unknown. */
  async function updateHealth(node: KubeObject, h: NodeHealth, nowMs: number): Promise<KubeObject | undefined> {
    const name = node.metadata?.name ?? '';
    const ready = conditionsOf(node).find((c) => c.type === 'Ready');
    if (ready?.lastHeartbeatTime !== h.readyHeartbeat) {
      h.readyHeartbeat = ready?.lastHeartbeatTime;
      h.probeMs = nowMs;
    }
    const renewTime = (leases.get('kube-node-lease', name)?.spec as { renewTime?: string } | undefined)?.renewTime;
    if (renewTime !== undefined && renewTime !== h.leaseRenewTime) {
      h.leaseRenewTime = renewTime;
      h.probeMs = nowMs;
    }
    if (nowMs - h.probeMs <= graceMs) return node;
    const { conditions, changed } = unknownConditions(node, nowMs);
    if (!changed) return node;
    try {
      return await ctx.client.update(`/api/v1/nodes/${name}/status`, { ...node, status: { ...(node.status as object), conditions } });
    } catch (err) {
      if (isConflictOrGone(err)) return undefined;
      throw err;
    }
  }

  /** Upstream MarkPodsNotReady: pods of a node that is not ready get Ready=False. */
  async function markPodsNotReady(nodeName: string, nowMs: number): Promise<void> {
    for (const pod of pods.list()) {
      const p = pod as PodFields;
      if (p.spec?.nodeName !== nodeName || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      const conditions = (p.status?.conditions ?? []).map((c) => ({ ...c }));
      const ready = conditions.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      ready.status = 'False';
      ready.lastTransitionTime = timeNow(nowMs);
      try {
        await ctx.client.update(`/api/v1/namespaces/${pod.metadata?.namespace}/pods/${pod.metadata?.name}/status`, { ...pod, status: { ...(pod.status as object), conditions } });
        events.record(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
      } catch (err) {
        if (!isConflictOrGone(err)) throw err;
      }
    }
  }

  queue.run(2, async (name) => {
    const cached = nodes.get(undefined, name);
    if (!cached) return;
    const nowMs = Date.now();
    let h = health.get(name);
    if (!h) {
      h = { probeMs: nowMs, readyHeartbeat: undefined, leaseRenewTime: undefined };
      health.set(name, h);
      events.record(cached, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
    }
    const node = await updateHealth(cached, h, nowMs);
    if (!node) {
      queue.addAfter(name, 100);
      return;
    }
    const observed = conditionsOf(cached).find((c) => c.type === 'Ready')?.status;
    const readyStatus = conditionsOf(node).find((c) => c.type === 'Ready')?.status;
    if (observed === 'True' && readyStatus !== 'True') events.record(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    if (readyStatus !== undefined && readyStatus !== 'True') await markPodsNotReady(name, nowMs);

    const taints = reconciledTaints(node, nowMs);
    if (!sameTaints(taints, (node as NodeFields).spec?.taints ?? [])) {
      try {
        await ctx.client.update(`/api/v1/nodes/${name}`, { ...node, spec: { ...(node.spec as object), taints } });
      } catch (err) {
        if (!isConflictOrGone(err)) throw err;
        queue.addAfter(name, 100);
      }
    }
  });

  const monitor = setInterval(() => {
    for (const node of nodes.list()) queue.add(objectKey(node));
  }, ctx.timings.nodeMonitorPeriodSeconds * 1000);

  return {
    async stop() {
      stopped = true;
      clearInterval(monitor);
      await eviction.stop();
      await queue.stop();
    },
  };
}
