// One timer for many deadlines: keys with a due time, checked on a single
// interval, so that a thousand nodes' heartbeats cost one timer and fire spread
// out (their due times are jittered by the caller) instead of in lockstep.
export class DueTimer {
  private readonly due = new Map<string, number>();
  private readonly interval: NodeJS.Timeout;
  private readonly fire: (key: string) => void;

  constructor(tickMs: number, fire: (key: string) => void) {
    this.fire = fire;
    this.interval = setInterval(() => this.tick(), tickMs);
    this.interval.unref();
  }

  set(key: string, atMs: number): void {
    this.due.set(key, atMs);
  }

  clear(key: string): void {
    this.due.delete(key);
  }

  stop(): void {
    clearInterval(this.interval);
    this.due.clear();
  }

  private tick(): void {
    const now = Date.now();
    for (const [key, at] of this.due) {
      if (at > now) continue;
      this.due.delete(key);
      this.fire(key);
    }
  }
}
