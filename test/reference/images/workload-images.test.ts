// The workload images baked into every node: busybox (latest and 1.35) with an
// applet per symlink, and the probe image, whose server answers its hostname.
// Made from the host's static busybox (Debian busybox-static, as in the node
// image); the probe is started in a chroot of its root file system.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { addWorkloadImages, probePort } from '../../../src/reference/images/workload-images.ts';
import { OciImageStore } from '../../../src/reference/node/oci-image-store.ts';

const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

t.test('busybox and the probe image', { skip: busybox ? false : 'needs busybox-static on the host (apt-get install busybox-static)' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-workloads-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = new OciImageStore(join(dir, 'images'));
  await addWorkloadImages(store, busybox!);

  const names = (await store.list()).flatMap((i) => i.names).sort();
  t.same(names, ['docker.io/kdrill/probe:latest', 'docker.io/library/busybox:1.35', 'docker.io/library/busybox:latest']);

  const bb = (await store.resolve('busybox'))!;
  t.equal((await store.resolve('busybox:1.35'))?.id, bb.id, 'both tags name one image');
  t.same(bb.config.cmd, ['sh']);
  t.equal(readlinkSync(join(bb.rootfs, 'bin/sh')), '/bin/busybox', 'applets are symlinks to /bin/busybox');
  t.ok(existsSync(join(bb.rootfs, 'bin/busybox')));
  t.match(await readFile(join(bb.rootfs, 'etc/passwd'), 'utf8'), /^root:x:0:0:/m);
  t.match(await readFile(join(bb.rootfs, 'etc/passwd'), 'utf8'), /^nobody:x:65534:/m);
  t.equal((await stat(join(bb.rootfs, 'tmp'))).mode & 0o7777, 0o1777, '/tmp is world-writable and sticky');

  const probe = (await store.resolve('kdrill/probe:latest'))!;
  t.same(probe.config.entrypoint, ['/usr/local/bin/serve-hostname']);
  t.equal(probePort, 9376);

});

t.test('the probe answers GET / with its hostname', { skip: busybox && process.getuid?.() === 0 ? false : 'needs busybox-static and root (chroot)' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-workloads-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = new OciImageStore(join(dir, 'images'));
  await addWorkloadImages(store, busybox!);
  const probe = (await store.resolve('kdrill/probe:latest'))!;
  const port = await freePort();
  const child = spawn('chroot', [probe.rootfs, ...probe.config.entrypoint], { env: { PORT: String(port), PATH: '/bin:/usr/bin:/sbin:/usr/sbin' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  t.teardown(() => {
    child.kill('SIGKILL');
  });
  let body = '';
  for (let i = 0; i < 50 && body === ''; i++) {
    try {
      body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    } catch {
      await sleep(100);
    }
  }
  t.equal(body, hostname(), `GET / answers the hostname (server stderr: ${stderr})`);
});
