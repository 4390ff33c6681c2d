// kdrill clean: removes everything kdrill's clusters left on this machine,
// across clusters, found by the kdrill.dev/cluster label (containers, their
// volumes, networks) and the clusters' state folders. Built images are kept.
import { exitCodes, type Command } from '../command.ts';
import { UsageError } from '../flags.ts';
import { cleanContainerClusters } from '../../clusters/container-cluster-delete.ts';

export const cleanCommand: Command = {
  name: 'clean',
  summary: "Remove every cluster kdrill made in Docker (containers, networks, volumes) and the clusters' state",
  usage: 'kdrill clean',
  flags: {},
  async run({ positionals }) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const removed = await cleanContainerClusters();
    process.stderr.write(`removed ${removed.containers} container(s), ${removed.networks} network(s), ${removed.volumes} volume(s)\n`);
    return exitCodes.ok;
  },
};
