// One probe of one container run, as pkg/kubelet/prober/worker.go runs it:
// every periodSeconds once initialDelaySeconds have passed; liveness and
// readiness only once the container has started (its startup probe passed),
// the startup probe only until then; a result changes only after
// successThreshold successes or failureThreshold failures in a row; a failed
// liveness or startup probe holds until the container is replaced.
import type { Probe } from '../pod-types.ts';
import type { ProbeOutcome } from './probe-outcome.ts';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

export interface ProbeWorkerOptions {
  kind: ProbeKind;
  probe: Probe;
  startedAtMs: number;
  run(timeoutMs: number): Promise<ProbeOutcome>;
  /** Whether the container counts as started (liveness and readiness wait for it). */
  isStarted(): boolean;
  /** Each failed run (the kubelet writes an Unhealthy event for each). */
  onFailure(output: string): void;
  /** The probe's result changed. */
  onResult(success: boolean): void;
}

/** Capitalized as the kubelet names probes in events: "Liveness probe failed: …". */
export function probeTitle(kind: ProbeKind): string {
  return kind[0]!.toUpperCase() + kind.slice(1);
}

export class ProbeWorker {
  private readonly options: ProbeWorkerOptions;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastResult: boolean | undefined;
  private resultRun = 0;
  private onHold = false;
  /** The probe's current result: readiness starts failed, liveness passed, startup unknown. */
  result: boolean | undefined;

  constructor(options: ProbeWorkerOptions) {
    this.options = options;
    this.result = options.kind === 'readiness' ? false : options.kind === 'liveness' ? true : undefined;
    const delayMs = Math.max(0, options.startedAtMs + (options.probe.initialDelaySeconds ?? 0) * 1000 - Date.now());
    this.schedule(delayMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    const { kind, probe } = this.options;
    const periodMs = (probe.periodSeconds ?? 10) * 1000;
    const started = this.options.isStarted();
    const due = !this.onHold && (kind === 'startup' ? !started : started);
    if (due) {
      const outcome = await this.options.run((probe.timeoutSeconds ?? 1) * 1000);
      if (this.stopped) return;
      this.record(outcome);
    }
    this.schedule(periodMs);
  }

  private record(outcome: ProbeOutcome): void {
    const { probe, kind } = this.options;
    if (!outcome.success) this.options.onFailure(outcome.output);
    if (this.lastResult === outcome.success) this.resultRun++;
    else {
      this.lastResult = outcome.success;
      this.resultRun = 1;
    }
    const threshold = outcome.success ? (probe.successThreshold ?? 1) : (probe.failureThreshold ?? 3);
    if (this.resultRun < threshold) return;
    if (!outcome.success && (kind === 'liveness' || kind === 'startup')) {
      this.onHold = true;
      this.resultRun = 0;
    }
    if (this.result === outcome.success) return;
    this.result = outcome.success;
    this.options.onResult(outcome.success);
  }
}
