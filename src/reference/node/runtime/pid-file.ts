// Waits for the pid file crun writes once the process it starts exists.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MILLIS = 20;

/** The pid, or undefined when `gaveUp` resolved first (the starting command ended). */
export async function waitForPidFile(path: string, gaveUp: Promise<unknown>): Promise<number | undefined> {
  let ended = false;
  void gaveUp.then(() => (ended = true));
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '');
    const pid = Number.parseInt(text.trim(), 10);
    if (Number.isInteger(pid) && pid > 0) return pid;
    if (ended) return undefined;
    await sleep(POLL_MILLIS);
  }
}
