// Pod network throughput and request latency on real nodes (a 2-node
// reference cluster in containers, Flannel VXLAN between the nodes, the cni0
// bridge within a node, kube-proxy's iptables rules for the ClusterIP):
// - TCP throughput: iperf3 (Debian's, in kdrill/probe) for 5 s, from a pod on
//   the other node, from a pod on the server's node, and from a client and
//   server in one pod over 127.0.0.1 (the kernel's loopback); the receiver's
//   Gbit/s, median of 5 runs.
// - Request latency: sequential HTTP GETs from a Node script (the node's Node
//   binary, mounted into a busybox pod as the DNS benchmark does) to the
//   probe's busybox httpd, each on a fresh TCP connection (busybox httpd closes
//   it after each response, and forks a child per connection), timed from
//   connect to the response's end; to the pod IP and through a ClusterIP
//   (requests alternating between the two), from the other node and from the
//   same node, and within one pod over 127.0.0.1.
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeObject } from '../src/reference/api/object.ts';
import { nodeRuntime } from '../src/reference/dns/cluster-dns-manifests.ts';
import { probeName, probePort } from '../src/reference/images/workload-images.ts';
import type { ApiClient } from '../src/kube/api-client.ts';
import { benchClusterFile, withBenchCluster } from './bench-cluster.ts';
import { parseIperf3Json } from './iperf3-result.ts';
import { ms, percentile, summarize } from './stats.ts';

const iperfSeconds = 5;
const iperfRuns = 5;
const requests = 500;

const paths = ['acrossNodes', 'withinNode', 'loopback'] as const;
type Path = (typeof paths)[number];
const latencyTargets = ['acrossNodesPodIp', 'acrossNodesClusterIp', 'withinNodePodIp', 'withinNodeClusterIp', 'loopback'] as const;
type LatencyTarget = (typeof latencyTargets)[number];

export interface NetworkThroughputFigures {
  /** Received Gbit/s of each iperf3 run. */
  throughputGbps: Record<Path, number[]>;
  /** TCP retransmissions over all runs. */
  retransmits: Record<Path, number>;
  latency: Record<LatencyTarget, ReturnType<typeof summarize>>;
}

const file = benchClusterFile('kdrill-bench-throughput', 1);
const pods = '/api/v1/namespaces/default/pods';

// Runs in the pod: waits until each URL answers, warms up, then times each GET; prints the samples (ms) per target as JSON.
const requestLoopScript = `
const http = require('node:http');
const get = (url) => new Promise((resolve, reject) => {
  const req = http.get(url, { agent: false }, (res) => {
    res.resume();
    res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(url + ': HTTP ' + res.statusCode))));
  });
  req.setTimeout(5000, () => req.destroy(new Error(url + ': no answer in 5 s')));
  req.on('error', reject);
});
const untilAnswers = async (url) => {
  for (let i = 0; ; i++) {
    try { return await get(url); } catch (err) { if (i === 100) throw err; }
    await new Promise((r) => setTimeout(r, 200));
  }
};
(async () => {
  const targets = Object.entries(JSON.parse(process.env.TARGETS));
  for (const [, url] of targets) {
    await untilAnswers(url);
    for (let i = 0; i < 50; i++) await get(url);
  }
  const out = Object.fromEntries(targets.map(([name]) => [name, []]));
  // Round-robin over the targets, so that the machine's other load falls on each alike.
  for (let i = 0; i < Number(process.env.REQUESTS); i++) {
    for (const [name, url] of targets) {
      const t0 = performance.now();
      await get(url);
      out[name].push(performance.now() - t0);
    }
  }
  console.log(JSON.stringify(out));
})().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
`;

interface PodStatus extends KubeObject {
  status?: {
    phase?: string;
    podIP?: string;
    containerStatuses?: { name: string; state?: { terminated?: { exitCode: number } } }[];
  };
}

function requestLoopContainer(targets: Partial<Record<LatencyTarget, string>>): Record<string, unknown> {
  return {
    name: 'requests',
    image: 'busybox:latest',
    command: [nodeRuntime.command[0]!, '-e', requestLoopScript],
    env: [...nodeRuntime.env, { name: 'TARGETS', value: JSON.stringify(targets) }, { name: 'REQUESTS', value: String(requests) }],
    volumeMounts: nodeRuntime.volumeMounts,
  };
}

const probeServer = { name: 'http', image: probeName };

async function createPod(client: ApiClient, name: string, nodeName: string, containers: Record<string, unknown>[], volumes: unknown[] = []): Promise<void> {
  await client.create(pods, {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } }, spec: { restartPolicy: 'Never', nodeName, containers, volumes },
  } as KubeObject);
}

/** Waits for `container` of pod `name` to end and returns its log; throws if it failed. */
async function containerLog(client: ApiClient, name: string, container: string): Promise<string> {
  for (;;) {
    const pod = await client.get<PodStatus>(`${pods}/${name}`);
    const terminated = pod.status?.containerStatuses?.find((s) => s.name === container)?.state?.terminated;
    if (terminated || pod.status?.phase === 'Failed') {
      const log = await client.getText(`${pods}/${name}/log?container=${container}`);
      if (terminated?.exitCode !== 0) throw new Error(`${name}/${container} failed: ${log}`);
      return log;
    }
    await sleep(500);
  }
}

async function untilPodIp(client: ApiClient, name: string): Promise<string> {
  for (;;) {
    const pod = await client.get<PodStatus>(`${pods}/${name}`);
    if (pod.status?.phase === 'Running' && pod.status.podIP) return pod.status.podIP;
    if (pod.status?.phase === 'Failed') throw new Error(`pod ${name} failed`);
    await sleep(500);
  }
}

export async function benchNetworkThroughput(progress: (m: string) => void): Promise<NetworkThroughputFigures> {
  progress('network throughput: creating a 2-node cluster in containers');
  return withBenchCluster(file, async (_cluster, client) => {
    const [serverNode, otherNode] = (await client.list('/api/v1/nodes')).items.map((n) => n.metadata!.name!).sort();
    if (!serverNode || !otherNode) throw new Error('the bench cluster has fewer than 2 nodes');

    await createPod(client, 'server', serverNode, [probeServer, { name: 'iperf3', image: probeName, command: ['iperf3', '-s'] }]);
    await client.create('/api/v1/namespaces/default/services', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'server' },
      spec: { selector: { app: 'server' }, ports: [{ name: 'http', port: 80, targetPort: probePort }] },
    });
    const serverIp = await untilPodIp(client, 'server');
    const clusterIp = (await client.get<KubeObject & { spec?: { clusterIP?: string } }>('/api/v1/namespaces/default/services/server')).spec!.clusterIP!;

    const throughputGbps: Record<Path, number[]> = { acrossNodes: [], withinNode: [], loopback: [] };
    const retransmits: Record<Path, number> = { acrossNodes: 0, withinNode: 0, loopback: 0 };
    const client3 = ['iperf3', '-c', serverIp, '-t', String(iperfSeconds), '-J'];
    const iperfPods: Record<Path, { node: string; command: string[] }> = {
      acrossNodes: { node: otherNode, command: client3 },
      withinNode: { node: serverNode, command: client3 },
      loopback: {
        node: serverNode,
        command: ['sh', '-c', `iperf3 -s -1 >/dev/null 2>&1 & sleep 1; exec iperf3 -c 127.0.0.1 -t ${iperfSeconds} -J`],
      },
    };
    for (let run = 1; run <= iperfRuns; run++) {
      // One path after the other (the server takes one test at a time), the paths interleaved across runs.
      for (const path of paths) {
        progress(`network throughput: iperf3 ${path}, run ${run} of ${iperfRuns}`);
        const name = `iperf3-${path.toLowerCase()}-${run}`;
        await createPod(client, name, iperfPods[path].node, [{ name: 'iperf3', image: probeName, command: iperfPods[path].command }]);
        const result = parseIperf3Json(await containerLog(client, name, 'iperf3'));
        throughputGbps[path].push(result.receivedBitsPerSecond / 1e9);
        retransmits[path] += result.retransmits;
      }
    }

    progress(`network throughput: ${requests} HTTP GETs per target`);
    const serverUrl = `http://${serverIp}:${probePort}/`;
    const serviceUrl = `http://${clusterIp}/`;
    await createPod(client, 'requests-across', otherNode, [requestLoopContainer({ acrossNodesPodIp: serverUrl, acrossNodesClusterIp: serviceUrl })], nodeRuntime.volumes);
    const across = JSON.parse(lastLine(await containerLog(client, 'requests-across', 'requests'))) as Record<string, number[]>;
    await createPod(client, 'requests-within', serverNode, [requestLoopContainer({ withinNodePodIp: serverUrl, withinNodeClusterIp: serviceUrl })], nodeRuntime.volumes);
    const within = JSON.parse(lastLine(await containerLog(client, 'requests-within', 'requests'))) as Record<string, number[]>;
    await createPod(client, 'requests-loopback', serverNode, [probeServer, requestLoopContainer({ loopback: `http://127.0.0.1:${probePort}/` })], nodeRuntime.volumes);
    const loopback = JSON.parse(lastLine(await containerLog(client, 'requests-loopback', 'requests'))) as Record<string, number[]>;
    const samples = { ...across, ...within, ...loopback };
    const latency = Object.fromEntries(latencyTargets.map((target) => [target, summarize(samples[target] ?? [])])) as Record<LatencyTarget, ReturnType<typeof summarize>>;
    return { throughputGbps, retransmits, latency };
  });
}

function lastLine(log: string): string {
  return log.trim().split('\n').at(-1)!;
}

export function formatNetworkThroughput(f: NetworkThroughputFigures): string {
  const gbps = (v: number) => `${v.toFixed(2)} Gbit/s`;
  const throughput = (label: string, path: Path) =>
    `  ${label}`.padEnd(64) + `${gbps(percentile([...f.throughputGbps[path]].sort((a, b) => a - b), 50))}  (runs ${f.throughputGbps[path].map((v) => v.toFixed(2)).join(', ')}; ${f.retransmits[path]} TCP retransmissions in all)`;
  const latency = (label: string, target: LatencyTarget) =>
    `  ${label}`.padEnd(64) + `p50 ${ms(f.latency[target].p50)}  p99 ${ms(f.latency[target].p99)}  max ${ms(f.latency[target].max)}`;
  return [
    `pod TCP throughput, iperf3 -t ${iperfSeconds}, one stream, receiver's rate, median of ${iperfRuns} runs (2-node reference cluster in containers)`,
    throughput('pod → pod across nodes (Flannel VXLAN)', 'acrossNodes'),
    throughput('pod → pod within a node (cni0 bridge)', 'withinNode'),
    throughput('within one pod over 127.0.0.1 (loopback)', 'loopback'),
    `HTTP request latency, ${requests} sequential GETs per target, each on a fresh TCP connection, to the probe's busybox httpd (pod IP and ClusterIP alternating)`,
    latency('pod → pod IP across nodes', 'acrossNodesPodIp'),
    latency('pod → ClusterIP → pod across nodes (kube-proxy iptables)', 'acrossNodesClusterIp'),
    latency('pod → pod IP within a node', 'withinNodePodIp'),
    latency('pod → ClusterIP → pod within a node', 'withinNodeClusterIp'),
    latency('within one pod over 127.0.0.1 (loopback)', 'loopback'),
  ].join('\n');
}
