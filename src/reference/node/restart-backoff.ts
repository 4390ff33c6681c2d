// The kubelet's crash-loop and image-pull back-off (client-go
// flowcontrol.Backoff as kuberuntime uses it): per key, the first restart is
// immediate and records a 10 s back-off; each restart after it waits the
// current back-off counted from the container's exit, then doubles it up to
// 5 minutes. An entry unused for twice the maximum starts over.

export class RestartBackoff {
  private readonly entries = new Map<string, { backoffMs: number; lastUpdateMs: number }>();
  readonly initialMs: number;
  readonly maxMs: number;

  constructor(initialMs = 10_000, maxMs = 300_000) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
  }

  /** The back-off now recorded for key (0 when none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** True while key must still wait, counting from eventMs (the last exit). */
  isInBackOffSince(key: string, eventMs: number, nowMs: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry.lastUpdateMs, eventMs)) return false;
    return nowMs - eventMs < entry.backoffMs;
  }

  /** True while key must still wait, counting from its last recorded restart (image pulls). */
  isInBackOffSinceUpdate(key: string, nowMs: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry.lastUpdateMs, nowMs)) return false;
    return nowMs - entry.lastUpdateMs < entry.backoffMs;
  }

  /** When key's back-off since its last recorded restart ends. */
  readyAtSinceUpdate(key: string): number {
    const entry = this.entries.get(key);
    return entry ? entry.lastUpdateMs + entry.backoffMs : 0;
  }

  /** When key's back-off since eventMs ends. */
  readyAt(key: string, eventMs: number): number {
    return eventMs + this.get(key);
  }

  /** Records a restart at nowMs after the exit at eventMs: the first back-off, or the doubled one. */
  next(key: string, eventMs: number, nowMs: number): void {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry.lastUpdateMs, eventMs)) {
      this.entries.set(key, { backoffMs: this.initialMs, lastUpdateMs: nowMs });
      return;
    }
    entry.backoffMs = Math.min(entry.backoffMs * 2, this.maxMs);
    entry.lastUpdateMs = nowMs;
  }

  /** Forgets keys that start with prefix (a pod that went away). */
  forget(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private expired(lastUpdateMs: number, eventMs: number): boolean {
    return eventMs - lastUpdateMs > 2 * this.maxMs;
  }
}
