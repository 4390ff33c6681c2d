// How records sit in the log file: each payload is framed as
// [u32 LE payload length][u32 LE crc32 of the payload][payload].
//
// A crash can leave the last write incomplete. Like etcd's WAL, a frame that
// runs past the end of the file, or a bad frame followed only by zeros (pages
// the kernel extended but never filled), is a torn tail: it was never
// acknowledged, and the reader stops there so the log can be truncated. A bad
// frame with data after it is damage, not a crash, and is reported instead.
import { crc32 } from 'node:zlib';
import { LogCorruptedError } from './log-corrupted-error.ts';

const headerBytes = 8;

export function frame(payload: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(headerBytes + payload.length);
  framed.writeUInt32LE(payload.length, 0);
  framed.writeUInt32LE(crc32(payload), 4);
  payload.copy(framed, headerBytes);
  return framed;
}

export interface ScannedLog {
  payloads: Buffer[];
  /** Bytes from the start that hold whole, intact frames; anything after is a torn tail. */
  validBytes: number;
}

export function scanFrames(path: string, data: Buffer): ScannedLog {
  const payloads: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (data.length - offset < headerBytes) break;
    const length = data.readUInt32LE(offset);
    const end = offset + headerBytes + length;
    if (end > data.length) break;
    const payload = data.subarray(offset + headerBytes, end);
    if (length === 0 || crc32(payload) !== data.readUInt32LE(offset + 4)) {
      if (end === data.length || allZero(data.subarray(offset))) break;
      const problem = length === 0 ? 'an empty frame' : 'a checksum mismatch';
      throw new LogCorruptedError(path, `${problem} at byte ${offset} with more data after it, so not a torn write`);
    }
    payloads.push(payload);
    offset = end;
  }
  return { payloads, validBytes: offset };
}

function allZero(bytes: Buffer): boolean {
  return bytes.every((byte) => byte === 0);
}
