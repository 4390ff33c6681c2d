// Periodic compaction as kube-apiserver does it: every interval, compact the
// store up to the revision it had one interval before, so that watches and
// paged lists have at least one interval of history to resume from.
import type { Store } from '../store/store.ts';

export class Compactor {
  private readonly store: Store;
  private readonly intervalMs: number;
  private readonly log: (m: string) => void;
  private timer: NodeJS.Timeout | undefined;
  private previous = 0;

  constructor(store: Store, intervalMs: number, log: (m: string) => void) {
    this.store = store;
    this.intervalMs = intervalMs;
    this.log = log;
  }

  start(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    try {
      const current = await this.store.revision();
      if (this.previous > 0 && this.previous > (await this.store.compactedRevision())) await this.store.compact(this.previous);
      this.previous = current;
    } catch (err) {
      this.log(`compaction failed: ${(err as Error).message}`);
    }
  }
}
