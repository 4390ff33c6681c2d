// The embedded store's state: key versions, the event history, the last
// revision handed out and the compaction point. Live writes and log replay
// both go through write() and compact(), so a replayed store is the store
// that was written.
import type { KeyValue, WatchEvent } from '../store.ts';
import { ChangeLog } from './change-log.ts';
import { KeyIndex } from './key-index.ts';
import type { LogRecord, WriteRecord } from './log-record.ts';

export class MvccHistory {
  private readonly index = new KeyIndex();
  private readonly changes = new ChangeLog();
  private lastRevision = 0;
  private compactedThrough = 0;

  /** The last revision handed out, durable or not. */
  get revision(): number {
    return this.lastRevision;
  }

  get compacted(): number {
    return this.compactedThrough;
  }

  get retainedBytes(): number {
    return this.index.retainedBytes;
  }

  latest(key: string): KeyValue | undefined {
    return this.index.latest(key);
  }

  get(key: string, revision: number): KeyValue | undefined {
    return this.index.get(key, revision);
  }

  range(prefix: string, startKey: string, revision: number, limit: number): { items: KeyValue[]; more: boolean } {
    return this.index.range(prefix, startKey, revision, limit);
  }

  eventsBetween(after: number, through: number): WatchEvent[] {
    return this.changes.between(after, through);
  }

  /**
   * Why a record cannot follow the history so far, or undefined when it can.
   * Writers check their preconditions themselves; this guards log replay.
   */
  rejects(record: LogRecord): string | undefined {
    if (record.op === 'compact') return undefined;
    if (record.rev <= this.lastRevision) {
      return `revision ${record.rev} does not follow revision ${this.lastRevision}`;
    }
    if (record.op === 'delete' && !this.index.latest(record.key)) {
      return `revision ${record.rev} deletes ${record.key}, which does not exist`;
    }
    return undefined;
  }

  write(record: WriteRecord): WatchEvent {
    const prevKv = this.index.latest(record.key);
    let kv: KeyValue;
    if (record.op === 'put') {
      kv = { key: record.key, value: record.value, createRevision: record.create, modRevision: record.rev };
      this.index.put(kv);
    } else {
      kv = { key: record.key, value: '', createRevision: 0, modRevision: record.rev };
      this.index.delete(record.key, record.rev);
    }
    const event: WatchEvent = { type: record.op, kv, revision: record.rev };
    if (prevKv) event.prevKv = prevKv;
    this.changes.append(event);
    this.lastRevision = record.rev;
    return event;
  }

  compact(revision: number): void {
    this.index.compact(revision);
    this.changes.compact(revision);
    this.compactedThrough = Math.max(this.compactedThrough, revision);
    // A snapshot's last record may be a compaction past every surviving write.
    this.lastRevision = Math.max(this.lastRevision, revision);
  }

  /**
   * The shortest log that rebuilds this history up to through: each key's
   * value at the compaction point, the events after it, then the compaction.
   */
  snapshot(through: number): LogRecord[] {
    const records: LogRecord[] = this.index
      .valuesAt(this.compactedThrough)
      .map((kv) => ({ op: 'put', rev: kv.modRevision, key: kv.key, value: kv.value, create: kv.createRevision }));
    for (const event of this.changes.between(this.compactedThrough, through)) {
      records.push(
        event.type === 'put'
          ? { op: 'put', rev: event.revision, key: event.kv.key, value: event.kv.value, create: event.kv.createRevision }
          : { op: 'delete', rev: event.revision, key: event.kv.key },
      );
    }
    if (this.compactedThrough > 0) records.push({ op: 'compact', rev: this.compactedThrough });
    return records;
  }
}
