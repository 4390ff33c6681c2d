// kube-scheduler's PriorityQueue: an active queue ordered by priority then
// arrival, a back-off queue (1 s doubling per attempt up to 10 s), and the
// unschedulable pods, which go back to active (or back-off, if still backing
// off) when the cluster changes, or after five minutes regardless.
import { objectKey } from '../../kube/informer.ts';
import { podPriority, type Pod } from './pod-types.ts';

export interface QueueTimings {
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** How long a pod may stay unschedulable before it is retried anyway. */
  maxUnschedulableMs: number;
}

export const defaultQueueTimings: QueueTimings = { initialBackoffMs: 1000, maxBackoffMs: 10_000, maxUnschedulableMs: 5 * 60_000 };

/** The back-off after the attempts-th failed attempt: initial doubling per attempt, capped. */
export function backoffDuration(attempts: number, timings: QueueTimings): number {
  return Math.min(timings.maxBackoffMs, timings.initialBackoffMs * 2 ** Math.max(0, attempts - 1));
}

export interface QueuedPod {
  pod: Pod;
  key: string;
  /** Scheduling attempts so far, this one included once popped. */
  attempts: number;
  /** Arrival order: orders pods of equal priority. */
  sequence: number;
  /** When the last attempt failed. */
  failedAt: number;
}

export class SchedulingQueue {
  private readonly timings: QueueTimings;
  private readonly now: () => number;
  private active: QueuedPod[] = [];
  private readonly backoff = new Map<string, { item: QueuedPod; timer: NodeJS.Timeout }>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  private readonly inFlight = new Map<string, QueuedPod>();
  /** Whether the cluster changed while a pod was being scheduled: its failure then goes to back-off, not unschedulable. */
  private readonly movedDuringAttempt = new Set<string>();
  private arrivals = 0;
  private waiter: (() => void) | undefined;
  private closed = false;
  private readonly flushTimer: NodeJS.Timeout;

  constructor(timings: QueueTimings = defaultQueueTimings, now: () => number = Date.now) {
    this.timings = timings;
    this.now = now;
    this.flushTimer = setInterval(() => this.flushLongUnschedulable(), Math.min(30_000, timings.maxUnschedulableMs));
    this.flushTimer.unref();
  }

  private pushActive(item: QueuedPod): void {
    const before = (a: QueuedPod, b: QueuedPod) => podPriority(a.pod) > podPriority(b.pod) || (podPriority(a.pod) === podPriority(b.pod) && a.sequence < b.sequence);
    let lo = 0;
    let hi = this.active.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(this.active[mid]!, item)) lo = mid + 1;
      else hi = mid;
    }
    this.active.splice(lo, 0, item);
    const wake = this.waiter;
    this.waiter = undefined;
    wake?.();
  }

  private pushBackoff(item: QueuedPod): void {
    const remaining = item.failedAt + backoffDuration(item.attempts, this.timings) - this.now();
    if (remaining <= 0) {
      this.pushActive(item);
      return;
    }
    const timer = setTimeout(() => {
      this.backoff.delete(item.key);
      this.pushActive(item);
    }, remaining);
    this.backoff.set(item.key, { item, timer });
  }

  /** A pending pod seen for the first time, or changed. */
  add(pod: Pod): void {
    if (this.closed) return;
    const key = objectKey(pod);
    const flying = this.inFlight.get(key);
    if (flying) {
      flying.pod = pod;
      return;
    }
    const queued = this.active.find((i) => i.key === key) ?? this.backoff.get(key)?.item;
    if (queued) {
      queued.pod = pod;
      return;
    }
    const parked = this.unschedulable.get(key);
    if (parked) {
      // A change to the pod itself may make it schedulable.
      parked.pod = pod;
      this.unschedulable.delete(key);
      this.pushBackoff(parked);
      return;
    }
    this.pushActive({ pod, key, attempts: 0, sequence: this.arrivals++, failedAt: 0 });
  }

  delete(key: string): void {
    this.active = this.active.filter((i) => i.key !== key);
    const b = this.backoff.get(key);
    if (b) clearTimeout(b.timer);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
  }

  /** The next pod to schedule; undefined once closed. */
  async pop(): Promise<QueuedPod | undefined> {
    while (!this.closed && this.active.length === 0) await new Promise<void>((resolve) => (this.waiter = resolve));
    if (this.closed) return undefined;
    const item = this.active.shift()!;
    item.attempts++;
    this.inFlight.set(item.key, item);
    this.movedDuringAttempt.delete(item.key);
    return item;
  }

  /** The attempt bound the pod (or it no longer needs scheduling). */
  done(key: string): void {
    this.inFlight.delete(key);
    this.movedDuringAttempt.delete(key);
  }

  /** The attempt found no node: park the pod until the cluster changes. */
  addUnschedulable(item: QueuedPod): void {
    if (!this.inFlight.delete(item.key) || this.closed) return;
    item.failedAt = this.now();
    if (this.movedDuringAttempt.delete(item.key)) this.pushBackoff(item);
    else this.unschedulable.set(item.key, item);
  }

  /** The attempt failed for another reason (an API error): retry after back-off. */
  addBackoff(item: QueuedPod): void {
    if (!this.inFlight.delete(item.key) || this.closed) return;
    this.movedDuringAttempt.delete(item.key);
    item.failedAt = this.now();
    this.pushBackoff(item);
  }

  /** A node or pod changed: every unschedulable pod may fit now. */
  moveAllToActiveOrBackoff(): void {
    for (const key of this.inFlight.keys()) this.movedDuringAttempt.add(key);
    const parked = [...this.unschedulable.values()];
    this.unschedulable.clear();
    for (const item of parked) this.pushBackoff(item);
  }

  private flushLongUnschedulable(): void {
    const now = this.now();
    for (const [key, item] of this.unschedulable) {
      if (now - item.failedAt >= this.timings.maxUnschedulableMs) {
        this.unschedulable.delete(key);
        this.pushBackoff(item);
      }
    }
  }

  /** Counts per sub-queue (for tests and metrics). */
  sizes(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.active.length, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  close(): void {
    this.closed = true;
    clearInterval(this.flushTimer);
    for (const { timer } of this.backoff.values()) clearTimeout(timer);
    this.backoff.clear();
    const wake = this.waiter;
    this.waiter = undefined;
    wake?.();
  }
}
