// Size-based rotation of a CRI log file, as the kubelet's container log
// manager does it (pkg/kubelet/logs/container_log_manager.go): the current
// file is renamed PATH.YYYYMMDD-HHMMSS and a new one started; of the rotated
// files only the newest maxFiles - 1 are kept, so that with the current file
// there are at most maxFiles.
import { basename } from 'node:path';

export interface LogRotationPolicy {
  /** Rotate once the current file has reached this size. */
  maxSizeBytes: number;
  /** Files kept per container, the current one included (at least 2). */
  maxFiles: number;
}

const ROTATED_SUFFIX = /^\.\d{8}-\d{6}$/;

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

export function rotatedLogPath(logPath: string, at: Date): string {
  const date = `${at.getUTCFullYear()}${twoDigits(at.getUTCMonth() + 1)}${twoDigits(at.getUTCDate())}`;
  const time = `${twoDigits(at.getUTCHours())}${twoDigits(at.getUTCMinutes())}${twoDigits(at.getUTCSeconds())}`;
  return `${logPath}.${date}-${time}`;
}

/** Names of the directory's entries that are rotated files of logPath, oldest first. */
export function rotatedLogNames(logPath: string, directoryEntries: string[]): string[] {
  const base = basename(logPath);
  return directoryEntries
    .filter((name) => name.startsWith(base) && ROTATED_SUFFIX.test(name.slice(base.length)))
    .sort();
}

/** The rotated files (names, oldest first) to delete so that at most maxFiles - 1 remain. */
export function excessRotatedLogs(rotatedNames: string[], maxFiles: number): string[] {
  const keep = Math.max(maxFiles - 1, 0);
  return rotatedNames.slice(0, Math.max(rotatedNames.length - keep, 0));
}
