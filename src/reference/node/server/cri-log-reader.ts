// Reads a container's CRI-format log file as the kubelet does for
// /containerLogs: one entry per line, "TIMESTAMP STREAM TAG CONTENT" with tag
// P (a partial line, more follows) or F (the line ends here); tailLines and
// sinceTime select the entries, timestamps prefixes each, limitBytes cuts the
// output, and follow keeps reading as the runtime writes, across rotation
// (the file renamed away and a new one created at the same path), until the
// container has ended.
import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';

export interface CriLogEntry {
  /** As written in the file (RFC 3339 with up to nine fraction digits). */
  timestamp: string;
  time: Date;
  stream: 'stdout' | 'stderr';
  /** The line ends with this entry (tag F) rather than continuing in the next (tag P). */
  full: boolean;
  content: string;
}

export interface LogReadOptions {
  follow: boolean;
  timestamps: boolean;
  tailLines?: number;
  /** Entries before this time are left out (sinceSeconds and sinceTime both become this). */
  since?: Date;
  limitBytes?: number;
}

/** One CRI log line (without its newline), or undefined when it is not one. */
export function parseCriLine(line: string): CriLogEntry | undefined {
  const first = line.indexOf(' ');
  const second = first < 0 ? -1 : line.indexOf(' ', first + 1);
  if (second < 0) return undefined;
  const timestamp = line.slice(0, first);
  const stream = line.slice(first + 1, second);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const third = line.indexOf(' ', second + 1);
  const tags = (third < 0 ? line.slice(second + 1) : line.slice(second + 1, third)).split(':');
  if (tags[0] !== 'P' && tags[0] !== 'F') return undefined;
  const time = new Date(timestamp);
  if (Number.isNaN(time.getTime())) return undefined;
  return { timestamp, time, stream, full: tags[0] === 'F', content: third < 0 ? '' : line.slice(third + 1) };
}

/** RFC 3339 with exactly nine fraction digits, as the kubelet prints timestamps. */
export function fixedNanoTimestamp(timestamp: string): string {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(timestamp);
  if (!match) return timestamp;
  return `${match[1]}.${(match[2] ?? '').slice(0, 9).padEnd(9, '0')}${match[3]}`;
}

/** An entry as served; the timestamp goes only before the start of a line, not before a partial line's continuation. */
function formatEntry(entry: CriLogEntry, timestamp: boolean): string {
  const text = entry.full ? `${entry.content}\n` : entry.content;
  return timestamp ? `${fixedNanoTimestamp(entry.timestamp)} ${text}` : text;
}

/** Cuts the output at limitBytes; done once the limit is reached. */
class OutputBudget {
  private remaining: number;

  constructor(limit: number | undefined) {
    this.remaining = limit ?? Infinity;
  }

  get done(): boolean {
    return this.remaining <= 0;
  }

  take(text: string): Buffer {
    const bytes = Buffer.from(text);
    const out = bytes.length <= this.remaining ? bytes : bytes.subarray(0, this.remaining);
    this.remaining -= out.length;
    return out;
  }
}

/** Splits appended file data into complete lines, keeping an unfinished last line for later. */
class LineSplitter {
  private rest = Buffer.alloc(0);

  push(data: Buffer): string[] {
    const all = this.rest.length ? Buffer.concat([this.rest, data]) : data;
    const lines: string[] = [];
    let start = 0;
    for (let i = all.indexOf(10); i >= 0; i = all.indexOf(10, start)) {
      lines.push(all.subarray(start, i).toString('utf8'));
      start = i + 1;
    }
    this.rest = Buffer.from(all.subarray(start));
    return lines;
  }
}

async function readFrom(file: FileHandle, position: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const size = (await file.stat()).size;
  let at = position;
  while (at < size) {
    const buffer = Buffer.alloc(Math.min(1 << 20, size - at));
    const { bytesRead } = await file.read(buffer, 0, buffer.length, at);
    if (bytesRead === 0) break;
    chunks.push(buffer.subarray(0, bytesRead));
    at += bytesRead;
  }
  return Buffer.concat(chunks);
}

async function inode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).ino;
  } catch {
    return undefined;
  }
}

/** Wakes a waiter when something in the log's directory changes, or after a second at the latest. */
class ChangeSignal {
  private readonly watcher: FSWatcher | undefined;
  private wake: (() => void) | undefined;
  private pending = false;

  constructor(path: string) {
    try {
      this.watcher = watch(dirname(path), () => this.notify());
      this.watcher.on('error', () => this.notify());
    } catch {
      this.watcher = undefined;
    }
  }

  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  async next(stop: Promise<unknown>): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      stop,
      new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, 1000);
      }),
    ]);
    clearTimeout(timer);
    this.wake = undefined;
    this.pending = false;
  }

  close(): void {
    this.watcher?.close();
  }
}

/**
 * The log as the kubelet serves it. `ended` settles once the container is no
 * longer running: following stops there, after what it wrote last.
 */
export function readContainerLog(path: string, options: LogReadOptions, ended: Promise<unknown>): Readable {
  const aborted = new AbortController();
  const stopped = new Promise<void>((resolve) => aborted.signal.addEventListener('abort', () => resolve(), { once: true }));
  const budget = new OutputBudget(options.limitBytes);
  let containerEnded = false;
  void ended.then(() => (containerEnded = true), () => (containerEnded = true));

  let atLineStart = true;
  function* render(lines: string[]): Generator<Buffer> {
    for (const line of lines) {
      if (budget.done) return;
      const entry = parseCriLine(line);
      if (!entry || (options.since && entry.time < options.since)) continue;
      yield budget.take(formatEntry(entry, options.timestamps && atLineStart));
      atLineStart = entry.full;
    }
  }

  async function* produce(): AsyncGenerator<Buffer> {
    let file = await open(path, 'r');
    const signal = options.follow ? new ChangeSignal(path) : undefined;
    try {
      let splitter = new LineSplitter();
      const initial = await readFrom(file, 0);
      let position = initial.length;
      let lines = splitter.push(initial);
      if (options.tailLines !== undefined) lines = options.tailLines === 0 ? [] : lines.slice(-options.tailLines);
      yield* render(lines);
      if (!signal) return;
      while (!budget.done && !aborted.signal.aborted) {
        const wasEnded = containerEnded;
        const more = await readFrom(file, position);
        position += more.length;
        yield* render(splitter.push(more));
        const current = await inode(path);
        if (current !== undefined && current !== (await file.stat()).ino) {
          // Rotated: finish the old file (it may have grown since the read above), then the new one from its start.
          yield* render(splitter.push(await readFrom(file, position)));
          await file.close();
          file = await open(path, 'r');
          splitter = new LineSplitter();
          position = 0;
          continue;
        }
        if (wasEnded) return;
        await signal.next(Promise.race([stopped, ended.catch(() => undefined)]));
      }
    } finally {
      signal?.close();
      await file.close();
    }
  }

  // A plain Readable rather than Readable.from: destroying it must wake a reader waiting for the file to grow.
  let wanted: (() => void) | undefined;
  const stream = new Readable({
    read() {
      wanted?.();
    },
    destroy(err, callback) {
      aborted.abort();
      wanted?.();
      callback(err);
    },
  });
  void (async () => {
    try {
      for await (const chunk of produce()) {
        if (aborted.signal.aborted) break;
        if (!stream.push(chunk)) await new Promise<void>((resolve) => (wanted = resolve));
        wanted = undefined;
      }
      if (!aborted.signal.aborted) stream.push(null);
    } catch (err) {
      stream.destroy(err as Error);
    }
  })();
  return stream;
}

