// emptyDir volumes (pkg/volume/emptydir): a directory under the pod's
// volumes, mode 0777; with medium Memory a tmpfs mounted on it (sized by
// sizeLimit when given) and unmounted at teardown.
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { parseQuantity } from '../../api/validation/quantity.ts';

const run = promisify(execFile);

async function isMountPoint(dir: string): Promise<boolean> {
  const mounts = await readFile('/proc/self/mountinfo', 'utf8');
  return mounts.split('\n').some((line) => line.split(' ')[4] === dir);
}

export async function setUpEmptyDir(dir: string, medium: string | undefined, sizeLimit: string | number | undefined): Promise<void> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o777);
  if (medium !== 'Memory' || (await isMountPoint(dir))) return;
  const bytes = sizeLimit === undefined ? undefined : parseQuantity(sizeLimit)?.nanos;
  const options = bytes === undefined ? 'mode=0777' : `mode=0777,size=${(bytes + 999_999_999n) / 1_000_000_000n}`;
  await run('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
}

export async function tearDownEmptyDir(dir: string): Promise<void> {
  if (await isMountPoint(dir).catch(() => false)) await run('umount', [dir]);
  await rm(dir, { recursive: true, force: true });
}
