// hostPath volumes' type checks, as pkg/volume/hostpath checkType does:
// DirectoryOrCreate and FileOrCreate make what is missing (a directory 0755,
// an empty file 0644 whose parent must exist), the other types only check,
// and no type checks nothing.
import { constants } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';

export class HostPathTypeError extends Error {}

export async function checkHostPathType(path: string, type: string | undefined): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  const fail = (what: string) => {
    throw new HostPathTypeError(`hostPath type check failed: ${path} is not ${what}`);
  };
  switch (type ?? '') {
    case '':
      return;
    case 'DirectoryOrCreate':
      if (!info) {
        await mkdir(path, { recursive: true, mode: 0o755 });
        return;
      }
      if (!info.isDirectory()) fail('a directory');
      return;
    case 'Directory':
      if (!info?.isDirectory()) fail('a directory');
      return;
    case 'FileOrCreate':
      if (!info) {
        const handle = await open(path, constants.O_CREAT | constants.O_WRONLY, 0o644);
        await handle.close();
        return;
      }
      if (!info.isFile()) fail('a file');
      return;
    case 'File':
      if (!info?.isFile()) fail('a file');
      return;
    case 'Socket':
      if (!info?.isSocket()) fail('a socket file');
      return;
    case 'CharDevice':
      if (!info?.isCharacterDevice()) fail('a character device');
      return;
    case 'BlockDevice':
      if (!info?.isBlockDevice()) fail('a block device');
      return;
    default:
      throw new HostPathTypeError(`hostPath type check failed: unknown type ${type}`);
  }
}
