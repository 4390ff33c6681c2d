// One watch on the embedded store: the events under its prefix after its
// start revision, queued in its own buffer so that a slow consumer never
// holds up a writer.
import type { WatchEvent, WatchHandlers, Watcher } from '../store.ts';
import { WatchBuffer } from '../watch-buffer.ts';

export class EmbeddedWatcher implements Watcher {
  private readonly prefix: string;
  private readonly afterRevision: number;
  private readonly buffer: WatchBuffer;
  private readonly onClose: (watcher: EmbeddedWatcher) => void;
  private quietSinceLastTick = true;

  constructor(prefix: string, afterRevision: number, handlers: WatchHandlers, onClose: (watcher: EmbeddedWatcher) => void) {
    this.prefix = prefix;
    this.afterRevision = afterRevision;
    this.buffer = new WatchBuffer(handlers);
    this.onClose = onClose;
  }

  /** Take the events this watch covers, out of committed events in revision order. */
  offer(events: readonly WatchEvent[]): void {
    const matching = events.filter((event) => event.revision > this.afterRevision && event.kv.key.startsWith(this.prefix));
    if (matching.length === 0) return;
    this.buffer.push(matching);
    this.quietSinceLastTick = false;
  }

  /** Called every progress interval with the committed revision: a quiet watch gets progress. */
  tick(revision: number): void {
    if (this.quietSinceLastTick && this.buffer.empty && revision >= this.afterRevision) this.buffer.progress(revision);
    this.quietSinceLastTick = true;
  }

  end(err: Error): void {
    this.buffer.fail(err);
  }

  async close(): Promise<void> {
    this.buffer.close();
    this.onClose(this);
  }
}
