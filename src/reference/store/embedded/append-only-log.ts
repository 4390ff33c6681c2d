// The embedded store's durable log: one file of framed records. An append is
// acknowledged (its callback runs) only after its bytes are flushed with
// fdatasync. Appends that arrive while a flush is under way are written and
// flushed together by the next one (group commit), so N concurrent writers
// cost about two flushes, not N.
//
// rewrite() replaces the whole file with a smaller one (a snapshot of live
// data) atomically: write a temp file, flush it, rename it over the log, flush
// the directory. It runs between two flushes, so the snapshot it builds sees
// exactly what the file held, and appends queued meanwhile land in the new file.
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { frame, scanFrames } from './log-frame.ts';

export type AppendDone = (err?: Error) => void;

interface QueuedAppend {
  framed: Buffer;
  done: AppendDone;
}

interface QueuedRewrite {
  build: () => Buffer[];
  resolve: () => void;
  reject: (err: Error) => void;
}

export interface OpenedLog {
  log: AppendOnlyLog;
  /** The payloads of every intact record, in order. */
  payloads: Buffer[];
  /** Bytes of a torn final record that were cut off. */
  discardedTailBytes: number;
}

export class AppendOnlyLog {
  readonly path: string;
  private handle: FileHandle;
  private size: number;
  private queue: QueuedAppend[] = [];
  private queuedRewrite: QueuedRewrite | undefined;
  private draining: Promise<void> | undefined;
  private failure: Error | undefined;
  private closed = false;
  private flushCount = 0;
  private rewriteCount = 0;

  private constructor(path: string, handle: FileHandle, size: number) {
    this.path = path;
    this.handle = handle;
    this.size = size;
  }

  /** Open (or create) the log, read every intact record, and cut off a torn tail. */
  static async open(path: string): Promise<OpenedLog> {
    await rm(temporaryPath(path), { force: true });
    let handle: FileHandle;
    try {
      handle = await open(path, 'r+');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      handle = await open(path, 'wx+', 0o600);
      await syncDirectory(dirname(path));
    }
    try {
      const data = await handle.readFile();
      const { payloads, validBytes } = scanFrames(path, data);
      if (validBytes < data.length) {
        await handle.truncate(validBytes);
        await handle.datasync();
      }
      return {
        log: new AppendOnlyLog(path, handle, validBytes),
        payloads,
        discardedTailBytes: data.length - validBytes,
      };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  get bytes(): number {
    return this.size;
  }

  get flushes(): number {
    return this.flushCount;
  }

  get rewrites(): number {
    return this.rewriteCount;
  }

  /** Queue a record; done runs once it is on disk, or with the error that stopped the log. */
  append(payload: Buffer, done: AppendDone): void {
    const stopped = this.stoppedReason();
    if (stopped) {
      queueMicrotask(() => done(stopped));
      return;
    }
    this.queue.push({ framed: frame(payload), done });
    this.startDraining();
  }

  /**
   * Replace the log with the records build() returns. build runs when every
   * earlier append is on disk and none later has been written.
   */
  rewrite(build: () => Buffer[]): Promise<void> {
    const stopped = this.stoppedReason();
    if (stopped) return Promise.reject(stopped);
    if (this.queuedRewrite) return Promise.reject(new Error('a log rewrite is already queued'));
    return new Promise((resolve, reject) => {
      this.queuedRewrite = { build, resolve, reject };
      this.startDraining();
    });
  }

  /** Finish what is queued, then close the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.draining;
    await this.handle.close();
  }

  private stoppedReason(): Error | undefined {
    if (this.failure) return this.failure;
    if (this.closed) return new Error(`store log ${this.path} is closed`);
    return undefined;
  }

  private startDraining(): void {
    this.draining ??= this.drain();
  }

  private async drain(): Promise<void> {
    // Yield once so that every append made in the current turn joins the first flush.
    await null;
    try {
      while (!this.failure && (this.queue.length > 0 || this.queuedRewrite)) {
        const rewrite = this.queuedRewrite;
        if (rewrite) {
          this.queuedRewrite = undefined;
          try {
            await this.replaceWith(rewrite.build());
          } catch (err) {
            this.stop(err as Error);
            rewrite.reject(err as Error);
            return;
          }
          rewrite.resolve();
          continue;
        }
        const batch = this.queue;
        this.queue = [];
        try {
          await this.flush(batch);
        } catch (err) {
          this.stop(err as Error);
          for (const append of batch) append.done(err as Error);
          return;
        }
        for (const append of batch) append.done();
      }
    } finally {
      // In the same turn as the last check of the queue, so no append is left behind.
      this.draining = undefined;
    }
  }

  private async flush(batch: QueuedAppend[]): Promise<void> {
    const bytes = batch.length === 1 ? batch[0]!.framed : Buffer.concat(batch.map((append) => append.framed));
    await writeAll(this.handle, bytes, this.size);
    await this.handle.datasync();
    this.size += bytes.length;
    this.flushCount++;
  }

  private async replaceWith(payloads: Buffer[]): Promise<void> {
    const temporary = temporaryPath(this.path);
    const bytes = Buffer.concat(payloads.map(frame));
    const replacement = await open(temporary, 'w', 0o600);
    try {
      await writeAll(replacement, bytes, 0);
      await replacement.datasync();
    } finally {
      await replacement.close();
    }
    await rename(temporary, this.path);
    await syncDirectory(dirname(this.path));
    await this.handle.close();
    this.handle = await open(this.path, 'r+');
    this.size = bytes.length;
    this.rewriteCount++;
  }

  /** After a failed write or flush nothing later can be trusted to reach the disk. */
  private stop(err: Error): void {
    this.failure = err;
    const queued = this.queue;
    this.queue = [];
    for (const append of queued) append.done(err);
    this.queuedRewrite?.reject(err);
    this.queuedRewrite = undefined;
  }
}

function temporaryPath(path: string): string {
  return `${path}.tmp`;
}

async function writeAll(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    written += bytesWritten;
  }
}

async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
