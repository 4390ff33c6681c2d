// A `docker save` archive unpacked into a node's image store: layers applied
// in order, whiteouts and opaque directories honoured, the image registered
// under its RepoTags with Docker's id. The archive is made here with tar, in
// the docker-archive layout, so the test needs no Docker engine.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { unpackImageArchive } from '../../../src/reference/images/unpack-image-archive.ts';
import { OciImageStore } from '../../../src/reference/node/oci-image-store.ts';

async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

async function layerTar(work: string, name: string, files: Record<string, string>, gzip = false): Promise<string> {
  const tree = join(work, `${name}-tree`);
  await mkdir(tree, { recursive: true });
  await writeTree(tree, files);
  const file = join(work, 'archive', name, 'layer.tar');
  await mkdir(join(work, 'archive', name), { recursive: true });
  await execa('tar', [gzip ? '-czf' : '-cf', file, '-C', tree, '.']);
  return `${name}/layer.tar`;
}

t.test('layers, whiteouts and opaque directories', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'kdrill-unpack-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const layers = [
    await layerTar(work, 'l1', { 'a/keep': 'k', 'a/gone': 'g', 'b/old1': 'o', 'b/old2': 'o', 'c/dir/deep': 'd', 'etc/hostname': 'one' }),
    await layerTar(work, 'l2', { 'a/.wh.gone': '', 'b/.wh..wh..opq': '', 'b/new': 'n', 'c/.wh.dir': '', 'etc/hostname': 'two' }, true),
  ];
  const configJson = JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/app'] }, rootfs: { type: 'layers', diff_ids: [] } });
  await writeFile(join(work, 'archive', 'config.json'), configJson);
  await writeFile(join(work, 'archive', 'manifest.json'), JSON.stringify([{ Config: 'config.json', RepoTags: ['example/app:v1'], Layers: layers }]));
  const archive = join(work, 'image.tar');
  await execa('tar', ['-cf', archive, '-C', join(work, 'archive'), '.']);

  const store = new OciImageStore(join(work, 'store'));
  const [image] = await unpackImageArchive(store, archive);
  t.equal(image?.id, `sha256:${createHash('sha256').update(configJson).digest('hex')}`, 'the id is the config digest, as docker images shows it');
  t.same(image?.names, ['docker.io/example/app:v1']);

  const resolved = (await store.resolve('example/app:v1'))!;
  t.same(resolved.config.cmd, ['/bin/app']);
  const root = resolved.rootfs;
  t.equal(await readFile(join(root, 'a/keep'), 'utf8'), 'k', 'a file of a lower layer stays');
  t.notOk(existsSync(join(root, 'a/gone')), '.wh.gone removed the lower file');
  t.same((await readdir(join(root, 'b'))).sort(), ['new'], 'the opaque directory holds only the upper layer\'s files');
  t.same(await readdir(join(root, 'c')), [], 'a whited-out directory is gone with its contents');
  t.equal(await readFile(join(root, 'etc/hostname'), 'utf8'), 'two', 'an upper file replaces the lower one');
  t.notOk((await readdir(join(root, 'a'))).some((f) => f.startsWith('.wh.')), 'no whiteout file is left in the image');
  t.same(await readdir(join(work, 'store', 'staging')), [], 'nothing is left in staging');
});

t.test('a file that is not a docker save archive is refused', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'kdrill-unpack-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  await writeTree(work, { 'src/hello': 'hi' });
  await execa('tar', ['-cf', join(work, 'x.tar'), '-C', join(work, 'src'), '.']);
  const store = new OciImageStore(join(work, 'store'));
  await t.rejects(unpackImageArchive(store, join(work, 'x.tar')), /not a docker save archive/);
  t.same(await store.list(), []);
});

t.test('a layer member climbing out of the image is refused', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'kdrill-unpack-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  await mkdir(join(work, 'archive'), { recursive: true });
  await writeFile(join(work, 'archive', 'config.json'), '{}');
  await writeFile(join(work, 'archive', 'manifest.json'), JSON.stringify([{ Config: 'config.json', RepoTags: ['x'], Layers: ['../../etc/passwd'] }]));
  await execa('tar', ['-cf', join(work, 'image.tar'), '-C', join(work, 'archive'), '.']);
  const store = new OciImageStore(join(work, 'store'));
  await t.rejects(unpackImageArchive(store, join(work, 'image.tar')), /outside the image/);
});
