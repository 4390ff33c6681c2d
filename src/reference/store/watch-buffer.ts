// A watcher's queue between the code that produces its events (a writer, a
// network stream) and its handlers. Handlers run on a later turn, so the
// producer never waits for them; events and progress keep their order; and
// nothing is delivered after close() or after the error that ended the watch.
import type { WatchEvent, WatchHandlers } from './store.ts';

type Item = { events: WatchEvent[] } | { progress: number };

export class WatchBuffer {
  private readonly handlers: WatchHandlers;
  private items: Item[] = [];
  private error: Error | undefined;
  private scheduled: NodeJS.Immediate | undefined;
  private ended = false;

  constructor(handlers: WatchHandlers) {
    this.handlers = handlers;
  }

  /** Nothing is waiting to be delivered. */
  get empty(): boolean {
    return this.items.length === 0;
  }

  get open(): boolean {
    return !this.ended && !this.error;
  }

  push(events: WatchEvent[]): void {
    if (!this.open || events.length === 0) return;
    this.items.push({ events });
    this.schedule();
  }

  progress(revision: number): void {
    if (!this.open) return;
    this.items.push({ progress: revision });
    this.schedule();
  }

  /** End the watch with err, after what is already queued. */
  fail(err: Error): void {
    if (!this.open) return;
    this.error = err;
    this.schedule();
  }

  close(): void {
    this.ended = true;
    this.items = [];
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }

  private schedule(): void {
    this.scheduled ??= setImmediate(() => this.deliver());
  }

  private deliver(): void {
    this.scheduled = undefined;
    while (!this.ended && this.items.length > 0) {
      const item = this.items.shift()!;
      if ('progress' in item) {
        this.handlers.onProgress?.(item.progress);
        continue;
      }
      let events = item.events;
      for (let next = this.items[0]; next && 'events' in next; next = this.items[0]) {
        events = events.concat(next.events);
        this.items.shift();
      }
      this.handlers.onEvents(events);
    }
    if (!this.ended && this.error) {
      this.ended = true;
      this.handlers.onError(this.error);
    }
  }
}
