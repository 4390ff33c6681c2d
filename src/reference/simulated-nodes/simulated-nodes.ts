// Simulated nodes, kwok-style, in process: each registers a Node with capacity,
// renews its Lease and reports its status as the kubelet does, and runs the
// pods bound to it without running anything: Pending → Running with an IP of
// its podCIDR, then on to Succeeded or Failed for containers that exit
// (container-exit.ts). One shared pods informer, one work queue and two
// interval timers serve all nodes, so that a thousand of them are cheap.
import { ApiRequestError } from '../../kube/api-client.ts';
import { objectKey, splitKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { ControllerContext } from '../controllers/controller-context.ts';
import { DueTimer } from './due-timer.ts';
import { kubeletConditions, microTimeNow, nodeLease, nodeObject, simulatedInternalIP, type NodeCondition } from './node-registration.ts';
import { PodIpPool } from './pod-ip-pool.ts';
import { advancePodRun, podStatus, startPodRun, type PodRun } from './pod-runtime.ts';

export interface SimulatedNodesOptions {
  count: number;
  /** Capacity (and allocatable) cpu, e.g. "4". */
  cpu: string;
  /** Capacity (and allocatable) memory, e.g. "16Gi". */
  memory: string;
  /** Pod capacity (kubelet --max-pods; default 110). */
  pods?: number;
  /** Capacity ephemeral-storage (default "100Gi"). */
  ephemeralStorage?: string;
  /** Nodes are named PREFIX-0, PREFIX-1, … (default "kdrill-node"). */
  namePrefix?: string;
  /** Extra node labels. */
  labels?: Record<string, string>;
  /** The Lease's leaseDurationSeconds (kubelet --node-lease-duration-seconds; default 40); renewed every quarter of it. */
  leaseDurationSeconds?: number;
  /** Base of the crash-loop back-off before a container restarts (kubelet: 10 s, doubling to 5 min). */
  restartBackOffSeconds?: number;
}

export interface SimulatedNodes {
  names: string[];
  /** The node's kubelet "dies": no more Lease renewals, node status or pod updates. */
  stopHeartbeat(name: string): void;
  /** The kubelet is back: renews its Lease and reports its status at once, and catches up with its pods. */
  resumeHeartbeat(name: string): void;
  /** Stops every node's work; the Node objects stay, as when kubelets stop. */
  stop(): Promise<void>;
}

/** kubelet --node-status-report-frequency: an unchanged status is still written this often. */
const statusReportMs = 5 * 60_000;
const registrationConcurrency = 16;
const podWorkers = 8;

interface NodeState {
  name: string;
  internalIP: string;
  heartbeating: boolean;
  pool: PodIpPool | undefined;
  lastStatusReportMs: number;
  leaseInFlight: boolean;
  statusInFlight: boolean;
}

interface NodeFields {
  spec?: { podCIDR?: string };
  status?: { conditions?: NodeCondition[] };
}

interface PodFields {
  spec?: { nodeName?: string; hostNetwork?: boolean; containers?: { name: string; image?: string }[] };
  status?: Record<string, unknown> & { phase?: string };
}

/** JSON equality that ignores the order of object keys. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function jittered(ms: number): number {
  return ms * (0.96 + Math.random() * 0.08);
}

function isNotFound(err: unknown): boolean {
  return err instanceof ApiRequestError && err.code === 404;
}

export async function startSimulatedNodes(ctx: ControllerContext, options: SimulatedNodesOptions): Promise<SimulatedNodes> {
  if (!Number.isInteger(options.count) || options.count < 0) throw new Error(`simulated nodes: count must be a whole number, not ${options.count}`);
  const prefix = options.namePrefix ?? 'kdrill-node';
  const leaseDurationSeconds = options.leaseDurationSeconds ?? 40;
  const renewMs = (leaseDurationSeconds * 1000) / 4;
  const backOffBaseMs = (options.restartBackOffSeconds ?? 10) * 1000;
  const names = Array.from({ length: options.count }, (_, i) => `${prefix}-${i}`);
  const states = new Map<string, NodeState>(names.map((name, i) => [name, {
    name,
    internalIP: simulatedInternalIP(i),
    heartbeating: true,
    pool: undefined,
    lastStatusReportMs: 0,
    leaseInFlight: false,
    statusInFlight: false,
  }]));
  const nodes = ctx.informers.for('/api/v1/nodes');
  const pods = ctx.informers.for('/api/v1/pods');
  const queue = createWorkQueue({ log: ctx.log });
  const events = ctx.events('kubelet');
  /** Pods a node runs, by key; released once the pod's address went back to the node's pool. */
  const runs = new Map<string, { run: PodRun; node: NodeState; released: boolean }>();
  /** Lease renewals and status reports under way, awaited by stop(). */
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const ours = (pod: KubeObject) => states.has((pod as PodFields).spec?.nodeName ?? '');
  const enqueuePodsOf = (name: string) => {
    for (const pod of pods.list()) if ((pod as PodFields).spec?.nodeName === name) queue.add(objectKey(pod));
  };

  function noteNode(node: KubeObject): void {
    const state = states.get(node.metadata?.name ?? '');
    const podCIDR = (node as NodeFields).spec?.podCIDR;
    if (stopped || !state || !podCIDR || state.pool) return;
    state.pool = new PodIpPool(podCIDR);
    enqueuePodsOf(state.name);
  }
  nodes.on({ add: noteNode, update: (_old, node) => noteNode(node) });
  pods.on({
    add: (pod) => !stopped && ours(pod) && queue.add(objectKey(pod)),
    update: (_old, pod) => !stopped && ours(pod) && queue.add(objectKey(pod)),
    delete: (pod) => !stopped && ours(pod) && queue.add(objectKey(pod)),
  });
  await Promise.all([nodes.synced(), pods.synced()]);

  async function renewLease(state: NodeState): Promise<void> {
    const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${state.name}`;
    const now = Date.now();
    try {
      await ctx.client.patch(path, 'merge', { spec: { holderIdentity: state.name, leaseDurationSeconds, renewTime: microTimeNow(now) } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const node = nodes.get(undefined, state.name) ?? (await ctx.client.get(`/api/v1/nodes/${state.name}`));
      await ctx.client.create('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', nodeLease(node, leaseDurationSeconds, now));
    }
  }

  async function reportStatus(state: NodeState): Promise<void> {
    const node = nodes.get(undefined, state.name);
    if (!node) return;
    const now = Date.now();
    const current = (node as NodeFields).status?.conditions;
    const ready = current?.find((c) => c.type === 'Ready');
    if (ready?.status === 'True' && ready.reason === 'KubeletReady' && now - state.lastStatusReportMs < statusReportMs) return;
    await ctx.client.patch(`/api/v1/nodes/${state.name}/status`, 'merge', { status: { conditions: kubeletConditions(current, now) } });
    state.lastStatusReportMs = now;
  }

  function track(work: Promise<void>): void {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  const leaseTimer = new DueTimer(Math.min(200, renewMs / 4), (name) => {
    const state = states.get(name);
    if (!state || !state.heartbeating || stopped || state.leaseInFlight) return;
    state.leaseInFlight = true;
    track(renewLease(state)
      .catch((err: Error) => ctx.log(`simulated node ${name}: lease renewal failed: ${err.message}`))
      .finally(() => {
        state.leaseInFlight = false;
        if (state.heartbeating && !stopped) leaseTimer.set(name, Date.now() + jittered(renewMs));
      }));
  });
  // The kubelet looks at its status every --node-status-update-frequency (10 s), as often as it renews its Lease.
  const statusTimer = new DueTimer(Math.min(200, renewMs / 4), (name) => {
    const state = states.get(name);
    if (!state || !state.heartbeating || stopped || state.statusInFlight) return;
    state.statusInFlight = true;
    track(reportStatus(state)
      .catch((err: Error) => ctx.log(`simulated node ${name}: status update failed: ${err.message}`))
      .finally(() => {
        state.statusInFlight = false;
        if (state.heartbeating && !stopped) statusTimer.set(name, Date.now() + jittered(renewMs));
      }));
  });

  async function register(state: NodeState): Promise<void> {
    const now = Date.now();
    const body = nodeObject({
      name: state.name,
      internalIP: state.internalIP,
      cpu: options.cpu,
      memory: options.memory,
      pods: options.pods ?? 110,
      ephemeralStorage: options.ephemeralStorage ?? '100Gi',
      labels: options.labels ?? {},
    }, now);
    let node: KubeObject;
    try {
      node = await ctx.client.create('/api/v1/nodes', body);
    } catch (err) {
      if (!(err instanceof ApiRequestError && err.code === 409)) throw err;
      // Registered before: the kubelet takes the Node over and reports its own status.
      const existing = await ctx.client.get(`/api/v1/nodes/${state.name}`);
      const status = { ...(body.status as Record<string, unknown>), conditions: kubeletConditions((existing as NodeFields).status?.conditions, now) };
      node = await ctx.client.patch(`/api/v1/nodes/${state.name}/status`, 'merge', { status });
    }
    state.lastStatusReportMs = now;
    noteNode(node);
    recordRegistration(node);
    try {
      await ctx.client.create('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', nodeLease(node, leaseDurationSeconds, now));
    } catch (err) {
      if (!(err instanceof ApiRequestError && err.code === 409)) throw err;
      await renewLease(state);
    }
    leaseTimer.set(state.name, now + Math.random() * renewMs);
    statusTimer.set(state.name, now + Math.random() * renewMs);
  }

  /** The events a kubelet records as it starts and registers its node. */
  function recordRegistration(node: KubeObject): void {
    const name = node.metadata?.name ?? '';
    events.record(node, 'Normal', 'Starting', 'Starting kubelet.');
    events.record(node, 'Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    for (const status of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'NodeReady']) {
      events.record(node, 'Normal', status, `Node ${name} status is now: ${status}`);
    }
  }

  function recordContainerStart(pod: KubeObject, containers: string[], pulled: boolean): void {
    const specs = (pod as PodFields).spec?.containers ?? [];
    for (const name of containers) {
      const image = specs.find((c) => c.name === name)?.image ?? '';
      if (pulled) events.record(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      events.record(pod, 'Normal', 'Created', `Created container: ${name}`);
      events.record(pod, 'Normal', 'Started', `Started container ${name}`);
    }
  }

  async function syncPod(key: string): Promise<void> {
    if (stopped) return;
    const { namespace, name } = splitKey(key);
    const pod = pods.get(namespace, name) as (KubeObject & PodFields) | undefined;
    let entry = runs.get(key);
    const state = states.get(pod?.spec?.nodeName ?? '');
    if (entry && (!pod || entry.run.uid !== pod.metadata?.uid || entry.node !== state)) {
      releaseIP(entry);
      runs.delete(key);
      entry = undefined;
    }
    if (!pod || !state || !state.heartbeating) return;
    const path = `/api/v1/namespaces/${namespace}/pods/${name}`;
    if (pod.metadata?.deletionTimestamp) {
      // The kubelet stops the containers, then the pod goes for good.
      if (entry && pod.status?.phase === 'Running') {
        for (const c of pod.spec?.containers ?? []) events.record(pod, 'Normal', 'Killing', `Stopping container ${c.name}`);
      }
      try {
        await ctx.client.delete(path, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      } catch (err) {
        if (!isNotFound(err) && !(err instanceof ApiRequestError && err.code === 409)) throw err;
      }
      if (entry) releaseIP(entry);
      runs.delete(key);
      return;
    }
    const now = Date.now();
    if (!entry) {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return;
      let podIP: string | undefined = state.internalIP;
      if (!pod.spec?.hostNetwork) {
        if (!state.pool) return; // until node IPAM gives the node its podCIDR
        podIP = state.pool.allocate();
        if (podIP === undefined) throw new Error(`simulated node ${state.name}: no pod address left in its podCIDR for pod ${key}`);
      }
      entry = { run: startPodRun(pod, podIP, state.internalIP, now), node: state, released: pod.spec?.hostNetwork === true };
      runs.set(key, entry);
      recordContainerStart(pod, (pod.spec?.containers ?? []).map((c) => c.name), true);
    }
    const { nextAtMs, restarted, backingOff } = advancePodRun(entry.run, pod, backOffBaseMs, now);
    recordContainerStart(pod, restarted, true);
    for (const name of backingOff) {
      events.record(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${pod.metadata?.name}_${namespace}(${pod.metadata?.uid})`);
    }
    const status = podStatus(entry.run, pod, now);
    if (status.phase !== 'Running') releaseIP(entry);
    const current = pod.status ?? {};
    if (!Object.entries(status).every(([k, v]) => sameJson(current[k], v))) {
      try {
        await ctx.client.patch(`${path}/status`, 'merge', { status });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    if (nextAtMs !== undefined) queue.addAfter(key, Math.max(0, nextAtMs - Date.now()));
  }

  function releaseIP(entry: { run: PodRun; node: NodeState; released: boolean }): void {
    if (entry.released) return;
    entry.released = true;
    entry.node.pool?.release(entry.run.podIP);
  }

  const pending = [...states.values()];
  try {
    await Promise.all(Array.from({ length: Math.min(registrationConcurrency, pending.length) }, async () => {
      for (let s = pending.shift(); s; s = pending.shift()) await register(s);
    }));
  } catch (err) {
    stopped = true;
    leaseTimer.stop();
    statusTimer.stop();
    await Promise.all(inFlight);
    throw err;
  }
  queue.run(podWorkers, syncPod);

  return {
    names,
    stopHeartbeat(name) {
      const state = states.get(name);
      if (!state) throw new Error(`no simulated node named ${name}`);
      state.heartbeating = false;
      leaseTimer.clear(name);
      statusTimer.clear(name);
    },
    resumeHeartbeat(name) {
      const state = states.get(name);
      if (!state) throw new Error(`no simulated node named ${name}`);
      if (state.heartbeating || stopped) return;
      state.heartbeating = true;
      const node = nodes.get(undefined, name);
      if (node) events.record(node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`);
      leaseTimer.set(name, 0);
      statusTimer.set(name, 0);
      state.lastStatusReportMs = 0;
      enqueuePodsOf(name);
    },
    async stop() {
      stopped = true;
      leaseTimer.stop();
      statusTimer.stop();
      await queue.stop();
      await Promise.all(inFlight);
    },
  };
}
