// Creates a reference cluster in Docker containers: a private network, one
// control-plane container (API server, store or etcd, scheduler and controllers, and a
// node agent: it is a Node too, tainted NoSchedule when there are workers, as
// kubeadm and kind make it) and one container per worker, all of the node
// image, each with /var a Docker volume (overlay mounts work only there).
// Every step pushes its undo; a failure unwinds them, sweeps whatever carries
// the cluster's label, and says which step failed and why.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type Dockerode from 'dockerode';
import { parse, stringify } from 'yaml';
import { createApiClient } from '../kube/https-api-client.ts';
import type { KubeObject } from '../reference/api/object.ts';
import { loadOrCreatePki } from '../reference/api/pki.ts';
import { clusterDnsReady, installClusterDns } from '../reference/dns/install-cluster-dns.ts';
import { ensureNodeImage } from '../reference/images/build-node-image.ts';
import { packageRoot } from '../reference/images/node-image-inputs.ts';
import { nodePaths } from '../reference/images/node-image-recipe.ts';
import type { ClusterFile } from './cluster-file.ts';
import {
  clusterLabel, clusterNetworkName, clusterStateDir, nodeVolumeName, planNodes, roleLabel, type PlannedNode,
} from './container-cluster-names.ts';
import { clusterContainers, containerEngine, containerLogTail, dockerode, removeClusterResources } from './container-engine.ts';
import { clusterDnsAddress, writeNodeFiles } from './container-node-files.ts';
import { createFlannelConfigMap } from './flannel-config-map.ts';
import { apiServerPort, controlPlaneCommand, controlPlaneDataDir, etcdctlEnv } from './control-plane-command.ts';
import { createEtcdPki, etcdClientPort, type EtcdPki } from './etcd-pki.ts';

const defaultWaitSeconds = 300;

export interface CreateContainerClusterOptions {
  /** Overrides metadata.name. */
  name?: string;
  /** How long to wait for the API server and for every Node to be Ready (default 300). */
  waitSeconds?: number;
  progress?: (message: string) => void;
  /** Called as each step begins; tests throw from it to make a step fail. */
  beforeStep?: (step: string) => void | Promise<void>;
  /** Aborting (Ctrl-C) stops at the next step or wait and removes what was made. */
  signal?: AbortSignal;
}

export interface ContainerCluster {
  name: string;
  kubeconfigPath: string;
  /** https://127.0.0.1:PORT */
  server: string;
  nodes: string[];
}

export class ClusterCreateError extends Error {
  readonly step: string;
  constructor(cluster: string, step: string, cause: Error) {
    super(`creating cluster "${cluster}" failed at step "${step}": ${cause.message}`, { cause });
    this.name = 'ClusterCreateError';
    this.step = step;
  }
}

function containerOptions(cluster: string, node: PlannedNode, image: string, stateDir: string, file: ClusterFile): Dockerode.ContainerCreateOptions {
  const controlPlane = node.spec.role === 'control-plane';
  const network = clusterNetworkName(cluster);
  return {
    name: node.name,
    Hostname: node.name,
    Image: image,
    ...(controlPlane ? { Cmd: controlPlaneCommand(cluster, node.name, file), ExposedPorts: { [`${apiServerPort}/tcp`]: {} } } : {}),
    ...(controlPlane && file.spec.store === 'etcd' ? { Env: Object.entries(etcdctlEnv()).map(([k, v]) => `${k}=${v}`) } : {}),
    Labels: { [clusterLabel]: cluster, [roleLabel]: node.spec.role },
    HostConfig: {
      NetworkMode: network,
      Binds: [
        `${nodeVolumeName(node.name)}:/var`,
        '/sys/fs/cgroup:/sys/fs/cgroup:rw',
        `${packageRoot}:${nodePaths.kdrill}:ro`,
        `${join(stateDir, 'nodes', node.name)}:${nodePaths.configDir}:ro`,
        ...(controlPlane ? [`${join(stateDir, 'pki')}:${controlPlaneDataDir}/pki`] : []),
      ],
      Tmpfs: { '/run': 'rw', '/tmp': 'rw' },
      CapAdd: ['NET_ADMIN', 'SYS_ADMIN'],
      SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
      // The API's form of the CLI's --security-opt systempaths=unconfined: nothing masked, nothing read-only in /proc and /sys.
      MaskedPaths: [],
      ReadonlyPaths: [],
      ...(controlPlane ? { PortBindings: { [`${apiServerPort}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '' }] } } : {}),
    },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [node.name] } } },
  };
}

async function startNodeContainer(cluster: string, node: PlannedNode, image: string, stateDir: string, file: ClusterFile): Promise<Dockerode.ContainerInspectInfo> {
  const docker = await dockerode();
  await mkdir(join(stateDir, 'nodes', node.name), { recursive: true, mode: 0o700 });
  await docker.createVolume({ Name: nodeVolumeName(node.name), Labels: { [clusterLabel]: cluster } });
  const container = await docker.createContainer(containerOptions(cluster, node, image, stateDir, file));
  await container.start();
  return container.inspect();
}

function httpsStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

async function running(id: string): Promise<boolean> {
  return (await (await dockerode()).getContainer(id).inspect()).State.Running;
}

async function exitedError(id: string, what: string): Promise<Error> {
  const tail = await containerLogTail(id);
  return new Error(`${what} exited${tail ? `; its last output:\n${tail}` : ' without output'}`);
}

interface NodeObject extends KubeObject {
  status?: { conditions?: { type: string; status: string }[] };
}

interface PodObject extends KubeObject {
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

const isReady = (o: NodeObject | PodObject) => o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

export async function createContainerCluster(file: ClusterFile, options: CreateContainerClusterOptions = {}): Promise<ContainerCluster> {
  const cluster = options.name ?? file.metadata.name;
  const progress = options.progress ?? (() => {});
  const deadline = Date.now() + (options.waitSeconds ?? defaultWaitSeconds) * 1000;
  const nodes = planNodes(cluster, file.spec.nodes);
  const controlPlaneNode = nodes[0]!;
  const workers = nodes.slice(1);
  const stateDir = clusterStateDir(cluster);
  const undo: (() => Promise<unknown>)[] = [];
  let step = '';
  let owned = false;
  const begin = async (name: string) => {
    options.signal?.throwIfAborted();
    step = name;
    progress(name);
    await options.beforeStep?.(name);
  };

  try {
    await begin('checking that the name is free');
    if ((await clusterContainers(cluster)).length) throw new Error(`a cluster named "${cluster}" exists; delete it first (kdrill cluster delete ${cluster})`);
    // From here on, whatever carries the cluster's label was made by this call.
    owned = true;

    await begin('node image');
    const image = await ensureNodeImage({ progress: (m) => progress(`  ${m}`) });
    progress(`  ${image.tag}${image.built ? ' (built)' : ' (up to date)'}`);

    await begin(`network ${clusterNetworkName(cluster)}`);
    await rm(stateDir, { recursive: true, force: true });
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    undo.push(() => rm(stateDir, { recursive: true, force: true }));
    const docker = await dockerode();
    const network = await docker.createNetwork({ Name: clusterNetworkName(cluster), Driver: 'bridge', CheckDuplicate: true, Labels: { [clusterLabel]: cluster } });
    undo.push(() => network.remove());

    await begin(`control-plane container ${controlPlaneNode.name}`);
    undo.push(() => docker.getVolume(nodeVolumeName(controlPlaneNode.name)).remove());
    undo.push(() => docker.getContainer(controlPlaneNode.name).remove({ force: true, v: true }));
    const cpInfo = await startNodeContainer(cluster, controlPlaneNode, image.tag, stateDir, file);
    const cpIP = cpInfo.NetworkSettings.Networks[clusterNetworkName(cluster)]?.IPAddress ?? '';
    const hostPort = cpInfo.NetworkSettings.Ports[`${apiServerPort}/tcp`]?.[0]?.HostPort;
    if (!cpIP || !hostPort) throw new Error(`the container has no address on ${clusterNetworkName(cluster)} or no published API port`);

    await begin('certificates');
    const pki = await loadOrCreatePki(join(stateDir, 'pki'), { dnsNames: [controlPlaneNode.name], ipAddresses: [cpIP] });
    const etcdPki: EtcdPki | undefined = file.spec.store === 'etcd'
      ? await createEtcdPki(join(stateDir, 'pki'), { dnsNames: [controlPlaneNode.name], ipAddresses: [cpIP] })
      : undefined;
    const apiServer = `https://${controlPlaneNode.name}:${apiServerPort}`;
    const flannelEtcd = etcdPki && file.spec.networking.subnetManager === 'etcd' ? { pki: etcdPki, endpoint: `https://${controlPlaneNode.name}:${etcdClientPort}` } : undefined;
    const nodeFiles = (node: PlannedNode, nodeIP: string) =>
      writeNodeFiles(join(stateDir, 'nodes', node.name), {
        node, nodeIP, apiServer, ca: pki.ca, networking: file.spec.networking, hasWorkers: workers.length > 0, ...(flannelEtcd ? { flannelEtcd } : {}),
      });
    await nodeFiles(controlPlaneNode, cpIP);

    await begin('API server');
    const server = `https://127.0.0.1:${hostPort}`;
    const engine = await containerEngine();
    let kubeconfigText = '';
    for (;;) {
      if (!(await running(cpInfo.Id))) throw await exitedError(cpInfo.Id, 'the control plane');
      // The control plane writes its kubeconfig once it serves; both mean it is up.
      const status = await httpsStatus(`${server}/readyz`, pki.ca.cert).catch(() => 0);
      if (status === 200) {
        const read = await engine.container.exec(docker.getContainer(cpInfo.Id), ['cat', `${controlPlaneDataDir}/kubeconfig`]);
        if (read.exitCode === 0 && read.stdout.includes('current-context')) {
          kubeconfigText = read.stdout;
          break;
        }
      }
      if (Date.now() > deadline) throw new Error(`${server}/readyz did not answer 200 in time; last output:\n${await containerLogTail(cpInfo.Id)}`);
      options.signal?.throwIfAborted();
      await sleep(500);
    }
    const kubeconfig = parse(kubeconfigText) as { clusters: { cluster: { server: string } }[] };
    for (const c of kubeconfig.clusters) c.cluster.server = server;
    const kubeconfigPath = join(stateDir, 'kubeconfig');
    await writeFile(kubeconfigPath, stringify(kubeconfig, { lineWidth: 0 }), { mode: 0o600 });
    progress(`  API server at ${server}; kubeconfig ${kubeconfigPath}`);
    // flannel with the etcd subnet manager reads its config from etcd (put there as etcd came up), not from the ConfigMap.
    if (file.spec.networking.subnetManager === 'kube') await createFlannelConfigMap(kubeconfigPath, file);

    if (workers.length) {
      await begin(`worker containers ${workers.map((w) => w.name).join(', ')}`);
      await Promise.all(workers.map(async (worker) => {
        undo.push(() => docker.getVolume(nodeVolumeName(worker.name)).remove());
        undo.push(() => docker.getContainer(worker.name).remove({ force: true, v: true }));
        const info = await startNodeContainer(cluster, worker, image.tag, stateDir, file);
        const ip = info.NetworkSettings.Networks[clusterNetworkName(cluster)]?.IPAddress ?? '';
        if (!ip) throw new Error(`${worker.name} has no address on ${clusterNetworkName(cluster)}`);
        await nodeFiles(worker, ip);
      }));
    }

    await begin(`waiting for ${nodes.length} Node(s) to be Ready`);
    const client = await createApiClient(kubeconfigPath);
    try {
      // Until pod traffic crosses nodes and reaches Services, the DNS pod runs on the control-plane
      // node and reaches the API server at that node's address.
      await installClusterDns(client, { clusterIP: clusterDnsAddress(file.spec.networking.serviceSubnet), upstreams: file.spec.networking.dnsUpstreams ?? [] });
      for (;;) {
        for (const c of await clusterContainers(cluster)) {
          if (c.State !== 'running') throw await exitedError(c.Id, c.Names[0]?.replace(/^\//, '') ?? c.Id);
        }
        const listed = (await client.list<NodeObject>('/api/v1/nodes')).items;
        const ready = listed.filter(isReady).map((n) => n.metadata?.name);
        const pods = (await client.list<PodObject>('/api/v1/namespaces/kube-system/pods')).items;
        const systemReady = pods.every((p) => p.status?.phase === 'Running' && isReady(p));
        const dnsReady = await clusterDnsReady(client);
        if (nodes.every((n) => ready.includes(n.name)) && systemReady && dnsReady) break;
        if (Date.now() > deadline) {
          const missing = nodes.filter((n) => !ready.includes(n.name)).map((n) => n.name);
          const output = await Promise.all(missing.map(async (n) => `--- ${n}:\n${await containerLogTail(n, 10)}`));
          throw new Error(`not Ready in time: ${[...missing, ...pods.filter((p) => !isReady(p)).map((p) => `pod kube-system/${p.metadata?.name}`), ...(dnsReady ? [] : ['deployment kube-system/coredns'])].join(', ')}\n${output.join('\n')}`);
        }
        options.signal?.throwIfAborted();
        await sleep(1000);
      }
    } finally {
      client.close();
    }
    progress(`cluster "${cluster}" is ready: kubectl --kubeconfig ${kubeconfigPath} get nodes`);
    return { name: cluster, kubeconfigPath, server, nodes: nodes.map((n) => n.name) };
  } catch (err) {
    progress(`step "${step}" failed; removing what was made`);
    for (const fn of undo.reverse()) await fn().catch(() => {});
    if (owned) await removeClusterResources(cluster).catch(() => {});
    throw new ClusterCreateError(cluster, step, err as Error);
  }
}
