// The node image's inputs hash: the recipe (version, Debian suite, packages),
// the scripts baked in, and the Node binary's own hash. The image carries it
// as a label and in its tag, so an image is rebuilt only when one of them changes.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debianMirror, debianSuite, entrypointScript, nodeImageCommand, nodeImageEntrypoint, nodePackages, nodePaths, recipeVersion } from './node-image-recipe.ts';
import { probePrograms, serveHostnameScript } from './workload-images.ts';

export const packageRoot = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));

/** The Node 24 binary copied into the image: the package's own (npm `node@24`), else the one running kdrill. */
export function nodeBinaryPath(): string {
  const bundled = join(packageRoot, 'node_modules', 'node', 'bin', 'node');
  return existsSync(bundled) ? bundled : process.execPath;
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Hash of what debootstrap is asked for: the cache key of the base file system. */
export function baseRootfsHash(): string {
  return createHash('sha256').update(JSON.stringify({ debianSuite, debianMirror, nodePackages })).digest('hex');
}

export async function nodeImageInputsHash(nodeBinary: string): Promise<string> {
  const inputs = {
    recipeVersion,
    base: baseRootfsHash(),
    node: await fileSha256(nodeBinary),
    entrypointScript,
    nodeImageEntrypoint,
    nodeImageCommand,
    nodePaths,
    serveHostnameScript,
    probePrograms,
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}
