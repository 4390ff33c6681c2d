// kdrill cluster create|delete|list|kubeconfig|export-logs: reference clusters
// whose nodes are Docker containers. Progress goes to stderr; stdout carries
// what a script captures (the kubeconfig path, names, the kubeconfig, the log folder).
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { exitCodes, type Command } from '../command.ts';
import { UsageError } from '../flags.ts';
import { ClusterFileError } from '../../clusters/cluster-file-error.ts';
import { ClusterCreateError, createContainerCluster } from '../../clusters/container-cluster-create.ts';
import { deleteContainerCluster } from '../../clusters/container-cluster-delete.ts';
import { listContainerClusters } from '../../clusters/container-cluster-list.ts';
import { clusterStateDir } from '../../clusters/container-cluster-names.ts';
import { exportClusterLogs, UnknownClusterError } from '../../clusters/container-export-logs.ts';
import { loadClusterFile } from '../../clusters/load-cluster-file.ts';

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const log = (m: string) => process.stderr.write(`${m}\n`);

/** Seconds in a Go-style duration (90s, 5m, 1m30s, 1h) or a plain number of seconds. */
export function parseDuration(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  let rest = text;
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ms|h|m|s)/.exec(rest);
    if (!m) throw new UsageError(`--wait: "${text}" is not a duration, e.g. 90s, 5m, 1m30s`);
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

function clusterName(positionals: string[], sub: string): string {
  const name = positionals[1];
  if (!name) throw new UsageError(`cluster ${sub} needs a cluster NAME`);
  if (positionals.length > (sub === 'export-logs' ? 3 : 2)) throw new UsageError(`unexpected argument "${positionals.at(-1)}"`);
  return name;
}

export const clusterCommand: Command = {
  name: 'cluster',
  summary: 'Create, list and delete reference clusters whose nodes are Docker containers',
  usage: [
    'kdrill cluster create -f FILE [--name NAME] [--wait DURATION]',
    '       kdrill cluster delete NAME',
    '       kdrill cluster list',
    '       kdrill cluster kubeconfig NAME',
    '       kdrill cluster export-logs NAME DIR',
  ].join('\n'),
  flags: {
    file: { type: 'string', placeholder: 'FILE', description: 'Cluster file (provider reference, reference.simulated: false); -f works too' },
    name: { type: 'string', placeholder: 'NAME', description: "The cluster's name, instead of the file's metadata.name" },
    wait: { type: 'string', placeholder: 'DURATION', description: 'How long create waits for every Node to be Ready', default: '5m' },
  },
  async run({ flags, positionals }) {
    const sub = positionals[0];
    switch (sub) {
      case 'create': {
        // -f FILE as kubectl and kind spell it; the flag parser knows only long flags.
        const short = positionals.indexOf('-f');
        const rest = short === -1 ? positionals.slice(1) : positionals.slice(1).filter((_, i) => i + 1 !== short && i + 1 !== short + 1);
        if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
        const path = short === -1 ? (flags.file as string | undefined) : positionals[short + 1];
        if (!path) throw new UsageError('cluster create needs -f FILE, e.g. -f clusters/reference-3node.yaml');
        const name = flags.name as string | undefined;
        if (name !== undefined && !dnsLabel.test(name)) throw new UsageError(`--name "${name}" is not a DNS label (lower-case letters, digits and -, at most 63)`);
        const waitSeconds = parseDuration(flags.wait as string);
        try {
          const file = await loadClusterFile(path);
          if (file.spec.provider !== 'reference' || file.spec.reference?.simulated !== false) {
            throw new ClusterFileError(path, 0, 'spec.reference.simulated', 'kdrill cluster create makes clusters in containers: the file needs provider: reference and reference: {simulated: false}');
          }
          const interrupt = new AbortController();
          const onSigint = () => interrupt.abort(new Error('interrupted (Ctrl-C)'));
          process.once('SIGINT', onSigint);
          try {
            const cluster = await createContainerCluster(file, { ...(name ? { name } : {}), waitSeconds, progress: log, signal: interrupt.signal });
            process.stdout.write(`${cluster.kubeconfigPath}\n`);
            return exitCodes.ok;
          } finally {
            process.off('SIGINT', onSigint);
          }
        } catch (err) {
          if (err instanceof ClusterFileError) {
            log(`kdrill cluster create: ${err.message}`);
            return exitCodes.usage;
          }
          if (err instanceof ClusterCreateError) {
            log(`kdrill cluster create: ${err.message}`);
            return exitCodes.infrastructure;
          }
          throw err;
        }
      }
      case 'delete': {
        const name = clusterName(positionals, sub);
        const removed = await deleteContainerCluster(name);
        log(removed.containers || removed.networks || removed.volumes
          ? `deleted cluster "${name}": ${removed.containers} container(s), ${removed.networks} network(s), ${removed.volumes} volume(s)`
          : `no cluster named "${name}"; nothing to delete`);
        return exitCodes.ok;
      }
      case 'list': {
        if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
        const clusters = await listContainerClusters();
        if (!clusters.length) log('no clusters');
        for (const c of clusters) process.stdout.write(`${c.name}\n`);
        for (const c of clusters) log(`${c.name}: ${c.server ?? 'no API server'}; ${c.nodes.map((n) => `${n.name} (${n.role}, ${n.state})`).join(', ')}`);
        return exitCodes.ok;
      }
      case 'kubeconfig': {
        const name = clusterName(positionals, sub);
        try {
          process.stdout.write(await readFile(join(clusterStateDir(name), 'kubeconfig'), 'utf8'));
          return exitCodes.ok;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
          log(`kdrill cluster kubeconfig: ${new UnknownClusterError(name).message}`);
          return exitCodes.usage;
        }
      }
      case 'export-logs': {
        const name = clusterName(positionals, sub);
        const dir = positionals[2];
        if (!dir) throw new UsageError('cluster export-logs needs NAME and DIR');
        try {
          const errors = await exportClusterLogs(name, resolve(dir));
          for (const e of errors) log(`could not export ${e}`);
        } catch (err) {
          if (!(err instanceof UnknownClusterError)) throw err;
          log(`kdrill cluster export-logs: ${err.message}`);
          return exitCodes.usage;
        }
        process.stdout.write(`${resolve(dir)}\n`);
        return exitCodes.ok;
      }
      case undefined:
        throw new UsageError('cluster needs a sub-command: create, delete, list, kubeconfig or export-logs');
      default:
        throw new UsageError(`unknown sub-command "${sub}" (expected create, delete, list, kubeconfig or export-logs)`);
    }
  },
};
