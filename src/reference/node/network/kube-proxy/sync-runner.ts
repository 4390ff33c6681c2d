// When kube-proxy syncs, as its BoundedFrequencyRunner (pkg/util/async) with
// the iptables proxier's settings: a requested sync runs at once while a token
// bucket of `burst` tokens (2 in kube-proxy), refilled one per min sync period,
// has a token, else when the next token comes; syncs never overlap, and the
// requests made during one make a single sync after it. So after a quiet
// spell two changes in a row (a Service and then its EndpointSlice) are both
// applied at once, and a stream of changes is applied once per period.

export interface RunnerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: RunnerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface SyncRunnerOptions {
  /** kube-proxy --iptables-min-sync-period, in ms; 0: no limit. */
  minIntervalMs: number;
  /** Syncs that may run back to back after a quiet spell (kube-proxy: 2). */
  burst: number;
  clock?: RunnerClock;
}

export class SyncRunner {
  readonly #sync: () => Promise<void>;
  readonly #minIntervalMs: number;
  readonly #burst: number;
  readonly #clock: RunnerClock;
  #tokens: number;
  #refilledAt: number;
  #pending = false;
  #timer: unknown;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(sync: () => Promise<void>, options: SyncRunnerOptions) {
    this.#sync = sync;
    this.#minIntervalMs = options.minIntervalMs;
    this.#burst = options.burst;
    this.#clock = options.clock ?? systemClock;
    this.#tokens = options.burst;
    this.#refilledAt = this.#clock.now();
  }

  /** Asks for a sync: now if a token is there, else when one comes. */
  request(): void {
    if (this.#stopped) return;
    this.#pending = true;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped || !this.#pending || this.#running !== undefined || this.#timer !== undefined) return;
    const waitMs = this.#take();
    if (waitMs > 0) {
      this.#timer = this.#clock.setTimeout(() => {
        this.#timer = undefined;
        this.#schedule();
      }, waitMs);
      return;
    }
    this.#pending = false;
    this.#running = this.#sync().finally(() => {
      this.#running = undefined;
      this.#schedule();
    });
  }

  /** Takes a token and returns 0, or returns the ms until one is there. */
  #take(): number {
    if (this.#minIntervalMs <= 0) return 0;
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#refilledAt) / this.#minIntervalMs);
    this.#refilledAt = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.#tokens) * this.#minIntervalMs);
  }

  /** No more syncs; resolves when the one running (if any) ends. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
