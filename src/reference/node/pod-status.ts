// The pod status the agent reports, as the kubelet generates it
// (kubelet_pods.go generateAPIPodStatus, getPhase, convertToAPIContainerStatuses,
// and pkg/kubelet/status/generate.go for the conditions).
import { timeNow } from '../simulated-nodes/node-registration.ts';
import { isReady, isStarted, lastExit, restartCount, type ContainerExit, type ContainerRecord } from './container-record.ts';
import type { Pod, PodCondition } from './pod-types.ts';

export interface PodRunState {
  pod: Pod;
  records: ContainerRecord[];
  podIP: string | undefined;
  hostIP: string;
  /** The sandbox exists (PodReadyToStartContainers). */
  sandboxReady: boolean;
  /** Every init container has completed (sidecars: started) once. */
  initialized: boolean;
  startTime: Date;
  /** The pod is being deleted, or has ended: containers that ended stay ended. */
  terminating: boolean;
  /** Why the agent failed the pod itself (activeDeadlineSeconds passed), as status reason and message. */
  failure?: { reason: string; message: string };
}

/** Conditions the kubelet owns; others (PodScheduled, DisruptionTarget, readiness gates) are kept as they are. */
const kubeletConditionTypes = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady']);

function terminated(exit: ContainerExit): Record<string, unknown> {
  return {
    terminated: {
      exitCode: exit.exitCode,
      ...(exit.signal ? { signal: signalNumber(exit.signal) } : {}),
      reason: exit.reason,
      ...(exit.message ? { message: exit.message } : {}),
      startedAt: timeNow(exit.startedAt.getTime()),
      finishedAt: timeNow(exit.finishedAt.getTime()),
      containerID: exit.containerID,
    },
  };
}

const signals: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };

function signalNumber(signal: string): number {
  return signals[signal] ?? 0;
}

export function containerID(id: string): string {
  return `kdrill://${id}`;
}

export function containerStatus(record: ContainerRecord, defaultWaiting: string): Record<string, unknown> {
  const last = lastExit(record);
  let state: Record<string, unknown>;
  let lastState: Record<string, unknown> = {};
  const previous = record.exits.at(-2);
  if (record.running) {
    state = { running: { startedAt: timeNow(record.running.startedAt.getTime()) } };
    if (last) lastState = terminated(last);
  } else if (record.waiting) {
    state = { waiting: { reason: record.waiting.reason, ...(record.waiting.message ? { message: record.waiting.message } : {}) } };
    if (last) lastState = terminated(last);
  } else if (last) {
    state = terminated(last);
    if (previous) lastState = terminated(previous);
  } else {
    state = { waiting: { reason: defaultWaiting } };
  }
  const id = record.running ? containerID(record.running.id) : last?.containerID;
  const status: Record<string, unknown> = {
    name: record.spec.name,
    state,
    lastState,
    ready: isReady(record),
    restartCount: restartCount(record),
    image: record.spec.image ?? '',
    imageID: record.imageID,
    ...(id ? { containerID: id } : {}),
    started: isStarted(record),
  };
  return status;
}

/** getPhase: Pending until initialized and every container has run once, then Running until it ends for good. */
export function podPhase(state: PodRunState): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  if (state.failure) return 'Failed';
  const policy = state.pod.spec?.restartPolicy ?? 'Always';
  const inits = state.records.filter((r) => r.kind === 'init');
  const failedInit = inits.some((r) => !r.running && (lastExit(r)?.exitCode ?? 0) !== 0);
  if (failedInit && policy === 'Never') return 'Failed';
  if (!state.initialized) return state.terminating && !state.records.some((r) => r.running) ? 'Failed' : 'Pending';
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const r of state.records.filter((r) => r.kind === 'regular')) {
    const last = lastExit(r);
    if (r.running) running++;
    else if (last) {
      stopped++;
      if (last.exitCode === 0) succeeded++;
    } else waiting++;
  }
  if (state.terminating && running === 0) return waiting === 0 && stopped === succeeded ? 'Succeeded' : 'Failed';
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  if (policy === 'Never') return 'Failed';
  return 'Running';
}

function condition(type: string, ok: boolean, previous: PodCondition[], nowMs: number, reason?: string, message?: string): PodCondition {
  const status = ok ? 'True' : 'False';
  const before = previous.find((c) => c.type === type);
  const lastTransitionTime = before && before.status === status && before.lastTransitionTime ? before.lastTransitionTime : timeNow(nowMs);
  return { type, status, lastProbeTime: null, lastTransitionTime, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

export function podStatus(state: PodRunState, nowMs: number): Record<string, unknown> {
  const previous = state.pod.status?.conditions ?? [];
  const phase = podPhase(state);
  const inits = state.records.filter((r) => r.kind !== 'regular');
  const incomplete = inits
    .filter((r) => (r.kind === 'sidecar' ? !isStarted(r) : r.running !== undefined || lastExit(r)?.exitCode !== 0))
    .map((r) => r.spec.name);
  const initialized = state.initialized || incomplete.length === 0;
  const unready = state.records.filter((r) => r.kind !== 'init' && !isReady(r)).map((r) => r.spec.name);
  const completed = phase === 'Succeeded';
  const readyReason = completed ? 'PodCompleted' : unready.length > 0 ? 'ContainersNotReady' : undefined;
  const readyMessage = !completed && unready.length > 0 ? `containers with unready status: [${unready.join(' ')}]` : undefined;
  const containersReady = !completed && initialized && unready.length === 0;
  const readinessGates = (state.pod.spec as { readinessGates?: { conditionType: string }[] } | undefined)?.readinessGates ?? [];
  const gatesPass = readinessGates.every((g) => previous.find((c) => c.type === g.conditionType)?.status === 'True');
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', state.sandboxReady, previous, nowMs),
    condition(
      'Initialized',
      initialized,
      previous,
      nowMs,
      initialized ? (completed ? 'PodCompleted' : undefined) : 'ContainersNotInitialized',
      initialized ? undefined : `containers with incomplete status: [${incomplete.join(' ')}]`,
    ),
    condition('Ready', containersReady && gatesPass, previous, nowMs, readyReason ?? (gatesPass ? undefined : 'ReadinessGatesNotReady'), readyMessage),
    condition('ContainersReady', containersReady, previous, nowMs, readyReason, readyMessage),
    ...previous.filter((c) => !kubeletConditionTypes.has(c.type)),
  ];
  // A pod bound without the scheduler (spec.nodeName set at creation) is scheduled all the same.
  if (!conditions.some((c) => c.type === 'PodScheduled')) conditions.push(condition('PodScheduled', true, previous, nowMs));
  const waitingReason = initialized ? 'ContainerCreating' : 'PodInitializing';
  return {
    phase,
    ...(state.failure ? { reason: state.failure.reason, message: state.failure.message } : {}),
    conditions,
    hostIP: state.hostIP,
    hostIPs: [{ ip: state.hostIP }],
    ...(state.podIP ? { podIP: state.podIP, podIPs: [{ ip: state.podIP }] } : {}),
    startTime: timeNow(state.startTime.getTime()),
    ...(inits.length > 0 ? { initContainerStatuses: inits.map((r) => containerStatus(r, 'PodInitializing')) } : {}),
    containerStatuses: state.records.filter((r) => r.kind === 'regular').map((r) => containerStatus(r, waitingReason)),
  };
}
