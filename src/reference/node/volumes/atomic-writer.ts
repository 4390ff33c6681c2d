// Writes a volume's files as pkg/volume/util/atomic_writer.go does, so that
// a container never sees half an update: the files go into a fresh
// ..<timestamp> directory, the ..data symlink is swapped to it in one rename,
// and each top-level name is a symlink through ..data. An unchanged payload
// writes nothing.
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface FileContent {
  content: Buffer;
  /** Permission bits, e.g. 0o644. */
  mode: number;
}

export type Payload = Map<string, FileContent>;

const dataLink = '..data';

async function unchanged(dir: string, payload: Payload): Promise<boolean> {
  let current: string;
  try {
    current = await readlink(join(dir, dataLink));
  } catch {
    return false;
  }
  const existing = await listFiles(join(dir, current));
  if (existing.length !== payload.size) return false;
  for (const [path, file] of payload) {
    try {
      const [content, info] = await Promise.all([readFile(join(dir, current, path)), lstat(join(dir, current, path))]);
      if (!content.equals(file.content) || (info.mode & 0o7777) !== file.mode) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out;
}

function timestampedName(): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}`;
  return `..${stamp}.${Math.floor(Math.random() * 1e9)}`;
}

/** Makes dir hold exactly payload (paths relative to dir); returns whether anything changed. */
export async function writeAtomically(dir: string, payload: Payload): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  if (await unchanged(dir, payload)) return false;
  const previous = await readlink(join(dir, dataLink)).catch(() => undefined);
  const version = timestampedName();
  for (const [path, file] of payload) {
    const target = join(dir, version, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
    await chmod(target, file.mode);
  }
  await mkdir(join(dir, version), { recursive: true });
  const tmpLink = join(dir, `..data_tmp`);
  await rm(tmpLink, { force: true });
  await symlink(version, tmpLink);
  await rename(tmpLink, join(dir, dataLink));
  const topLevel = new Set([...payload.keys()].map((p) => p.split('/')[0]!));
  for (const name of topLevel) {
    const link = join(dir, name);
    const info = await lstat(link).catch(() => undefined);
    if (info?.isSymbolicLink()) continue;
    if (info) await rm(link, { recursive: true, force: true });
    await symlink(join(dataLink, name), link);
  }
  for (const entry of await readdir(dir)) {
    if (entry.startsWith('..') || topLevel.has(entry)) continue;
    await rm(join(dir, entry), { recursive: true, force: true });
  }
  if (previous) await rm(join(dir, previous), { recursive: true, force: true });
  return true;
}
