// A simulated node's record of one pod's containers, and the pod status the
// kubelet would report for it (pkg/kubelet/kubelet_pods.go generateAPIPodStatus,
// pkg/kubelet/status/generate.go). Containers start at once; those that exit
// (container-exit.ts) do so after a moment, and the restartPolicy decides
// whether they start again after the kubelet's crash back-off (10 s doubling to
// 5 min; the base is an option so that tests can shorten it).
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/object.ts';
import { simulatedExitCode, type ContainerSpec } from './container-exit.ts';
import { timeNow } from './node-registration.ts';

/** How long a container that exits by itself runs first, so that the pod is seen Running. */
const exitAfterMs = 100;
const maxBackOffMs = 300_000;

interface Termination {
  exitCode: number;
  startedAtMs: number;
  finishedAtMs: number;
  containerID: string;
}

interface ContainerRun {
  spec: ContainerSpec;
  exitCode: number | undefined;
  state: 'running' | 'terminated' | 'waiting';
  restartCount: number;
  startedAtMs: number;
  containerID: string;
  terminated?: Termination;
  restartAtMs?: number;
}

export interface PodRun {
  uid: string;
  podIP: string;
  hostIP: string;
  startMs: number;
  initContainers: ContainerSpec[];
  containers: ContainerRun[];
}

interface PodSpec {
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  initContainers?: ContainerSpec[];
  containers?: ContainerSpec[];
}

interface PodCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

function specOf(pod: KubeObject): PodSpec {
  return (pod.spec ?? {}) as PodSpec;
}

function hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function containerID(uid: string, name: string, restartCount: number): string {
  return `kdrill://${hex(`${uid}/${name}/${restartCount}`)}`;
}

export function startPodRun(pod: KubeObject, podIP: string, hostIP: string, nowMs: number): PodRun {
  const uid = pod.metadata?.uid ?? '';
  const spec = specOf(pod);
  return {
    uid,
    podIP,
    hostIP,
    startMs: nowMs,
    initContainers: spec.initContainers ?? [],
    containers: (spec.containers ?? []).map((c) => ({
      spec: c,
      exitCode: simulatedExitCode(pod, c),
      state: 'running',
      restartCount: 0,
      startedAtMs: nowMs,
      containerID: containerID(uid, c.name, 0),
    })),
  };
}

function restarts(policy: PodSpec['restartPolicy'], exitCode: number): boolean {
  return policy === 'Never' ? false : policy === 'OnFailure' ? exitCode !== 0 : true;
}

export interface PodRunChanges {
  changed: boolean;
  /** When to advance the run again, if anything is pending. */
  nextAtMs: number | undefined;
  /** Containers that started again after their back-off. */
  restarted: string[];
  /** Containers that exited and wait for their back-off before a restart. */
  backingOff: string[];
}

/**
 * Moves the pod's containers on to `nowMs`: exits that are due, restarts whose
 * back-off has passed.
 */
export function advancePodRun(run: PodRun, pod: KubeObject, backOffBaseMs: number, nowMs: number): PodRunChanges {
  const policy = specOf(pod).restartPolicy ?? 'Always';
  let changed = false;
  let nextAtMs: number | undefined;
  const restarted: string[] = [];
  const backingOff: string[] = [];
  const wakeAt = (t: number) => (nextAtMs = nextAtMs === undefined ? t : Math.min(nextAtMs, t));
  for (const c of run.containers) {
    if (c.state === 'waiting' && c.restartAtMs !== undefined && nowMs >= c.restartAtMs) {
      c.restartCount++;
      c.state = 'running';
      c.startedAtMs = nowMs;
      c.containerID = containerID(run.uid, c.spec.name, c.restartCount);
      delete c.restartAtMs;
      changed = true;
      restarted.push(c.spec.name);
    }
    if (c.state === 'running' && c.exitCode !== undefined) {
      if (nowMs >= c.startedAtMs + exitAfterMs) {
        c.terminated = { exitCode: c.exitCode, startedAtMs: c.startedAtMs, finishedAtMs: nowMs, containerID: c.containerID };
        changed = true;
        if (restarts(policy, c.exitCode)) {
          c.state = 'waiting';
          c.restartAtMs = nowMs + Math.min(backOffBaseMs * 2 ** c.restartCount, maxBackOffMs);
          backingOff.push(c.spec.name);
        } else {
          c.state = 'terminated';
        }
      } else {
        wakeAt(c.startedAtMs + exitAfterMs);
      }
    }
    if (c.state === 'waiting' && c.restartAtMs !== undefined) wakeAt(c.restartAtMs);
  }
  return { changed, nextAtMs, restarted, backingOff };
}

function phaseOf(run: PodRun): 'Running' | 'Succeeded' | 'Failed' {
  if (!run.containers.every((c) => c.state === 'terminated')) return 'Running';
  return run.containers.every((c) => c.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed';
}

function terminatedState(t: Termination): Record<string, unknown> {
  return {
    terminated: {
      exitCode: t.exitCode,
      reason: t.exitCode === 0 ? 'Completed' : 'Error',
      startedAt: timeNow(t.startedAtMs),
      finishedAt: timeNow(t.finishedAtMs),
      containerID: t.containerID,
    },
  };
}

function imageFields(image: string | undefined): { image: string; imageID: string } {
  const name = image ?? '';
  return { image: name, imageID: `${name.replace(/[:@].*$/, '')}@sha256:${hex(name)}` };
}

function containerStatus(run: PodRun, c: ContainerRun, pod: KubeObject): Record<string, unknown> {
  const running = c.state === 'running';
  let state: Record<string, unknown>;
  if (running) state = { running: { startedAt: timeNow(c.startedAtMs) } };
  else if (c.state === 'terminated' && c.terminated) state = terminatedState(c.terminated);
  else {
    const backOff = Math.round(((c.restartAtMs ?? 0) - (c.terminated?.finishedAtMs ?? 0)) / 1000);
    state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${backOff}s restarting failed container=${c.spec.name} pod=${pod.metadata?.name}_${pod.metadata?.namespace}(${run.uid})`,
      },
    };
  }
  const lastState = c.state !== 'terminated' && c.terminated ? terminatedState(c.terminated) : {};
  return {
    name: c.spec.name,
    state,
    lastState,
    ready: running,
    restartCount: c.restartCount,
    ...imageFields(c.spec.image),
    containerID: c.state === 'waiting' ? c.terminated?.containerID : c.containerID,
    started: running,
  };
}

function initContainerStatus(run: PodRun, spec: ContainerSpec): Record<string, unknown> {
  const id = containerID(run.uid, spec.name, 0);
  return {
    name: spec.name,
    state: terminatedState({ exitCode: 0, startedAtMs: run.startMs, finishedAtMs: run.startMs, containerID: id }),
    lastState: {},
    ready: true,
    restartCount: 0,
    ...imageFields(spec.image),
    containerID: id,
    started: false,
  };
}

function condition(type: string, status: 'True' | 'False', nowMs: number, previous: PodCondition[], reason?: string, message?: string): PodCondition {
  const before = previous.find((c) => c.type === type);
  const lastTransitionTime = before && before.status === status && before.lastTransitionTime ? before.lastTransitionTime : timeNow(nowMs);
  return { type, status, lastTransitionTime, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

/** The pod's status as the kubelet reports it; written to pods/status. */
export function podStatus(run: PodRun, pod: KubeObject, nowMs: number): Record<string, unknown> {
  const previous = ((pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? []);
  const phase = phaseOf(run);
  const terminal = phase !== 'Running';
  const unready = run.containers.filter((c) => c.state !== 'running').map((c) => c.spec.name);
  const readiness = (): ['True' | 'False', string?, string?] =>
    terminal ? ['False', 'PodCompleted'] : unready.length === 0 ? ['True'] : ['False', 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`];
  const [readyStatus, readyReason, readyMessage] = readiness();
  const scheduled = previous.find((c) => c.type === 'PodScheduled');
  return {
    phase,
    conditions: [
      condition('PodReadyToStartContainers', terminal ? 'False' : 'True', nowMs, previous),
      condition('Initialized', 'True', nowMs, previous, terminal ? 'PodCompleted' : undefined),
      condition('Ready', readyStatus, nowMs, previous, readyReason, readyMessage),
      condition('ContainersReady', readyStatus, nowMs, previous, readyReason, readyMessage),
      scheduled ?? condition('PodScheduled', 'True', nowMs, previous),
    ],
    hostIP: run.hostIP,
    hostIPs: [{ ip: run.hostIP }],
    podIP: run.podIP,
    podIPs: [{ ip: run.podIP }],
    startTime: timeNow(run.startMs),
    ...(run.initContainers.length > 0 ? { initContainerStatuses: run.initContainers.map((c) => initContainerStatus(run, c)) } : {}),
    containerStatuses: run.containers.map((c) => containerStatus(run, c, pod)),
  };
}
