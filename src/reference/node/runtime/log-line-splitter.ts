// Cuts one output stream of a container into CRI log records as containerd
// does (internal/cri/io/logger.go): a record per line without its "\n" (or
// "\r\n"), tagged F; a line longer than the maximum is cut into P records and
// a final F; bytes left without a newline when the stream ends become one P.
import type { LogTag } from './cri-log-format.ts';

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024;

export interface LogRecord {
  tag: LogTag;
  content: Buffer;
}

export class LogLineSplitter {
  readonly #maxLineBytes: number;
  #pending: Buffer = Buffer.alloc(0);

  constructor(maxLineBytes = DEFAULT_MAX_LINE_BYTES) {
    this.#maxLineBytes = maxLineBytes;
  }

  push(chunk: Buffer): LogRecord[] {
    const records: LogRecord[] = [];
    let data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    for (;;) {
      const newline = data.indexOf(0x0a);
      if (newline === -1) break;
      let line = data.subarray(0, newline);
      if (line.at(-1) === 0x0d) line = line.subarray(0, -1);
      records.push(...this.#cut(line));
      data = data.subarray(newline + 1);
    }
    while (data.length > this.#maxLineBytes) {
      records.push({ tag: 'P', content: Buffer.from(data.subarray(0, this.#maxLineBytes)) });
      data = data.subarray(this.#maxLineBytes);
    }
    this.#pending = Buffer.from(data);
    return records;
  }

  /** What is left once the stream has ended. */
  end(): LogRecord[] {
    const rest = this.#pending;
    this.#pending = Buffer.alloc(0);
    return rest.length === 0 ? [] : [{ tag: 'P', content: rest }];
  }

  #cut(line: Buffer): LogRecord[] {
    const records: LogRecord[] = [];
    let rest = line;
    while (rest.length > this.#maxLineBytes) {
      records.push({ tag: 'P', content: Buffer.from(rest.subarray(0, this.#maxLineBytes)) });
      rest = rest.subarray(this.#maxLineBytes);
    }
    records.push({ tag: 'F', content: Buffer.from(rest) });
    return records;
  }
}
