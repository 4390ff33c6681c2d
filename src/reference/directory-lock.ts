// A lock between processes of one machine: a directory made by mkdir (which
// fails if it exists, atomically), removed when the work ends.
import { mkdir, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface DirectoryLockOptions {
  retryMs: number;
  timeoutMs: number;
  /** What the error says when the lock stays taken past the timeout. */
  timeoutMessage: string;
}

export async function withDirectoryLock<T>(lock: string, options: DirectoryLockOptions, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() > deadline) throw new Error(options.timeoutMessage);
      await sleep(options.retryMs);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
