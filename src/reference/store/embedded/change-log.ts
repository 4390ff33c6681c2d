// Every event since the last compaction, in revision order: what a watch
// from an older revision replays before it streams live events.
import type { WatchEvent } from '../store.ts';

export class ChangeLog {
  private events: WatchEvent[] = [];

  append(event: WatchEvent): void {
    this.events.push(event);
  }

  /** Events with after < revision <= through. */
  between(after: number, through: number): WatchEvent[] {
    const first = firstAfter(this.events, after);
    const end = firstAfter(this.events, through);
    return this.events.slice(first, end);
  }

  /** Forget events at or before revision; no watch may start before it any more. */
  compact(revision: number): void {
    this.events.splice(0, firstAfter(this.events, revision));
  }
}

function firstAfter(events: WatchEvent[], revision: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (events[middle]!.revision <= revision) low = middle + 1;
    else high = middle;
  }
  return low;
}
