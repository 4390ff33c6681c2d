// The workload images baked into every node: busybox (latest and 1.35) with an
// applet per symlink, and the probe image, whose server answers its hostname
// and which holds a working iperf3. Made from the host's static busybox and
// iperf3 (Debian busybox-static and iperf3, as in the node image: the host's
// file system plays the node's); the probe runs in a chroot of its root file system.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { execa } from 'execa';
import { parseIperf3Json } from '../../../bench/iperf3-result.ts';
import { addWorkloadImages, parseLddOutput, probePort } from '../../../src/reference/images/workload-images.ts';
import { OciImageStore } from '../../../src/reference/node/oci-image-store.ts';

const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
// Copying the probe's programs runs ldd in a chroot.
const skip = !busybox || !existsSync('/usr/bin/iperf3') ? 'needs busybox-static and iperf3 on the host (apt-get install busybox-static iperf3)'
  : process.getuid?.() !== 0 ? 'needs root (chroot)' : false;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

t.test('busybox and the probe image', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-workloads-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = new OciImageStore(join(dir, 'images'));
  await addWorkloadImages(store, busybox!, '/');

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

t.test('the probe answers GET / with its hostname', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-workloads-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = new OciImageStore(join(dir, 'images'));
  await addWorkloadImages(store, busybox!, '/');
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

t.test('the probe runs iperf3: a server and a client in its chroot measure a TCP transfer over 127.0.0.1', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-workloads-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = new OciImageStore(join(dir, 'images'));
  await addWorkloadImages(store, busybox!, '/');
  const probe = (await store.resolve('kdrill/probe:latest'))!;
  t.ok(existsSync(join(probe.rootfs, 'usr/bin/iperf3')), '/usr/bin/iperf3 is in the probe');
  t.match((await execa('chroot', [probe.rootfs, 'iperf3', '--version'])).stdout, /^iperf 3\.\d+/, 'it runs with the libraries copied beside it');

  // A container runtime gives the pod /dev; the bare chroot needs the random source iperf3 reads.
  await execa('mkdir', ['-p', join(probe.rootfs, 'dev')]);
  await execa('mknod', ['-m', '444', join(probe.rootfs, 'dev/urandom'), 'c', '1', '9']);
  const port = await freePort();
  const server = spawn('chroot', [probe.rootfs, 'iperf3', '-s', '-1', '-p', String(port)], { stdio: 'ignore' });
  t.teardown(() => {
    server.kill('SIGKILL');
  });
  let report: ReturnType<typeof parseIperf3Json> | undefined;
  let lastError = '';
  for (let i = 0; i < 50 && !report; i++) {
    const r = await execa('chroot', [probe.rootfs, 'iperf3', '-c', '127.0.0.1', '-p', String(port), '-t', '1', '-J'], { reject: false });
    if (r.exitCode === 0) report = parseIperf3Json(r.stdout);
    else {
      lastError = r.stdout || r.stderr;
      await sleep(100);
    }
  }
  t.ok(report, `the client measured a transfer (last error: ${lastError})`);
  t.ok(report!.receivedBitsPerSecond > 0 && report!.sentBitsPerSecond > 0, 'bytes went both ways through the test');
});

t.test('ldd listings: the loader and each resolved library, the vDSO skipped, a missing library refused', async (t) => {
  const listing = [
    '\tlinux-vdso.so.1 (0x00007ffc8b5f1000)',
    '\tlibiperf.so.0 => /lib/x86_64-linux-gnu/libiperf.so.0 (0x00007f2ddc517000)',
    '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2ddc335000)',
    '\t/lib64/ld-linux-x86-64.so.2 (0x00007f2ddc561000)',
  ].join('\n');
  t.same(parseLddOutput('/usr/bin/iperf3', listing), ['/lib/x86_64-linux-gnu/libiperf.so.0', '/lib/x86_64-linux-gnu/libc.so.6', '/lib64/ld-linux-x86-64.so.2']);
  t.throws(() => parseLddOutput('/usr/bin/iperf3', `${listing}\n\tlibsctp.so.1 => not found`), /iperf3 needs libsctp\.so\.1/);
  t.throws(() => parseLddOutput('/usr/bin/iperf3', '\tnot a dynamic executable'), /listed no shared libraries/);
});
