// `kdrill image load NAME[:TAG]... --cluster NAME`, as `kind load docker-image`:
// the images are saved from the host's Docker into one archive, copied into
// every running node of the cluster and unpacked there into the node's image
// store (by kdrill itself, mounted in the node), so that each Node lists them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { nodePaths } from '../reference/images/node-image-recipe.ts';
import { clusterContainers, containerEngine, dockerode } from './container-engine.ts';
import { UnknownClusterError } from './container-export-logs.ts';

export class ImageNotPresentError extends Error {
  constructor(reference: string) {
    super(`image "${reference}" not present locally (build or pull it on this machine first)`);
    this.name = 'ImageNotPresentError';
  }
}

export interface LoadedOnNode {
  node: string;
  /** The unpack command's report: one line per image, "sha256:… name,name". */
  output: string;
}

export async function loadImagesIntoCluster(cluster: string, references: string[], progress: (m: string) => void = () => {}): Promise<LoadedOnNode[]> {
  const nodes = (await clusterContainers(cluster)).filter((c) => c.State === 'running');
  if (!nodes.length) throw new UnknownClusterError(cluster);
  for (const reference of references) {
    const r = await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', reference], { reject: false });
    if (r.exitCode !== 0) throw new ImageNotPresentError(reference);
  }
  const dir = await mkdtemp(join(tmpdir(), 'kdrill-image-load-'));
  try {
    const archive = join(dir, 'images.tar');
    progress(`docker save ${references.join(' ')}`);
    await execa('docker', ['save', '-o', archive, ...references]);
    const docker = await dockerode();
    const engine = await containerEngine();
    return await Promise.all(nodes.map(async (info) => {
      const node = info.Names[0]?.replace(/^\//, '') ?? info.Id;
      const inNode = `${nodePaths.rootDir}/image-load-${randomBytes(4).toString('hex')}.tar`;
      progress(`${node}: copying and unpacking`);
      await execa('docker', ['cp', archive, `${info.Id}:${inNode}`]);
      const container = docker.getContainer(info.Id);
      try {
        const r = await engine.container.exec(container, [nodePaths.node, `${nodePaths.kdrill}/bin/kdrill.js`, 'image', 'unpack', inNode, '--store', nodePaths.imageStore]);
        if (r.exitCode !== 0) throw new Error(`unpacking on ${node} failed (exit ${r.exitCode}): ${r.stderr.trim() || r.stdout.trim()}`);
        return { node, output: r.stdout.trim() };
      } finally {
        await engine.container.exec(container, ['rm', '-f', inNode]);
      }
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
