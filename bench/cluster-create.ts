// Create time of reference clusters in containers (kdrill cluster create):
// 1, 3 and 5 nodes (one control plane, the rest workers) with the node image
// present (warm), and once cold: the node image rebuilt first (debootstrap's
// base tarball taken from the cache when it is there, as a second build on a
// machine does; the figure says which); and 3 nodes with the store and
// flannel's leases in etcd. From the call to every Node Ready.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createContainerCluster } from '../src/clusters/container-cluster-create.ts';
import { deleteContainerCluster } from '../src/clusters/container-cluster-delete.ts';
import { ensureNodeImage, kdrillCacheDir } from '../src/reference/images/build-node-image.ts';
import { baseRootfsHash } from '../src/reference/images/node-image-inputs.ts';
import { debianSuite } from '../src/reference/images/node-image-recipe.ts';
import { benchClusterFile } from './bench-cluster.ts';

export interface ClusterCreateFigures {
  /** Seconds to build the node image (forced), and whether debootstrap ran or its cached tarball was used. */
  imageBuild: { seconds: number; debootstrap: boolean };
  /** Seconds from create to every Node Ready, by node count, with the image present. */
  warm: Map<number, number>;
  /** Seconds for image build + create of a 1-node cluster. */
  cold1: number;
  /** Seconds to create 3 nodes with store: etcd and flannel's leases in etcd. */
  etcd3: number;
}

export async function benchClusterCreate(progress: (m: string) => void, counts = [1, 3, 5]): Promise<ClusterCreateFigures> {
  const home = mkdtempSync(join(tmpdir(), 'kdrill-bench-home-'));
  const previousHome = process.env.KDRILL_HOME;
  process.env.KDRILL_HOME = home;
  const timeCreate = async (name: string, nodes: number, options: { etcd?: boolean } = {}): Promise<number> => {
    const start = performance.now();
    try {
      await createContainerCluster(benchClusterFile(name, nodes - 1, options), { waitSeconds: 600 });
      return (performance.now() - start) / 1000;
    } finally {
      await deleteContainerCluster(name);
    }
  };
  try {
    const debootstrap = !existsSync(join(kdrillCacheDir(), `debootstrap-${debianSuite}-${baseRootfsHash().slice(0, 12)}.tar`));
    progress('cluster create: cold, node image rebuilt, then 1 node');
    const coldStart = performance.now();
    await ensureNodeImage({ force: true });
    const imageBuild = { seconds: (performance.now() - coldStart) / 1000, debootstrap };
    await timeCreate(`kdrill-bench-cold-${process.pid}`, 1);
    const cold1 = (performance.now() - coldStart) / 1000;
    const warm = new Map<number, number>();
    for (const n of counts) {
      progress(`cluster create: warm, ${n} node(s)`);
      warm.set(n, await timeCreate(`kdrill-bench-${n}-${process.pid}`, n));
    }
    progress('cluster create: warm, 3 nodes, store and flannel leases in etcd');
    const etcd3 = await timeCreate(`kdrill-bench-etcd-${process.pid}`, 3, { etcd: true });
    return { imageBuild, warm, cold1, etcd3 };
  } finally {
    if (previousHome === undefined) delete process.env.KDRILL_HOME;
    else process.env.KDRILL_HOME = previousHome;
    rmSync(home, { recursive: true, force: true });
  }
}

export function formatClusterCreate(f: ClusterCreateFigures): string {
  return [
    'reference clusters in containers (kdrill cluster create, to every Node Ready)',
    `  node image build (${f.imageBuild.debootstrap ? 'debootstrap from the mirror' : 'cached debootstrap tarball'})`.padEnd(48) + `${f.imageBuild.seconds.toFixed(1)} s`,
    `  cold, 1 node (image build + create)`.padEnd(48) + `${f.cold1.toFixed(1)} s`,
    ...[...f.warm].map(([n, s]) => `  warm, ${n} node${n > 1 ? 's' : ''} (1 control plane${n > 1 ? ` + ${n - 1} worker${n > 2 ? 's' : ''}` : ''})`.padEnd(48) + `${s.toFixed(1)} s`),
    '  warm, 3 nodes, store: etcd, flannel over etcd'.padEnd(48) + `${f.etcd3.toFixed(1)} s`,
  ].join('\n');
}
