// The node's image store: one directory per image under <rootDir>/images,
// named by the image id, holding the image config exactly as Docker wrote it
// (config.json, whose sha256 is the id) and the unpacked root file system
// (rootfs/), plus index.json, the names index (as containerd's metadata store
// maps names to images). Writers take a lock directory; readers read the index,
// which is replaced atomically.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withDirectoryLock } from '../directory-lock.ts';
import { normalizeImageReference } from '../images/image-reference.ts';
import type { ImageConfig, ImageStore, NodeImage, ResolvedImage } from './image-store.ts';

interface StoreIndex {
  images: NodeImage[];
}

/** The fields of a Docker/OCI image config the runtime needs. */
interface ImageConfigJson {
  config?: { Entrypoint?: string[] | null; Cmd?: string[] | null; Env?: string[] | null; WorkingDir?: string; User?: string };
}

export interface NewImage {
  /** The image config as bytes; the image id is their sha256. */
  configJson: Buffer;
  /** A directory on the store's file system (see stagingDir) holding the root file system; moved into the store. */
  rootfs: string;
  /** References to register, normalized on the way in; each leaves any image that had it before. */
  names: string[];
}

const lockRetryMs = 50;
const lockTimeoutMs = 60_000;

async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await directorySize(path);
    else total += (await lstat(path)).size;
  }
  return total;
}

export function imageConfigOf(json: ImageConfigJson): ImageConfig {
  const c = json.config ?? {};
  return { entrypoint: c.Entrypoint ?? [], cmd: c.Cmd ?? [], env: c.Env ?? [], workingDir: c.WorkingDir ?? '', user: c.User ?? '' };
}

export class OciImageStore implements ImageStore {
  readonly dir: string;

  /** `dir` is <rootDir>/images (on a node: /var/lib/kdrill/images). */
  constructor(dir: string) {
    this.dir = dir;
  }

  private get indexPath(): string {
    return join(this.dir, 'index.json');
  }

  private async readIndex(): Promise<StoreIndex> {
    try {
      return JSON.parse(await readFile(this.indexPath, 'utf8')) as StoreIndex;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { images: [] };
      throw err;
    }
  }

  private async writeIndex(index: StoreIndex): Promise<void> {
    const temporary = `${this.indexPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, JSON.stringify(index, null, 2) + '\n');
    await rename(temporary, this.indexPath);
  }

  private async locked<T>(work: () => Promise<T>): Promise<T> {
    await mkdir(this.dir, { recursive: true });
    const lock = join(this.dir, '.lock');
    return withDirectoryLock(lock, {
      retryMs: lockRetryMs,
      timeoutMs: lockTimeoutMs,
      timeoutMessage: `image store ${this.dir} stayed locked for ${lockTimeoutMs / 1000}s; remove ${lock} if no image load is running`,
    }, work);
  }


  /** A fresh directory inside the store (so that add can move it in by a rename). */
  async stagingDir(): Promise<string> {
    const staging = join(this.dir, 'staging');
    await mkdir(staging, { recursive: true });
    return mkdtemp(join(staging, 'image-'));
  }

  async list(): Promise<NodeImage[]> {
    return (await this.readIndex()).images;
  }

  async resolve(reference: string): Promise<ResolvedImage | undefined> {
    const { images } = await this.readIndex();
    const byId = reference.startsWith('sha256:') ? images.find((i) => i.id === reference) : undefined;
    const name = byId ? undefined : normalizeImageReference(reference);
    const image = byId ?? images.find((i) => i.names.includes(name!));
    if (!image) return undefined;
    const imageDir = join(this.dir, image.id.slice('sha256:'.length));
    const json = JSON.parse(await readFile(join(imageDir, 'config.json'), 'utf8')) as ImageConfigJson;
    return { ...image, rootfs: join(imageDir, 'rootfs'), config: imageConfigOf(json) };
  }

  /** Registers an image; an image already present (same id) keeps its files and gains the names. */
  async add(image: NewImage): Promise<NodeImage> {
    const hex = createHash('sha256').update(image.configJson).digest('hex');
    const id = `sha256:${hex}`;
    const names = [...new Set(image.names.map(normalizeImageReference))];
    return this.locked(async () => {
      const index = await this.readIndex();
      const imageDir = join(this.dir, hex);
      let entry = index.images.find((i) => i.id === id);
      if (entry) {
        await rm(image.rootfs, { recursive: true, force: true });
      } else {
        await rm(imageDir, { recursive: true, force: true });
        await mkdir(imageDir);
        await writeFile(join(imageDir, 'config.json'), image.configJson);
        const sizeBytes = await directorySize(image.rootfs);
        await chmod(image.rootfs, 0o755);
        await rename(image.rootfs, join(imageDir, 'rootfs'));
        entry = { names: [], id, sizeBytes };
        index.images.push(entry);
      }
      for (const other of index.images) other.names = other.names.filter((n) => !names.includes(n));
      entry.names = [...new Set([...entry.names, ...names])].sort();
      await this.writeIndex(index);
      return { ...entry };
    });
  }
}
