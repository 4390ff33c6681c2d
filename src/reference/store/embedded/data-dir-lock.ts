// Keeps two processes from opening the same data dir: a LOCK file holding
// the owner's pid. A lock left by a process that died (a crash, SIGKILL) is
// taken over.
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  readonly dataDir: string;
  readonly pid: number;
  constructor(dataDir: string, pid: number) {
    super(`data dir ${dataDir} is in use by process ${pid}; stop that process or use another data dir`);
    this.name = 'DataDirLockedError';
    this.dataDir = dataDir;
    this.pid = pid;
  }
}

export class DataDirLock {
  private readonly path: string;

  private constructor(path: string) {
    this.path = path;
  }

  static async acquire(dataDir: string): Promise<DataDirLock> {
    const path = join(dataDir, 'LOCK');
    // Written whole under a private name, then linked into place: link fails
    // if LOCK exists, and nobody ever sees a half-written one.
    const claim = join(dataDir, `LOCK.${process.pid}`);
    await writeFile(claim, `${process.pid}\n`, { mode: 0o600 });
    try {
      for (;;) {
        try {
          await link(claim, path);
          return new DataDirLock(path);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
        if (Number.isSafeInteger(owner) && owner > 0 && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
        await rm(path, { force: true });
      }
    } finally {
      await rm(claim, { force: true });
    }
  }

  async release(): Promise<void> {
    await rm(this.path, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
