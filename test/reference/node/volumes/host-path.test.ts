import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { checkHostPathType } from '../../../../src/reference/node/volumes/host-path.ts';

t.test('hostPath types', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kdrill-hostpath-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'file');
  await writeFile(file, 'x');
  await checkHostPathType(join(dir, 'made', 'deep'), 'DirectoryOrCreate');
  t.ok((await stat(join(dir, 'made', 'deep'))).isDirectory(), 'DirectoryOrCreate makes the directory');
  await checkHostPathType(join(dir, 'new-file'), 'FileOrCreate');
  t.ok((await stat(join(dir, 'new-file'))).isFile(), 'FileOrCreate makes an empty file');
  await t.rejects(checkHostPathType(join(dir, 'no-parent', 'f'), 'FileOrCreate'), 'FileOrCreate does not make the parent');
  await t.resolves(checkHostPathType(file, 'File'));
  await t.resolves(checkHostPathType(dir, 'Directory'));
  await t.resolves(checkHostPathType(join(dir, 'absent'), ''), 'no type: no check');
  await t.rejects(checkHostPathType(file, 'Directory'), { message: `hostPath type check failed: ${file} is not a directory` });
  await t.rejects(checkHostPathType(file, 'DirectoryOrCreate'), { message: `hostPath type check failed: ${file} is not a directory` });
  await t.rejects(checkHostPathType(dir, 'File'), { message: `hostPath type check failed: ${dir} is not a file` });
  await t.rejects(checkHostPathType(file, 'Socket'), { message: `hostPath type check failed: ${file} is not a socket file` });
  await t.rejects(checkHostPathType(file, 'CharDevice'), { message: `hostPath type check failed: ${file} is not a character device` });
  await t.resolves(checkHostPathType('/dev/null', 'CharDevice'));
  await t.rejects(checkHostPathType(file, 'BlockDevice'), { message: `hostPath type check failed: ${file} is not a block device` });
});
