// The workload images every node holds from the start, made from Debian's
// busybox-static binary without a registry:
// - busybox (tags latest and 1.35, Debian bookworm's busybox version): /bin/busybox,
//   a symlink per applet, /etc/passwd and /etc/group, /tmp, /root;
// - kdrill/probe:latest: the same file system and a script that serves the pod's
//   hostname over HTTP on port 9376 (agnhost serve-hostname's port) with busybox httpd,
//   plus the node file system's iperf3 (Debian's) with the shared libraries it loads.
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { NodeImage } from '../node/image-store.ts';
import type { OciImageStore } from '../node/oci-image-store.ts';

export const busyboxNames = ['busybox:latest', 'busybox:1.35'];
export const probeName = 'kdrill/probe:latest';
export const probePort = 9376;
/** Programs the probe image takes from the node's file system, each with the shared libraries it loads. */
export const probePrograms = ['/usr/bin/iperf3'];

const path = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export const serveHostnameScript = `#!/bin/sh
# kdrill probe: answers every GET with the pod's hostname.
set -e
mkdir -p /tmp/www
printf '%s' "$(hostname)" > /tmp/www/index.html
exec httpd -f -v -p "\${PORT:-${probePort}}" -h /tmp/www
`;

function architecture(): string {
  return process.arch === 'x64' ? 'amd64' : process.arch;
}

/** An image config as Docker writes one, without timestamps, so the same inputs give the same id. */
function imageConfigJson(config: Record<string, unknown>): Buffer {
  return Buffer.from(JSON.stringify({ architecture: architecture(), os: 'linux', config, rootfs: { type: 'layers', diff_ids: [] } }));
}

async function busyboxRootfs(dir: string, busybox: string): Promise<void> {
  for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'root', 'home', 'var/www']) await mkdir(join(dir, d), { recursive: true });
  await mkdir(join(dir, 'tmp'));
  await chmod(join(dir, 'tmp'), 0o1777);
  await chmod(join(dir, 'root'), 0o700);
  await copyFile(busybox, join(dir, 'bin/busybox'));
  await chmod(join(dir, 'bin/busybox'), 0o755);
  const { stdout } = await execa(busybox, ['--list-full']);
  for (const applet of stdout.split('\n').map((l) => l.trim()).filter(Boolean)) {
    if (applet === 'bin/busybox') continue;
    await mkdir(dirname(join(dir, applet)), { recursive: true });
    await symlink('/bin/busybox', join(dir, applet));
  }
  await writeFile(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n');
  await writeFile(join(dir, 'etc/group'), 'root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n');
}

/**
 * The files `program` loads, as the dynamic loader of `rootfs` resolves them
 * (ldd run in a chroot of it): the loader itself and every shared library.
 */
async function sharedLibraries(rootfs: string, program: string): Promise<string[]> {
  const { stdout } = await execa('chroot', [rootfs, '/usr/bin/ldd', program]);
  return parseLddOutput(program, stdout);
}

/** The paths in ldd's listing; throws on a library it could not find. */
export function parseLddOutput(program: string, listing: string): string[] {
  const paths: string[] = [];
  for (const line of listing.split('\n').map((l) => l.trim()).filter(Boolean)) {
    if (/=>\s*not found/.test(line)) throw new Error(`${program} needs ${line.split(/\s/)[0]}, which the node file system does not have`);
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)", "/lib64/ld-linux-x86-64.so.2 (0x…)"; the vDSO has no path.
    const path = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)$/.exec(line)?.[1];
    if (path) paths.push(path);
  }
  if (!paths.length) throw new Error(`ldd listed no shared libraries for ${program}: ${listing}`);
  return paths;
}

/** Copies `program` and the files it loads from `rootfs` to the same paths under `dir` (symbolic links followed). */
async function copyProgram(rootfs: string, program: string, dir: string): Promise<void> {
  if (!existsSync(join(rootfs, program))) throw new Error(`the node file system has no ${program} (is its package in the recipe's list?)`);
  for (const file of [program, ...(await sharedLibraries(rootfs, program))]) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await copyFile(join(rootfs, file), join(dir, file));
  }
}

/**
 * Adds busybox and the probe image to `store`, from the static busybox binary
 * at `busybox` and the probe's programs in the node file system `rootfs`.
 */
export async function addWorkloadImages(store: OciImageStore, busybox: string, rootfs: string): Promise<NodeImage[]> {
  const busyboxDir = await store.stagingDir();
  await busyboxRootfs(busyboxDir, busybox);
  const busyboxImage = await store.add({ configJson: imageConfigJson({ Env: [path], Cmd: ['sh'] }), rootfs: busyboxDir, names: busyboxNames });

  const probeDir = await store.stagingDir();
  await busyboxRootfs(probeDir, busybox);
  const script = join(probeDir, 'usr/local/bin/serve-hostname');
  await mkdir(dirname(script), { recursive: true });
  await writeFile(script, serveHostnameScript, { mode: 0o755 });
  for (const program of probePrograms) await copyProgram(rootfs, program, probeDir);
  const probeImage = await store.add({
    configJson: imageConfigJson({ Env: [path], Entrypoint: ['/usr/local/bin/serve-hostname'], ExposedPorts: { [`${probePort}/tcp`]: {} } }),
    rootfs: probeDir,
    names: [probeName],
  });
  return [busyboxImage, probeImage];
}
