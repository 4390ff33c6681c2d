// Writes a container's stdout and stderr into its CRI log file, one record a
// line, and rotates the file by size (the kubelet rotates the files the
// runtime writes; here the runtime is also the writer, so it rotates itself).
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { criLogLine, nowEpochNanos, type LogStream } from './cri-log-format.ts';
import { DEFAULT_MAX_LINE_BYTES, LogLineSplitter, type LogRecord } from './log-line-splitter.ts';
import { excessRotatedLogs, rotatedLogNames, rotatedLogPath, type LogRotationPolicy } from './log-rotation.ts';

export interface CriLogWriterOptions {
  maxLineBytes?: number;
  /** The clock rotated files are named by. */
  now?: () => Date;
}

export class CriLogWriter {
  readonly #path: string;
  readonly #policy: LogRotationPolicy;
  readonly #maxLineBytes: number;
  readonly #now: () => Date;
  #fd: number;
  #size: number;

  constructor(path: string, policy: LogRotationPolicy, options: CriLogWriterOptions = {}) {
    this.#path = path;
    this.#policy = policy;
    this.#maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.#now = options.now ?? (() => new Date());
    mkdirSync(dirname(path), { recursive: true });
    this.#fd = openSync(path, 'a', 0o640);
    this.#size = fstatSync(this.#fd).size;
  }

  /** A sink for one of the container's streams; ending it writes what is left of its last line. */
  stream(stream: LogStream): Writable {
    const splitter = new LogLineSplitter(this.#maxLineBytes);
    return new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        this.#append(stream, splitter.push(chunk));
        callback();
      },
      final: (callback) => {
        this.#append(stream, splitter.end());
        callback();
      },
    });
  }

  close(): void {
    closeSync(this.#fd);
  }

  #append(stream: LogStream, records: LogRecord[]): void {
    for (const record of records) {
      const line = criLogLine(nowEpochNanos(), stream, record.tag, record.content);
      writeSync(this.#fd, line);
      this.#size += line.length;
      if (this.#size >= this.#policy.maxSizeBytes) this.#rotate();
    }
  }

  #rotate(): void {
    const rotated = rotatedLogPath(this.#path, this.#now());
    // Names have a resolution of one second: a second rotation within the same
    // second waits for the next line after it rather than overwrite the first.
    if (existsSync(rotated)) return;
    closeSync(this.#fd);
    renameSync(this.#path, rotated);
    this.#fd = openSync(this.#path, 'a', 0o640);
    this.#size = 0;
    const directory = dirname(this.#path);
    for (const name of excessRotatedLogs(rotatedLogNames(this.#path, readdirSync(directory)), this.#policy.maxFiles)) {
      rmSync(join(directory, name), { force: true });
    }
  }
}
