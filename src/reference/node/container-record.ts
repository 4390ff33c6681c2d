// What the agent knows of one container of a pod across its runs: the
// running instance, its recent exits, why it waits, its probes' verdicts, and
// its log files. Pod status is generated from these records.
import type { RunningContainer } from './container-runtime.ts';
import type { Container } from './pod-types.ts';
import type { ProbeKind, ProbeWorker } from './probes/probe-worker.ts';

export interface ContainerExit {
  exitCode: number;
  /** Completed, Error, OOMKilled, or StartError when the runtime could not start it. */
  reason: string;
  message?: string;
  signal?: string;
  startedAt: Date;
  finishedAt: Date;
  containerID: string;
}

export type ContainerKind = 'init' | 'sidecar' | 'regular';

export interface ContainerRecord {
  spec: Container;
  kind: ContainerKind;
  /** How many times it was started (the next run's attempt number). */
  starts: number;
  running: RunningContainer | undefined;
  /** The image the current or last run started from (status imageID). */
  imageID: string;
  /** The last two exits, newest last. */
  exits: ContainerExit[];
  /** Why it is not running now, when it is to run. */
  waiting: { reason: string; message?: string } | undefined;
  probes: Partial<Record<ProbeKind, ProbeWorker>>;
  /** A liveness or startup probe failed past its threshold: restart it. */
  probeKill: ProbeKind | undefined;
  /** CRI log file of each run, by attempt. */
  logPaths: string[];
  /** The current run's termination message file, when it has one. */
  terminationMessageFile: string | undefined;
}

/** startsBefore: runs an earlier agent on this node made (from the pod's status), so that restartCount goes on. */
export function newContainerRecord(spec: Container, kind: ContainerKind, startsBefore: number): ContainerRecord {
  return {
    spec,
    kind,
    starts: startsBefore,
    running: undefined,
    imageID: '',
    exits: [],
    waiting: undefined,
    probes: {},
    probeKill: undefined,
    logPaths: [],
    terminationMessageFile: undefined,
  };
}

export function lastExit(record: ContainerRecord): ContainerExit | undefined {
  return record.exits.at(-1);
}

/** started: running, and its startup probe (if any) has passed. */
export function isStarted(record: ContainerRecord): boolean {
  if (!record.running) return false;
  const startup = record.probes.startup;
  return !startup || startup.result === true;
}

/** ready: started, and its readiness probe (if any) passes. */
export function isReady(record: ContainerRecord): boolean {
  if (!isStarted(record)) return false;
  const readiness = record.probes.readiness;
  return !readiness || readiness.result === true;
}

export function exitReason(exitCode: number, oomKilled: boolean): string {
  if (oomKilled) return 'OOMKilled';
  return exitCode === 0 ? 'Completed' : 'Error';
}

/** The restart count the status reports: runs before the current (or last) one. */
export function restartCount(record: ContainerRecord): number {
  return Math.max(0, record.starts - 1);
}
