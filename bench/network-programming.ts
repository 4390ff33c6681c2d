// Network programming latency on real nodes (a 3-node reference cluster in
// containers), as SIG Scalability's NetworkProgrammingLatency SLI: from an
// EndpointSlice change written to the API to the matching rules in place on
// every node. Each sample moves a selector-less Service's one endpoint to a
// new address and polls each node's `iptables-save -t nat` (docker exec, so
// the figures include that polling's granularity, tens of ms) until the new
// endpoint's KUBE-SEP chain is there.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { KubeObject } from '../src/reference/api/object.ts';
import { endpointChainName } from '../src/reference/node/network/kube-proxy/chain-names.ts';
import { benchClusterFile, withBenchCluster } from './bench-cluster.ts';
import { ms, summarize } from './stats.ts';

export interface NetworkProgrammingFigures {
  nodes: number;
  /** Change written → rules on every node. */
  allNodes: ReturnType<typeof summarize>;
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
    return { nodes: cluster.nodes.length, allNodes: summarize(latencies) };
  });
}

export function formatNetworkProgramming(f: NetworkProgrammingFigures, samples = 30): string {
  return [
    'kube-proxy network programming (3-node reference cluster in containers)',
    `  EndpointSlice change → rules on all ${f.nodes} nodes, ${samples} changes`.padEnd(64) + `p50 ${ms(f.allNodes.p50)}  p99 ${ms(f.allNodes.p99)}  max ${ms(f.allNodes.max)}`,
  ].join('\n');
}
