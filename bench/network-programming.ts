// Network programming latency on real nodes (a 3-node reference cluster in
// containers), as SIG Scalability's NetworkProgrammingLatency SLI, three ways:
// - rules: an EndpointSlice change written to the API → the matching rules in
//   place on every node. Each sample moves a selector-less Service's one
//   endpoint to a new address and polls each node's `iptables-save -t nat`
//   (docker exec, so the figures include that polling's granularity, tens of
//   ms) until the new endpoint's KUBE-SEP chain is there;
// - reachable after an endpoint change: an EndpointSlice with a running probe
//   pod's address created for a Service that had none → a TCP connect to the
//   ClusterIP succeeding on every node;
// - reachable after a Service create: a Service whose selector matches that
//   pod created → the same (the EndpointSlice controller's work included).
// For the last two a prober on each node (Node, in the node's network
// namespace) retries a non-blocking connect every millisecond and prints the
// wall-clock time of the first that connects; the nodes share the host's
// clock. Until the rules are there a connect must go nowhere: a Service
// without endpoints is REJECTed by kube-proxy's rules, and an unknown ClusterIP
// by a REJECT this bench appends to each node's OUTPUT chain for the service
// range (kube-proxy's DNAT comes first, in the nat table), so that nothing
// leaves the cluster's network.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { KubeObject } from '../src/reference/api/object.ts';
import type { ApiClient } from '../src/kube/api-client.ts';
import { nodePaths } from '../src/reference/images/node-image-recipe.ts';
import { probeName, probePort } from '../src/reference/images/workload-images.ts';
import { endpointChainName } from '../src/reference/node/network/kube-proxy/chain-names.ts';
import { benchClusterFile, withBenchCluster } from './bench-cluster.ts';
import { ms, summarize } from './stats.ts';

export interface NetworkProgrammingFigures {
  nodes: number;
  /** Change written → rules on every node. */
  allNodes: ReturnType<typeof summarize>;
  /** EndpointSlice created for a Service without endpoints → connectable from every node. */
  endpointReachable: ReturnType<typeof summarize>;
  /** Service created (selector matching a running pod) → connectable from every node. */
  serviceReachable: ReturnType<typeof summarize>;
}

const serviceRange = '10.96.0.0/12';
/** Before each reachability sample: kube-proxy's two burst syncs back (one per 1 s min sync period), as in a quiet cluster. */
const quietMs = 2100;
/** ClusterIPs the bench's Services ask for: far from those the allocator hands out first. */
const benchClusterIP = (i: number) => `10.96.200.${i}`;

const proberProgram = [
  "const net = require('node:net');",
  'const [host, port] = [process.argv[1], Number(process.argv[2])];',
  "console.log('ready');",
  'const attempt = () => {',
  '  const socket = net.connect({ host, port });',
  "  socket.once('connect', () => { console.log(performance.timeOrigin + performance.now()); socket.destroy(); process.exit(0); });",
  "  socket.once('error', () => { socket.destroy(); setTimeout(attempt, 1); });",
  '};',
  'attempt();',
  'setTimeout(() => process.exit(2), 60000);',
].join('\n');

/** Starts a prober on each node; resolves once all run, to `connected`: the epoch ms at which each first connected. */
async function startProbers(nodes: string[], ip: string, port: number): Promise<{ connected: Promise<number[]> }> {
  const probers = nodes.map((node) => execa('docker', ['exec', node, nodePaths.node, '-e', proberProgram, ip, String(port)]));
  await Promise.all(probers.map((p) => new Promise<void>((resolve, reject) => {
    p.stdout!.once('data', () => resolve());
    p.then((r) => reject(new Error(`a prober ended before it ran: ${r.stdout} ${r.stderr}`)), reject);
  })));
  // Wrapped: an async function returning a promise would wait for it.
  return { connected: Promise.all(probers.map(async (p) => Number((await p).stdout.split('\n')[1]))) };
}

async function untilNoEndpointsRule(nodes: string[], service: string): Promise<void> {
  for (const node of nodes) {
    for (;;) {
      const { stdout } = await execa('docker', ['exec', node, 'iptables-save', '-t', 'filter']);
      if (stdout.includes(`"${service} has no endpoints"`)) break;
      await sleep(10);
    }
  }
}

async function untilPodReady(client: ApiClient, name: string): Promise<string> {
  for (;;) {
    const pod = await client.get<KubeObject & { status?: { podIP?: string; conditions?: { type: string; status: string }[] } }>(`/api/v1/namespaces/default/pods/${name}`);
    if (pod.status?.podIP && pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return pod.status.podIP;
    await sleep(200);
  }
}

const file = benchClusterFile('kdrill-bench-netprog', 2);

async function untilChainOn(node: string, chain: string): Promise<void> {
  for (;;) {
    const { stdout } = await execa('docker', ['exec', node, 'iptables-save', '-t', 'nat']);
    if (stdout.includes(`:${chain} `)) return;
    await sleep(10);
  }
}

function endpointSlice(ip: string): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'moving-1', labels: { 'kubernetes.io/service-name': 'moving', 'endpointslice.kubernetes.io/managed-by': 'kdrill-bench' } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: [{ addresses: [ip], conditions: { ready: true } }],
  };
}

export async function benchNetworkProgramming(progress: (m: string) => void, samples = 30): Promise<NetworkProgrammingFigures> {
  progress('network programming: creating a 3-node cluster in containers');
  return withBenchCluster(file, async (cluster, client) => {
    await client.create('/api/v1/namespaces/default/services', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'moving' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    });
    const slices = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';
    await client.create(slices, endpointSlice('10.244.250.1'));
    await Promise.all(cluster.nodes.map((n) => untilChainOn(n, endpointChainName('default/moving:http', 'TCP', '10.244.250.1:8080'))));
    progress(`network programming: ${samples} endpoint moves`);
    const latencies: number[] = [];
    for (let i = 2; i < samples + 2; i++) {
      const ip = `10.244.250.${i}`;
      const chain = endpointChainName('default/moving:http', 'TCP', `${ip}:8080`);
      // Past kube-proxy's min sync period, so that each change is a sync of its own.
      await sleep(1100);
      const t0 = performance.now();
      await client.patch(`${slices}/moving-1`, 'merge', { endpoints: [{ addresses: [ip], conditions: { ready: true } }] });
      await Promise.all(cluster.nodes.map((n) => untilChainOn(n, chain)));
      latencies.push(performance.now() - t0);
    }

    progress(`network programming: ${samples} endpoint changes and ${samples} Service creates, until reachable from every node`);
    await Promise.all(cluster.nodes.map((n) => execa('docker', ['exec', n, 'iptables', '-A', 'OUTPUT', '-d', serviceRange, '-p', 'tcp', '-j', 'REJECT'])));
    await client.create('/api/v1/namespaces/default/pods', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'target', labels: { app: 'target' } },
      spec: {
        nodeName: cluster.nodes[cluster.nodes.length - 1],
        containers: [{ name: 'probe', image: probeName, readinessProbe: { tcpSocket: { port: probePort }, periodSeconds: 1 } }],
      },
    } as KubeObject);
    const targetIP = await untilPodReady(client, 'target');
    const services = '/api/v1/namespaces/default/services';
    await client.create(services, {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'reach' }, spec: { clusterIP: benchClusterIP(1), ports: [{ name: 'http', port: 80, targetPort: probePort }] },
    });
    const endpointReachable: number[] = [];
    for (let i = 0; i < samples; i++) {
      await client.delete(`${slices}/reach-1`).catch(() => {});
      await untilNoEndpointsRule(cluster.nodes, 'default/reach:http');
      await sleep(quietMs);
      const { connected } = await startProbers(cluster.nodes, benchClusterIP(1), 80);
      const t0 = performance.timeOrigin + performance.now();
      await client.create(slices, {
        apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
        metadata: { name: 'reach-1', labels: { 'kubernetes.io/service-name': 'reach', 'endpointslice.kubernetes.io/managed-by': 'kdrill-bench' } },
        addressType: 'IPv4', ports: [{ name: 'http', port: probePort, protocol: 'TCP' }], endpoints: [{ addresses: [targetIP], conditions: { ready: true } }],
      } as KubeObject);
      endpointReachable.push(Math.max(...(await connected)) - t0);
    }
    const serviceReachable: number[] = [];
    for (let i = 0; i < samples; i++) {
      const ip = benchClusterIP(10 + i);
      await sleep(quietMs);
      const { connected } = await startProbers(cluster.nodes, ip, 80);
      const t0 = performance.timeOrigin + performance.now();
      await client.create(services, {
        apiVersion: 'v1', kind: 'Service', metadata: { name: `new-${i}` }, spec: { clusterIP: ip, selector: { app: 'target' }, ports: [{ name: 'http', port: 80, targetPort: probePort }] },
      });
      serviceReachable.push(Math.max(...(await connected)) - t0);
    }
    return { nodes: cluster.nodes.length, allNodes: summarize(latencies), endpointReachable: summarize(endpointReachable), serviceReachable: summarize(serviceReachable) };
  });
}

export function formatNetworkProgramming(f: NetworkProgrammingFigures, samples = 30): string {
  return [
    'kube-proxy network programming (3-node reference cluster in containers)',
    `  EndpointSlice change → rules on all ${f.nodes} nodes, ${samples} changes`.padEnd(64) + `p50 ${ms(f.allNodes.p50)}  p99 ${ms(f.allNodes.p99)}  max ${ms(f.allNodes.max)}`,
    `  endpoint added → ClusterIP connects from all ${f.nodes} nodes`.padEnd(64) + `p50 ${ms(f.endpointReachable.p50)}  p99 ${ms(f.endpointReachable.p99)}  max ${ms(f.endpointReachable.max)}`,
    `  Service created → ClusterIP connects from all ${f.nodes} nodes`.padEnd(64) + `p50 ${ms(f.serviceReachable.p50)}  p99 ${ms(f.serviceReachable.p99)}  max ${ms(f.serviceReachable.max)}`,
  ].join('\n');
}
