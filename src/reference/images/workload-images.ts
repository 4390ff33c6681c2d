// The workload images every node holds from the start, made from Debian's
// busybox-static binary without a registry:
// - busybox (tags latest and 1.35, Debian bookworm's busybox version): /bin/busybox,
//   a symlink per applet, /etc/passwd and /etc/group, /tmp, /root;
// - kdrill/probe:latest: the same file system and a script that serves the pod's
//   hostname over HTTP on port 9376 (agnhost serve-hostname's port) with busybox httpd.
import { chmod, copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { NodeImage } from '../node/image-store.ts';
import type { OciImageStore } from '../node/oci-image-store.ts';

export const busyboxNames = ['busybox:latest', 'busybox:1.35'];
export const probeName = 'kdrill/probe:latest';
export const probePort = 9376;

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

/** Adds busybox and the probe image to `store`, from the static busybox binary at `busybox`. */
export async function addWorkloadImages(store: OciImageStore, busybox: string): Promise<NodeImage[]> {
  const busyboxDir = await store.stagingDir();
  await busyboxRootfs(busyboxDir, busybox);
  const busyboxImage = await store.add({ configJson: imageConfigJson({ Env: [path], Cmd: ['sh'] }), rootfs: busyboxDir, names: busyboxNames });

  const probeDir = await store.stagingDir();
  await busyboxRootfs(probeDir, busybox);
  const script = join(probeDir, 'usr/local/bin/serve-hostname');
  await mkdir(dirname(script), { recursive: true });
  await writeFile(script, serveHostnameScript, { mode: 0o755 });
  const probeImage = await store.add({
    configJson: imageConfigJson({ Env: [path], Entrypoint: ['/usr/local/bin/serve-hostname'], ExposedPorts: { [`${probePort}/tcp`]: {} } }),
    rootfs: probeDir,
    names: [probeName],
  });
  return [busyboxImage, probeImage];
}
