// kdrill control-plane: runs the reference control plane in the foreground
// until Ctrl-C. Prints the kubeconfig path on stdout once the API server serves.
import { resolve } from 'node:path';
import { exitCodes, type Command } from '../command.ts';
import { UsageError } from '../flags.ts';
import { startControlPlane } from '../../reference/control-plane.ts';

export const controlPlaneCommand: Command = {
  name: 'control-plane',
  summary: 'Run the reference control plane (API server and store) in the foreground',
  usage: 'kdrill control-plane --data-dir DIR [--port N] [--store embedded|etcd] [--etcd-endpoints URL[,URL] [--etcd-cafile F --etcd-certfile F --etcd-keyfile F]] [--simulated-nodes N [--node-cpu C] [--node-memory M]]',
  flags: {
    'data-dir': { type: 'string', placeholder: 'DIR', description: 'Where the store, certificates and kubeconfig live (created if missing)' },
    port: { type: 'number', placeholder: 'N', description: 'API server port on the listen address; 0 picks a free one', default: 6443 },
    address: { type: 'string', placeholder: 'IP', description: 'Address to listen on', default: '127.0.0.1' },
    store: { type: 'string', placeholder: 'embedded|etcd', description: 'Storage backend', default: 'embedded' },
    'etcd-endpoints': { type: 'list', placeholder: 'URL[,URL]', description: 'etcd client URLs, with --store etcd' },
    'etcd-cafile': { type: 'string', placeholder: 'FILE', description: 'CA of etcd\'s serving certificate (https:// endpoints)' },
    'etcd-certfile': { type: 'string', placeholder: 'FILE', description: 'Client certificate presented to etcd' },
    'etcd-keyfile': { type: 'string', placeholder: 'FILE', description: 'Key of --etcd-certfile' },
    name: { type: 'string', placeholder: 'NAME', description: 'Cluster name used in the kubeconfig (context kdrill-NAME)', default: 'reference' },
    'compaction-interval': { type: 'number', placeholder: 'SECONDS', description: 'Seconds between store compactions', default: 300 },
    controllers: { type: 'boolean', description: 'Run the scheduler and controllers; --controllers=false serves the API alone', default: true },
    'simulated-nodes': { type: 'number', placeholder: 'N', description: 'Register N simulated (kwok-style) nodes that run pods in name only', default: 0 },
    'node-cpu': { type: 'string', placeholder: 'CPU', description: 'cpu capacity of each simulated node', default: '4' },
    'node-memory': { type: 'string', placeholder: 'QUANTITY', description: 'memory capacity of each simulated node', default: '16Gi' },
    'node-monitor-grace-period': { type: 'number', placeholder: 'SECONDS', description: 'A node whose Lease is this old goes Unknown', default: 40 },
    'node-monitor-period': { type: 'number', placeholder: 'SECONDS', description: 'How often node health is checked', default: 5 },
    'cluster-cidr': { type: 'string', placeholder: 'CIDR', description: 'Pod network carved into a /24 podCIDR per node', default: '10.244.0.0/16' },
    'allocate-node-cidrs': { type: 'boolean', description: 'Give each Node a podCIDR from --cluster-cidr; false when flannel leases subnets in etcd', default: true },
    'default-toleration-seconds': { type: 'number', placeholder: 'SECONDS', description: 'tolerationSeconds of the not-ready/unreachable tolerations every pod gets', default: 300 },
  },
  async run({ flags, positionals }) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const dataDir = flags['data-dir'] as string | undefined;
    if (!dataDir) throw new UsageError('--data-dir is required');
    const backend = flags.store as string;
    if (backend !== 'embedded' && backend !== 'etcd') throw new UsageError(`--store must be embedded or etcd, not "${backend}"`);
    const endpoints = (flags['etcd-endpoints'] as string[] | undefined) ?? [];
    if (backend === 'etcd' && endpoints.length === 0) throw new UsageError('--store etcd needs --etcd-endpoints, e.g. http://127.0.0.1:2379');
    if (backend === 'embedded' && endpoints.length) throw new UsageError('--etcd-endpoints is only for --store etcd');
    const tlsFlags = ['etcd-cafile', 'etcd-certfile', 'etcd-keyfile'] as const;
    const tlsGiven = tlsFlags.filter((f) => flags[f] !== undefined);
    if (tlsGiven.length && backend !== 'etcd') throw new UsageError(`--${tlsGiven[0]} is only for --store etcd`);
    if (tlsGiven.length && tlsGiven.length < tlsFlags.length) throw new UsageError(`etcd TLS needs all of --etcd-cafile, --etcd-certfile and --etcd-keyfile (missing --${tlsFlags.find((f) => flags[f] === undefined)})`);
    const tls = tlsGiven.length
      ? { caFile: resolve(flags['etcd-cafile'] as string), certFile: resolve(flags['etcd-certfile'] as string), keyFile: resolve(flags['etcd-keyfile'] as string) }
      : undefined;
    const port = flags.port as number;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, not ${port}`);
    const nodes = flags['simulated-nodes'] as number;
    if (!Number.isInteger(nodes) || nodes < 0) throw new UsageError(`--simulated-nodes must be a whole number, not ${nodes}`);
    const controllers = flags.controllers as boolean;
    if (!controllers && nodes > 0) throw new UsageError('--simulated-nodes needs the controllers (drop --controllers=false)');
    for (const name of ['node-monitor-grace-period', 'node-monitor-period', 'default-toleration-seconds'] as const) {
      const v = flags[name] as number;
      if (!(v > 0)) throw new UsageError(`--${name} must be a positive number of seconds, not ${v}`);
    }
    const clusterCIDR = flags['cluster-cidr'] as string;
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(clusterCIDR)) throw new UsageError(`--cluster-cidr must be an IPv4 CIDR such as 10.244.0.0/16, not "${clusterCIDR}"`);
    const log = (m: string) => process.stderr.write(`${m}\n`);
    log(`starting the reference control plane (store: ${backend}) in ${resolve(dataDir)}`);
    const cp = await startControlPlane({
      dataDir: resolve(dataDir),
      host: flags.address as string,
      port,
      store: backend === 'etcd' ? { backend, endpoints, ...(tls ? { tls } : {}) } : { backend },
      compactionIntervalSeconds: flags['compaction-interval'] as number,
      clusterName: flags.name as string,
      controllers: controllers && {
        clusterCIDR,
        allocateNodeCIDRs: flags['allocate-node-cidrs'] as boolean,
        timings: {
          nodeMonitorGracePeriodSeconds: flags['node-monitor-grace-period'] as number,
          nodeMonitorPeriodSeconds: flags['node-monitor-period'] as number,
          defaultTolerationSeconds: flags['default-toleration-seconds'] as number,
        },
        ...(nodes > 0 ? { simulatedNodes: { count: nodes, cpu: flags['node-cpu'] as string, memory: flags['node-memory'] as string } } : {}),
      },
      log,
    });
    if (nodes > 0) log(`${nodes} simulated node(s) registered`);
    log(`API server serving at ${cp.url}`);
    log(`kubeconfig: ${cp.kubeconfigPath} (try: kubectl --kubeconfig ${cp.kubeconfigPath} get namespaces)`);
    process.stdout.write(`${cp.kubeconfigPath}\n`);
    await new Promise<void>((done) => {
      const stop = (signal: string) => {
        log(`${signal}: stopping`);
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        void cp.stop().then(done);
      };
      const onInt = () => stop('SIGINT');
      const onTerm = () => stop('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    });
    log('stopped');
    return exitCodes.ok;
  },
};
