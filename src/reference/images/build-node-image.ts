// Builds the node image kdrill/node:<inputs hash> without a registry:
// debootstrap (minbase + the recipe's packages) into a cached base tarball,
// then the Node binary, the entrypoint and the workload images' store on top,
// and `docker import` with the inputs hash as a label. An image whose label
// matches the inputs is reused unless the build is forced.
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { withDirectoryLock } from '../directory-lock.ts';
import { OciImageStore } from '../node/oci-image-store.ts';
import { baseRootfsHash, nodeBinaryPath, nodeImageInputsHash, packageRoot } from './node-image-inputs.ts';
import {
  debianMirror, debianSuite, entrypointScript, inputsHashLabel, nodeImageCommand, nodeImageEntrypoint, nodeImageRepository, nodePackages, nodePaths,
} from './node-image-recipe.ts';
import { addWorkloadImages } from './workload-images.ts';

export interface NodeImageOptions {
  /** Build even when an image with these inputs exists. */
  force?: boolean;
  /** Build images/node/Dockerfile (needs Docker Hub and Debian's mirrors) instead of debootstrap + docker import. */
  dockerfile?: boolean;
  progress?: (message: string) => void;
}

export interface NodeImage {
  /** kdrill/node:<first 12 characters of the inputs hash> */
  tag: string;
  inputsHash: string;
  /** Whether this call built it (false: an image with the same inputs was there). */
  built: boolean;
}

const buildLockTimeoutMs = 20 * 60_000;

/** kdrill's cache folder: $XDG_CACHE_HOME/kdrill or ~/.cache/kdrill. */
export function kdrillCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kdrill');
}

export function nodeImageTag(inputsHash: string): string {
  return `${nodeImageRepository}:${inputsHash.slice(0, 12)}`;
}

async function imageInputsHash(tag: string): Promise<string | undefined> {
  const r = await execa('docker', ['image', 'inspect', '--format', `{{ index .Config.Labels "${inputsHashLabel}" }}`, tag], { reject: false });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** Unmounts whatever debootstrap left mounted under `dir` (it mounts /proc and /sys in the target), deepest first. */
async function unmountUnder(dir: string): Promise<void> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  const points = mountinfo.split('\n').map((l) => l.split(' ')[4] ?? '').filter((p) => p.startsWith(`${dir}/`));
  for (const point of points.sort((a, b) => b.length - a.length)) await execa('umount', ['-l', point], { reject: false });
}

async function removeRootfs(dir: string): Promise<void> {
  await unmountUnder(dir);
  await rm(dir, { recursive: true, force: true });
}

function withBuildLock<T>(cacheDir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(cacheDir, 'node-image.lock');
  return withDirectoryLock(lock, {
    retryMs: 1000,
    timeoutMs: buildLockTimeoutMs,
    timeoutMessage: `another node image build has held ${lock} for ${buildLockTimeoutMs / 60_000} minutes; remove it if none runs`,
  }, work);
}

/** The base file system as a tarball in the cache, made by debootstrap the first time. */
async function baseTarball(cacheDir: string, progress: (m: string) => void): Promise<string> {
  const tarball = join(cacheDir, `debootstrap-${debianSuite}-${baseRootfsHash().slice(0, 12)}.tar`);
  if (existsSync(tarball)) {
    progress(`base file system: cached ${tarball}`);
    return tarball;
  }
  const target = await mkdtemp(join(cacheDir, 'debootstrap-'));
  try {
    progress(`base file system: debootstrap --variant=minbase ${debianSuite} from ${debianMirror} (about a minute)`);
    const run = execa('debootstrap', ['--variant=minbase', '--components=main', `--include=${nodePackages.join(',')}`, debianSuite, target, debianMirror], { all: true });
    const packageStep = /^I: (Retrieving|Validating|Extracting|Unpacking|Configuring) [a-z0-9]/;
    run.all!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.startsWith('I: ') && !packageStep.test(line)) progress(`  ${line.slice(3)}`);
    });
    try {
      await run;
    } catch (err) {
      throw new Error(`debootstrap failed: ${((err as { all?: string }).all ?? (err as Error).message).split('\n').slice(-5).join('\n')}`);
    }
    await unmountUnder(target);
    for (const cache of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
      await execa('find', [join(target, cache), '-mindepth', '1', '-maxdepth', '1', '-not', '-name', 'partial', '-not', '-name', 'lock', '-exec', 'rm', '-rf', '{}', '+']);
    }
    progress(`base file system: saving ${tarball}`);
    await execa('tar', ['--numeric-owner', '--xattrs', '-C', target, '-cf', `${tarball}.tmp`, '.']);
    await rename(`${tarball}.tmp`, tarball);
    return tarball;
  } finally {
    await removeRootfs(target);
  }
}

/**
 * What kdrill adds to a Debian file system holding the recipe's packages and
 * the Node binary: the entrypoint, the mount points, and the image store with
 * the workload images. Both build paths run it (images/node/Dockerfile through
 * images/node/prepare-rootfs.ts, on "/").
 */
export async function prepareNodeRootfs(rootfs: string, progress: (m: string) => void = () => {}): Promise<void> {
  await writeFile(join(rootfs, nodePaths.entrypoint), entrypointScript, { mode: 0o755 });
  for (const dir of [nodePaths.kdrill, nodePaths.configDir, nodePaths.podLogDir]) await mkdir(join(rootfs, dir), { recursive: true });
  progress('adding the workload images busybox:latest, busybox:1.35 and kdrill/probe:latest to the node image store');
  const store = new OciImageStore(join(rootfs, nodePaths.imageStore));
  const busybox = ['usr/bin/busybox', 'bin/busybox'].map((p) => join(rootfs, p)).find((p) => existsSync(p));
  if (!busybox) throw new Error('the base file system has no busybox binary (is busybox-static in the package list?)');
  await addWorkloadImages(store, busybox, rootfs);
  await rm(join(store.dir, 'staging'), { recursive: true, force: true });
}

async function assembleAndImport(cacheDir: string, base: string, tag: string, inputsHash: string, progress: (m: string) => void): Promise<void> {
  const rootfs = await mkdtemp(join(cacheDir, 'node-rootfs-'));
  try {
    await execa('tar', ['--numeric-owner', '--xattrs', '-C', rootfs, '-xpf', base]);
    const nodeBinary = nodeBinaryPath();
    progress(`adding ${nodeBinary} as ${nodePaths.node}`);
    await copyFile(nodeBinary, join(rootfs, nodePaths.node));
    await chmod(join(rootfs, nodePaths.node), 0o755);
    await prepareNodeRootfs(rootfs, progress);
    progress(`docker import → ${tag}`);
    const changes = [
      `LABEL ${inputsHashLabel}=${inputsHash}`,
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      `ENTRYPOINT ${JSON.stringify(nodeImageEntrypoint)}`,
      `CMD ${JSON.stringify(nodeImageCommand)}`,
    ].flatMap((c) => ['--change', c]);
    await execa('tar', ['--numeric-owner', '--xattrs', '-C', rootfs, '-c', '.'], { buffer: false }).pipe('docker', ['import', ...changes, '-', tag]);
  } finally {
    await removeRootfs(rootfs);
  }
}

/** Removes node images of earlier inputs; one still used by a container stays (docker refuses). */
async function removeOlderNodeImages(current: string, progress: (m: string) => void): Promise<void> {
  const { stdout } = await execa('docker', ['images', nodeImageRepository, '--format', '{{.Repository}}:{{.Tag}}']);
  for (const tag of stdout.split('\n').filter((t) => t && t !== current)) {
    const r = await execa('docker', ['rmi', tag], { reject: false });
    if (r.exitCode === 0) progress(`removed the older ${tag}`);
  }
}

export async function ensureNodeImage(options: NodeImageOptions = {}): Promise<NodeImage> {
  const progress = options.progress ?? (() => {});
  const inputsHash = await nodeImageInputsHash(nodeBinaryPath());
  const tag = nodeImageTag(inputsHash);
  if (!options.force && (await imageInputsHash(tag)) === inputsHash) return { tag, inputsHash, built: false };
  if (options.dockerfile) {
    progress(`building ${tag} from images/node/Dockerfile`);
    const build = execa('docker', ['build', '-f', join(packageRoot, 'images', 'node', 'Dockerfile'), '--label', `${inputsHashLabel}=${inputsHash}`, '-t', tag, packageRoot], {
      env: { DOCKER_BUILDKIT: '1' },
      all: true,
    });
    build.all!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) progress(`  ${line}`);
    });
    await build;
    return { tag, inputsHash, built: true };
  }
  if (process.getuid?.() !== 0) {
    throw new Error('building the node image runs debootstrap, which needs root: run "sudo kdrill image build" once, or build images/node/Dockerfile where images can be pulled');
  }
  const cacheDir = kdrillCacheDir();
  await mkdir(cacheDir, { recursive: true });
  return withBuildLock(cacheDir, async () => {
    // Another process may have built it while this one waited for the lock.
    if (!options.force && (await imageInputsHash(tag)) === inputsHash) return { tag, inputsHash, built: false };
    progress(`building ${tag} (inputs ${inputsHash.slice(0, 12)})`);
    const base = await baseTarball(cacheDir, progress);
    await assembleAndImport(cacheDir, base, tag, inputsHash, progress);
    progress(`built ${tag}`);
    await removeOlderNodeImages(tag, progress);
    return { tag, inputsHash, built: true };
  });
}
