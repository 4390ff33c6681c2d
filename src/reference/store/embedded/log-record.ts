// What the embedded store writes to its log, one record per write. Records
// carry their revision (and a put its key's createRevision), so replaying the
// log rebuilds the exact same history, also from a rewritten snapshot.
import { LogCorruptedError } from './log-corrupted-error.ts';

export type LogRecord =
  | { op: 'put'; rev: number; key: string; value: string; create: number }
  | { op: 'delete'; rev: number; key: string }
  | { op: 'compact'; rev: number };

export type WriteRecord = Exclude<LogRecord, { op: 'compact' }>;

export function encodeRecord(record: LogRecord): Buffer {
  return Buffer.from(JSON.stringify(record), 'utf8');
}

/** path and index (the record's position in the log) only serve the error message. */
export function decodeRecord(payload: Buffer, path: string, index: number): LogRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new LogCorruptedError(path, `record ${index} is not JSON`);
  }
  if (isRecord(parsed)) return parsed;
  throw new LogCorruptedError(path, `record ${index} has an unknown shape`);
}

function isRecord(value: unknown): value is LogRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (!Number.isSafeInteger(record.rev) || (record.rev as number) < 1) return false;
  switch (record.op) {
    case 'put':
      return typeof record.key === 'string' && typeof record.value === 'string' && Number.isSafeInteger(record.create);
    case 'delete':
      return typeof record.key === 'string';
    case 'compact':
      return true;
    default:
      return false;
  }
}
