// Unpacks a `docker save` archive (docker-archive format, whose manifest.json
// Docker 25+ also writes beside its OCI layout) into an image store: each
// image's layers applied in order onto one root file system, with the OCI
// whiteouts honoured (.wh.NAME removes NAME from the layers below,
// .wh..wh..opq empties its directory), then registered under its RepoTags.
import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join, normalize } from 'node:path';
import { execa } from 'execa';
import type { NodeImage } from '../node/image-store.ts';
import type { OciImageStore } from '../node/oci-image-store.ts';

interface ManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

const whiteoutPrefix = '.wh.';
const opaqueWhiteout = '.wh..wh..opq';

/** An archive member's path inside the root file system; refuses paths that climb out of it. */
function memberPath(rootfs: string, member: string): string {
  const relative = normalize(member.replace(/^\.?\/+/, ''));
  if (relative === '..' || relative.startsWith('../')) throw new Error(`layer member "${member}" points outside the image`);
  return join(rootfs, relative);
}

async function emptyDirectory(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const entry of entries) await rm(join(dir, entry), { recursive: true, force: true });
}

/** Applies one layer tarball (plain or compressed; tar detects which) onto `rootfs`. */
export async function applyLayer(rootfs: string, layer: string): Promise<void> {
  const { stdout } = await execa('tar', ['-tf', layer], { maxBuffer: 512 * 1024 * 1024 });
  const members = stdout.split('\n').filter(Boolean);
  // Opaque directories first: the layer's own files in them are extracted afterwards.
  for (const member of members) {
    if (basename(member) === opaqueWhiteout) await emptyDirectory(dirname(memberPath(rootfs, member)));
  }
  for (const member of members) {
    const name = basename(member);
    if (name.startsWith(whiteoutPrefix) && name !== opaqueWhiteout) {
      await rm(join(dirname(memberPath(rootfs, member)), name.slice(whiteoutPrefix.length)), { recursive: true, force: true });
    }
  }
  await execa('tar', ['-xpf', layer, '-C', rootfs, '--numeric-owner', `--exclude=${whiteoutPrefix}*`]);
}

/** Loads every image of the archive into `store`; returns them as registered. */
export async function unpackImageArchive(store: OciImageStore, archive: string): Promise<NodeImage[]> {
  const extracted = await store.stagingDir();
  try {
    await execa('tar', ['-xf', archive, '-C', extracted]);
    let manifest: ManifestEntry[];
    try {
      manifest = JSON.parse(await readFile(join(extracted, 'manifest.json'), 'utf8')) as ManifestEntry[];
    } catch (err) {
      throw new Error(`${archive} is not a docker save archive (manifest.json: ${(err as Error).message})`);
    }
    const loaded: NodeImage[] = [];
    for (const entry of manifest) {
      const rootfs = await store.stagingDir();
      try {
        for (const layer of entry.Layers) await applyLayer(rootfs, memberPath(extracted, layer));
        const configJson = await readFile(memberPath(extracted, entry.Config));
        loaded.push(await store.add({ configJson, rootfs, names: entry.RepoTags ?? [] }));
      } finally {
        await rm(rootfs, { recursive: true, force: true });
      }
    }
    return loaded;
  } finally {
    await rm(extracted, { recursive: true, force: true });
  }
}
