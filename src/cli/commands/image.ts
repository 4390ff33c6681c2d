// kdrill image build|load|unpack: the node image, and workload images copied
// from the host's Docker into a cluster's nodes (no registry involved).
import { resolve } from 'node:path';
import { exitCodes, type Command } from '../command.ts';
import { UsageError } from '../flags.ts';
import { ImageNotPresentError, loadImagesIntoCluster } from '../../clusters/container-image-load.ts';
import { UnknownClusterError } from '../../clusters/container-export-logs.ts';
import { ensureNodeImage } from '../../reference/images/build-node-image.ts';
import { unpackImageArchive } from '../../reference/images/unpack-image-archive.ts';
import { OciImageStore } from '../../reference/node/oci-image-store.ts';

const log = (m: string) => process.stderr.write(`${m}\n`);

export const imageCommand: Command = {
  name: 'image',
  summary: "Build the node image; load images from this machine's Docker into a cluster's nodes",
  usage: [
    'kdrill image build [--force] [--dockerfile]',
    '       kdrill image load NAME[:TAG]... --cluster NAME',
    '       kdrill image unpack ARCHIVE --store DIR    (run inside a node by image load)',
  ].join('\n'),
  flags: {
    force: { type: 'boolean', description: 'build: rebuild even when an image with the same inputs exists' },
    dockerfile: { type: 'boolean', description: 'build: from images/node/Dockerfile (pulls debian:bookworm-slim) instead of debootstrap' },
    cluster: { type: 'string', placeholder: 'NAME', description: 'load: the cluster whose nodes get the images' },
    store: { type: 'string', placeholder: 'DIR', description: "unpack: the node's image store folder" },
  },
  async run({ flags, positionals }) {
    const [sub, ...args] = positionals;
    switch (sub) {
      case 'build': {
        if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
        const image = await ensureNodeImage({ force: flags.force === true, dockerfile: flags.dockerfile === true, progress: log });
        if (!image.built) log(`${image.tag} is up to date (inputs ${image.inputsHash.slice(0, 12)}); --force rebuilds it`);
        process.stdout.write(`${image.tag}\n`);
        return exitCodes.ok;
      }
      case 'load': {
        const cluster = flags.cluster as string | undefined;
        if (!cluster) throw new UsageError('image load needs --cluster NAME');
        if (!args.length) throw new UsageError('image load needs at least one image NAME[:TAG]');
        try {
          for (const node of await loadImagesIntoCluster(cluster, args, log)) {
            for (const line of node.output.split('\n').filter(Boolean)) log(`${node.node}: ${line}`);
          }
          return exitCodes.ok;
        } catch (err) {
          if (!(err instanceof UnknownClusterError || err instanceof ImageNotPresentError)) throw err;
          log(`kdrill image load: ${err.message}`);
          return exitCodes.usage;
        }
      }
      case 'unpack': {
        const store = flags.store as string | undefined;
        if (!store) throw new UsageError('image unpack needs --store DIR');
        if (args.length !== 1) throw new UsageError('image unpack needs exactly one ARCHIVE (a docker save tar)');
        for (const image of await unpackImageArchive(new OciImageStore(resolve(store)), resolve(args[0]!))) {
          process.stdout.write(`${image.id} ${image.names.join(',')}\n`);
        }
        return exitCodes.ok;
      }
      case undefined:
        throw new UsageError('image needs a sub-command: build, load or unpack');
      default:
        throw new UsageError(`unknown sub-command "${sub}" (expected build, load or unpack)`);
    }
  },
};
