// A container's root file system: an overlay mount with the image's rootfs as
// the read-only lower layer and the container's own upper and work
// directories, which must sit on a real file system (the node's /var volume),
// as overlay cannot be stacked on the node container's own overlay root.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

/** Mounts the overlay at containerDir/rootfs and returns that path. */
export async function mountOverlayRootfs(imageRootfs: string, containerDir: string): Promise<string> {
  const upper = join(containerDir, 'upper');
  const work = join(containerDir, 'work');
  const rootfs = join(containerDir, 'rootfs');
  for (const directory of [upper, work, rootfs]) await mkdir(directory, { recursive: true });
  await execa('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${imageRootfs},upperdir=${upper},workdir=${work}`, rootfs]);
  return rootfs;
}

/** Mount points at or below directory, deepest first (from /proc/self/mountinfo). */
export async function mountsUnder(directory: string): Promise<string[]> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  const points = mountinfo
    .split('\n')
    .map((line) => (line.split(' ')[4] ?? '').replace(/\\040/g, ' '))
    .filter((point) => point === directory || point.startsWith(`${directory}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

export async function unmountAll(directory: string): Promise<void> {
  for (const point of await mountsUnder(directory)) await execa('umount', ['--lazy', point], { reject: false });
}
