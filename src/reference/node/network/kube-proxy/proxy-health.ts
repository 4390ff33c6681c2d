// kube-proxy's health (pkg/proxy/healthcheck ProxierHealthServer): healthy
// unless a sync has been waiting longer than the health timeout (2 × the 30 s
// sync period) since it was queued; /healthz answers 200 or 503 with
// {"lastUpdated", "currentTime", "nodeEligible"}.

export const healthTimeoutMs = 2 * 30_000;

export class ProxyHealth {
  readonly #now: () => number;
  #lastUpdated = 0;
  /** When the oldest sync not yet done was queued; undefined when none waits. */
  #oldestPending: number | undefined;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  queued(): void {
    this.#oldestPending ??= this.#now();
  }

  updated(): void {
    this.#lastUpdated = this.#now();
    this.#oldestPending = undefined;
  }

  healthy(): boolean {
    return this.#oldestPending === undefined || this.#now() - this.#oldestPending < healthTimeoutMs;
  }

  body(): { lastUpdated: string; currentTime: string; nodeEligible: boolean } {
    return { lastUpdated: new Date(this.#lastUpdated).toISOString(), currentTime: new Date(this.#now()).toISOString(), nodeEligible: true };
  }
}
