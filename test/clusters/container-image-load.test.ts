// kdrill image load: an image built on the host with `docker import` of a
// tiny root file system lands in every node's image store of the shared test
// cluster, each Node lists it in status.images, and a pod runs from it.
import { mkdtempSync, rmSync } from 'node:fs';
import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { execa } from 'execa';
import { kdrill, kubectl, sharedTestCluster } from '../helpers/container-cluster.ts';

const image = `kdrill-test/tiny:${process.pid}`;

t.teardown(async () => {
  await execa('docker', ['rmi', '-f', image], { reject: false });
});

async function importTinyImage(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-tiny-'));
  try {
    await mkdir(join(dir, 'bin'));
    await copyFile('/usr/bin/busybox', join(dir, 'bin', 'busybox'));
    await symlink('busybox', join(dir, 'bin', 'sh'));
    await symlink('busybox', join(dir, 'bin', 'cat'));
    await writeFile(join(dir, 'message'), 'hello from a loaded image\n');
    await execa('tar', ['-C', dir, '-cf', join(dir, '..', `${process.pid}-tiny.tar`), '.']);
    const r = await execa('docker', ['import', '--change', 'CMD ["/bin/cat","/message"]', join(dir, '..', `${process.pid}-tiny.tar`), image]);
    return r.stdout.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(dir, '..', `${process.pid}-tiny.tar`), { force: true });
  }
}

t.test('an image from the host lands on every node and runs', async (t) => {
  const cluster = await sharedTestCluster();
  const id = await importTinyImage();

  const missing = await kdrill(['image', 'load', 'kdrill-test/not-there:1', '--cluster', cluster.name]);
  t.equal(missing.exitCode, 2);
  t.match(missing.stderr, /image "kdrill-test\/not-there:1" not present locally/);
  const noCluster = await kdrill(['image', 'load', image, '--cluster', 'kdrill-no-such-cluster']);
  t.equal(noCluster.exitCode, 2);
  t.match(noCluster.stderr, /unknown cluster "kdrill-no-such-cluster"/);

  const loaded = await kdrill(['image', 'load', image, '--cluster', cluster.name]);
  t.equal(loaded.exitCode, 0, loaded.stderr);
  for (const node of cluster.nodes) {
    t.match(loaded.stderr, new RegExp(`${node}: ${id} docker.io/${image}`), `${node} unpacked it under its docker id`);
    const index = await execa('docker', ['exec', node, 'cat', '/var/lib/kdrill/images/index.json']);
    const images = (JSON.parse(index.stdout) as { images: { id: string; names: string[] }[] }).images;
    t.ok(images.some((i) => i.id === id && i.names.includes(`docker.io/${image}`)), `${node}'s store lists it`);
  }

  // Each agent reports its store in status.images when it changes (at its next status check).
  const listing = async () => (await kubectl(cluster, ['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.images[*].names}{"\\n"}{end}'])).stdout;
  let nodesListing = '';
  for (let attempt = 0; attempt < 30; attempt++) {
    nodesListing = await listing();
    if (cluster.nodes.every((n) => new RegExp(`^${n}=.*docker\\.io/${image}`, 'm').test(nodesListing))) break;
    await sleep(2000);
  }
  for (const node of cluster.nodes) {
    t.match(nodesListing, new RegExp(`^${node}=.*docker\\.io/${image}`, 'm'), `${node} lists the loaded image in status.images`);
    t.match(nodesListing, new RegExp(`^${node}=.*docker\\.io/library/busybox:latest`, 'm'), `${node} lists the baked-in busybox`);
  }

  const pod = `tiny-${process.pid}`;
  t.teardown(async () => {
    await kubectl(cluster, ['delete', 'pod', pod, '--ignore-not-found', '--wait=false']);
  });
  const run = await kubectl(cluster, ['run', pod, `--image=${image}`, '--image-pull-policy=Never', '--restart=Never']);
  t.equal(run.exitCode, 0, run.stderr);
  const done = await kubectl(cluster, ['wait', `pod/${pod}`, '--for=jsonpath={.status.phase}=Succeeded', '--timeout=90s']);
  t.equal(done.exitCode, 0, `the pod ran to completion (${done.stderr})`);
  const logs = await kubectl(cluster, ['logs', pod]);
  t.equal(logs.stdout.trim(), 'hello from a loaded image', 'its output is the image\'s file');
});
