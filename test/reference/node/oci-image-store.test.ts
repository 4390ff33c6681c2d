// The node's image store: images added with their config and root file
// system, listed with every name, resolved by short name, full name or id;
// a name moves to the image added last, as a docker tag does.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { OciImageStore } from '../../../src/reference/node/oci-image-store.ts';

function tempStore(t: { teardown(fn: () => unknown): void }): OciImageStore {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return new OciImageStore(join(dir, 'images'));
}

async function rootfsWith(store: OciImageStore, files: Record<string, string>): Promise<string> {
  const dir = await store.stagingDir();
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

const config = (cmd: string[], extra: Record<string, unknown> = {}) =>
  Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: cmd, Env: ['PATH=/bin'], ...extra }, rootfs: { type: 'layers', diff_ids: [] } }));

t.test('add, list and resolve', async (t) => {
  const store = tempStore(t);
  t.same(await store.list(), [], 'an empty store lists nothing');
  t.equal(await store.resolve('busybox'), undefined, 'and resolves nothing');
  const configJson = config(['sh'], { WorkingDir: '/work', User: '1000:1000', Entrypoint: ['/bin/tini'] });
  const added = await store.add({ configJson, rootfs: await rootfsWith(store, { 'bin/sh': 'shell', 'etc/passwd': 'root:x:0:0::/:/bin/sh\n' }), names: ['busybox', 'busybox:1.35'] });
  t.equal(added.id, `sha256:${createHash('sha256').update(configJson).digest('hex')}`, 'the id is the sha256 of the config, as docker prints it');
  t.same(added.names, ['docker.io/library/busybox:1.35', 'docker.io/library/busybox:latest'], 'names are normalized');
  t.equal(added.sizeBytes, 'shell'.length + 'root:x:0:0::/:/bin/sh\n'.length, 'the size counts the files');
  t.same(await store.list(), [added]);

  for (const ref of ['busybox', 'busybox:latest', 'docker.io/library/busybox:1.35', added.id]) {
    const resolved = await store.resolve(ref);
    t.ok(resolved, `resolves ${ref}`);
    t.equal(resolved?.id, added.id);
  }
  const resolved = (await store.resolve('busybox'))!;
  t.same(resolved.config, { entrypoint: ['/bin/tini'], cmd: ['sh'], env: ['PATH=/bin'], workingDir: '/work', user: '1000:1000' });
  t.equal(await readFile(join(resolved.rootfs, 'bin/sh'), 'utf8'), 'shell', 'the rootfs is where resolve says');
  t.equal((await stat(resolved.rootfs)).mode & 0o777, 0o755, 'the rootfs root is traversable by any user');
  t.equal(await store.resolve('busybox:1.36'), undefined, 'another tag is not resolved');
});

t.test('a name moves to the image added last; the same config adds names to the existing image', async (t) => {
  const store = tempStore(t);
  const first = await store.add({ configJson: config(['one']), rootfs: await rootfsWith(store, { a: '1' }), names: ['app:latest', 'app:1'] });
  const second = await store.add({ configJson: config(['two']), rootfs: await rootfsWith(store, { a: '2' }), names: ['app:latest'] });
  t.not(first.id, second.id);
  const byId = new Map((await store.list()).map((i) => [i.id, i.names]));
  t.same(byId.get(first.id), ['docker.io/library/app:1']);
  t.same(byId.get(second.id), ['docker.io/library/app:latest']);
  t.equal((await store.resolve('app'))?.id, second.id);

  const again = await store.add({ configJson: config(['one']), rootfs: await rootfsWith(store, { a: 'ignored' }), names: ['app:old'] });
  t.equal(again.id, first.id, 'same config, same image');
  t.same(again.names, ['docker.io/library/app:1', 'docker.io/library/app:old']);
  t.equal(await readFile(join((await store.resolve('app:old'))!.rootfs, 'a'), 'utf8'), '1', 'the files already stored are kept');
  t.equal((await store.list()).length, 2);
});

t.test('concurrent adds all land in the index', async (t) => {
  const store = tempStore(t);
  const adds = await Promise.all([0, 1, 2, 3, 4].map(async (i) => store.add({ configJson: config([`c${i}`]), rootfs: await rootfsWith(store, { f: String(i) }), names: [`img${i}`] })));
  t.equal((await store.list()).length, 5);
  for (const [i, image] of adds.entries()) t.equal((await store.resolve(`img${i}`))?.id, image.id);
});
