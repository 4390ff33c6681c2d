import { lstat, mkdtemp, readFile, readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { writeAtomically } from '../../../../src/reference/node/volumes/atomic-writer.ts';

t.test('files behind a swapped ..data symlink, unchanged payloads left alone', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kdrill-atomic-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = (text: string, mode = 0o644) => ({ content: Buffer.from(text), mode });
  t.equal(await writeAtomically(dir, new Map([['a', file('1')], ['sub/b', file('2', 0o600)]])), true);
  const first = await readlink(join(dir, '..data'));
  t.equal(await readFile(join(dir, 'a'), 'utf8'), '1');
  t.equal(await readFile(join(dir, 'sub', 'b'), 'utf8'), '2');
  t.equal(await readlink(join(dir, 'a')), '..data/a', 'user-visible names are symlinks through ..data');
  t.equal((await stat(join(dir, 'sub', 'b'))).mode & 0o777, 0o600);
  t.equal(await writeAtomically(dir, new Map([['a', file('1')], ['sub/b', file('2', 0o600)]])), false, 'the same payload writes nothing');
  t.equal(await readlink(join(dir, '..data')), first);
  t.equal(await writeAtomically(dir, new Map([['a', file('changed')]])), true);
  t.not(await readlink(join(dir, '..data')), first, 'a new version directory');
  t.equal(await readFile(join(dir, 'a'), 'utf8'), 'changed');
  await t.rejects(lstat(join(dir, 'sub')), 'a name no longer in the payload goes');
  const entries = (await readdir(dir)).sort();
  t.equal(entries.filter((e) => e.startsWith('..') && e !== '..data').length, 1, 'the old version directory is removed');
});
