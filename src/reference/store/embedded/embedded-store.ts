// The default store backend: MVCC history in memory, made durable by an
// append-only log in the data dir.
//
// A write checks its precondition against the newest state (durable or not),
// takes the next revision, enters the history at once and is queued on the
// log. Reads, lists and watches only see revisions up to `committed`, the last
// one whose log record is on disk; so nobody ever observes a write that a
// crash could take back, and a write resolves only once it is durable.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  KeyNotFoundError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type WatchEvent,
  type WatchHandlers,
  type Watcher,
} from '../store.ts';
import { AppendOnlyLog } from './append-only-log.ts';
import { DataDirLock } from './data-dir-lock.ts';
import { EmbeddedWatcher } from './embedded-watcher.ts';
import { LogCorruptedError } from './log-corrupted-error.ts';
import { decodeRecord, encodeRecord, type LogRecord, type WriteRecord } from './log-record.ts';
import { MvccHistory } from './mvcc-history.ts';

export interface EmbeddedStoreOptions {
  dataDir: string;
  /** How often a quiet watch gets onProgress, in ms. Default 5000. */
  progressIntervalMs?: number;
  /**
   * After a compaction the log is rewritten as a snapshot once it is at least
   * this many bytes and four times the retained data. Default 64 MiB.
   */
  logRewriteMinBytes?: number;
}

export interface EmbeddedStoreStats {
  logBytes: number;
  /** fdatasync calls on the log; fewer than writes when writes were grouped. */
  logFlushes: number;
  logRewrites: number;
  /** Bytes of a torn final record cut from the log when it was opened. */
  discardedTailBytes: number;
}

export const logFileName = 'store.log';
const rewriteRatio = 4;

export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const lock = await DataDirLock.acquire(options.dataDir);
  try {
    const { log, payloads, discardedTailBytes } = await AppendOnlyLog.open(join(options.dataDir, logFileName));
    try {
      const history = replay(log.path, payloads);
      return new EmbeddedStore(options, history, log, lock, discardedTailBytes);
    } catch (err) {
      await log.close();
      throw err;
    }
  } catch (err) {
    await lock.release();
    throw err;
  }
}

function replay(path: string, payloads: Buffer[]): MvccHistory {
  const history = new MvccHistory();
  payloads.forEach((payload, index) => {
    const record = decodeRecord(payload, path, index);
    const problem = history.rejects(record);
    if (problem) throw new LogCorruptedError(path, `record ${index}: ${problem}`);
    if (record.op === 'compact') history.compact(record.rev);
    else history.write(record);
  });
  return history;
}

export class EmbeddedStore implements Store {
  private readonly history: MvccHistory;
  private readonly log: AppendOnlyLog;
  private readonly lock: DataDirLock;
  private readonly watchers = new Set<EmbeddedWatcher>();
  private readonly progressTimer: NodeJS.Timeout;
  private readonly rewriteMinBytes: number;
  private readonly discardedTailBytes: number;
  private committed: number;
  /** Callers waiting for a revision to become durable (see settleBeforeRefusing). */
  private readonly durableWaiters: { rev: number; resolve: () => void }[] = [];
  private compactionTarget: number;
  private compaction: Promise<void> = Promise.resolve();
  private rewriting = false;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: EmbeddedStoreOptions, history: MvccHistory, log: AppendOnlyLog, lock: DataDirLock, discardedTailBytes: number) {
    this.history = history;
    this.log = log;
    this.lock = lock;
    this.rewriteMinBytes = options.logRewriteMinBytes ?? 64 * 1024 * 1024;
    this.discardedTailBytes = discardedTailBytes;
    this.committed = history.revision;
    this.compactionTarget = history.compacted;
    this.progressTimer = setInterval(() => this.tickWatchers(), options.progressIntervalMs ?? 5000).unref();
    this.rewriteLogIfWasteful();
  }

  stats(): EmbeddedStoreStats {
    return {
      logBytes: this.log.bytes,
      logFlushes: this.log.flushes,
      logRewrites: this.log.rewrites,
      discardedTailBytes: this.discardedTailBytes,
    };
  }

  async revision(): Promise<number> {
    this.assertOpen();
    return this.committed;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.assertOpen();
    return this.history.get(key, this.committed);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    const revision = options.revision || this.committed;
    if (revision > this.committed) throw new FutureRevisionError(revision, this.committed);
    if (revision < this.history.compacted) throw new CompactedError(revision, this.history.compacted);
    const { items, more } = this.history.range(prefix, options.startKey ?? prefix, revision, options.limit ?? 0);
    return { items, revision, more };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    this.assertWritable();
    const existing = this.history.latest(key);
    if (existing) {
      await this.untilDurable(existing.modRevision);
      throw new KeyExistsError(key);
    }
    const rev = this.history.revision + 1;
    const event = await this.write({ op: 'put', rev, key, value, create: rev });
    return event.kv;
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    this.assertWritable();
    const current = await this.settleBeforeRefusing(() => this.current(key, expectedModRevision));
    const rev = this.history.revision + 1;
    const event = await this.write({ op: 'put', rev, key, value, create: current.createRevision });
    return event.kv;
  }

  async delete(key: string, expectedModRevision?: number): Promise<{ prev: KeyValue; revision: number }> {
    this.assertWritable();
    const prev = await this.settleBeforeRefusing(() => this.current(key, expectedModRevision));
    const event = await this.write({ op: 'delete', rev: this.history.revision + 1, key });
    return { prev, revision: event.revision };
  }

  async watch(prefix: string, afterRevision: number, handlers: WatchHandlers): Promise<Watcher> {
    this.assertWritable();
    if (afterRevision < this.history.compacted) throw new CompactedError(afterRevision, this.history.compacted);
    const watcher = new EmbeddedWatcher(prefix, afterRevision, handlers, (closed) => this.watchers.delete(closed));
    watcher.offer(this.history.eventsBetween(afterRevision, this.committed));
    this.watchers.add(watcher);
    return watcher;
  }

  async compact(revision: number): Promise<void> {
    this.assertWritable();
    if (revision > this.committed) throw new FutureRevisionError(revision, this.committed);
    if (revision <= this.compactionTarget) return this.compaction;
    this.compactionTarget = revision;
    this.compaction = this.persist({ op: 'compact', rev: revision }, () => {
      this.history.compact(revision);
      this.rewriteLogIfWasteful();
    });
    return this.compaction;
  }

  async compactedRevision(): Promise<number> {
    this.assertOpen();
    return this.history.compacted;
  }

  /** Waits for queued writes, ends every watch, and closes the log. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.progressTimer);
      this.endWatchers(new Error('the store was closed'));
      await this.log.close();
      await this.lock.release();
    })();
    return this.closing;
  }

  /** The key's newest value, which must be at expectedModRevision when that is given. */
  private current(key: string, expectedModRevision: number | undefined): KeyValue {
    const current = this.history.latest(key);
    if (!current) throw new KeyNotFoundError(key);
    if (expectedModRevision !== undefined && current.modRevision !== expectedModRevision) {
      throw new ConflictError(key, expectedModRevision, current.modRevision);
    }
    return current;
  }

  /**
   * A write refused because of a newer version that is not yet durable would
   * send the caller back to a read that cannot see that version yet: refuse
   * only once it is visible, so that a read-modify-write retry makes progress.
   */
  private async settleBeforeRefusing<T>(check: () => T): Promise<T> {
    try {
      return check();
    } catch (err) {
      if (err instanceof ConflictError || err instanceof KeyNotFoundError) await this.untilDurable(this.history.revision);
      throw err;
    }
  }

  private untilDurable(rev: number): Promise<void> {
    if (rev <= this.committed) return Promise.resolve();
    return new Promise((resolve) => this.durableWaiters.push({ rev, resolve }));
  }

  /** Enter a write into the history now; resolve once it is durable and visible. */
  private async write(record: WriteRecord): Promise<WatchEvent> {
    const event = this.history.write(record);
    await this.persist(record, () => {
      this.committed = record.rev;
      for (const watcher of this.watchers) watcher.offer([event]);
      this.releaseDurableWaiters();
    });
    return event;
  }

  /** Queue record on the log; onDurable runs once it is on disk, in log order. */
  private persist(record: LogRecord, onDurable: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.log.append(encodeRecord(record), (err) => {
        if (err) {
          this.stop(err);
          reject(err);
          return;
        }
        onDurable();
        resolve();
      });
    });
  }

  private releaseDurableWaiters(): void {
    for (let i = this.durableWaiters.length - 1; i >= 0; i--) {
      const waiter = this.durableWaiters[i]!;
      if (waiter.rev <= this.committed) {
        this.durableWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  private rewriteLogIfWasteful(): void {
    const bytes = this.log.bytes;
    if (this.rewriting || bytes < this.rewriteMinBytes || bytes <= rewriteRatio * this.history.retainedBytes) return;
    this.rewriting = true;
    this.log
      .rewrite(() => this.history.snapshot(this.committed).map(encodeRecord))
      .then(
        () => {
          this.rewriting = false;
        },
        (err: Error) => this.stop(err),
      );
  }

  private tickWatchers(): void {
    for (const watcher of this.watchers) watcher.tick(this.committed);
  }

  /** A failed log write leaves the disk in doubt: stop taking writes, keep serving what is durable. */
  private stop(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.endWatchers(err);
    // Nothing more becomes durable: let refused writers answer now.
    for (const waiter of this.durableWaiters.splice(0)) waiter.resolve();
  }

  private endWatchers(err: Error): void {
    for (const watcher of this.watchers) watcher.end(err);
    this.watchers.clear();
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('the store is closed');
  }

  private assertWritable(): void {
    this.assertOpen();
    if (this.failure) throw new Error(`the store stopped after a log failure: ${this.failure.message}`);
  }
}
