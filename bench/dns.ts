// Cluster DNS lookup latency from a pod (a 1-node reference cluster in
// containers): a pod on the DNS pod's node asks the DNS pod, with c-ares
// (Node's resolver), 500 times each for a Service's A record, a name that does
// not exist (NXDOMAIN) and a name outside the cluster (REFUSED, no upstream);
// p50/p99 of each, the query's round trip as the client measures it; and the
// rate of Service A answers with 64 queries outstanding for 5 s (the client
// shares the machine's cores with the server, unlike dnsperf on other nodes).
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeObject } from '../src/reference/api/object.ts';
import { nodeRuntime } from '../src/reference/dns/cluster-dns-manifests.ts';
import { benchClusterFile, withBenchCluster } from './bench-cluster.ts';
import { ms, summarize } from './stats.ts';

export interface DnsFigures {
  serviceA: ReturnType<typeof summarize>;
  nxdomain: ReturnType<typeof summarize>;
  refused: ReturnType<typeof summarize>;
  /** Service A answers per second with `outstanding` queries in flight. */
  qps: number;
}

const outstanding = 64;

const lookups = 500;

const file = benchClusterFile('kdrill-bench-dns', 0);

// Runs in the pod: warms up, then times each lookup; prints the samples (ms) as JSON.
const lookupScript = `
const { Resolver } = require('node:dns').promises;
const r = new Resolver({ timeout: 2000, tries: 1 });
r.setServers([process.env.DNS_SERVER]);
// Each lookup must end as expected (an answer, or that error code), or the pod fails.
const time = async (name, n, expected) => {
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const outcome = await r.resolve4(name).then(() => 'answer', (err) => err.code);
    samples.push(performance.now() - t0);
    if (outcome !== expected) throw new Error(name + ': ' + outcome + ', not ' + expected);
  }
  return samples;
};
// Service A answers per second with OUTSTANDING queries in flight for 5 s.
const rate = async () => {
  const end = performance.now() + 5000;
  let answered = 0;
  const worker = async () => {
    const own = new Resolver({ timeout: 2000, tries: 1 });
    own.setServers([process.env.DNS_SERVER]);
    while (performance.now() < end) {
      await own.resolve4('kubernetes.default.svc.cluster.local');
      answered++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Number(process.env.OUTSTANDING) }, worker));
  return answered / ((performance.now() - start) / 1000);
};
(async () => {
  await time('kubernetes.default.svc.cluster.local', 50, 'answer');
  const n = Number(process.env.LOOKUPS);
  const out = {
    serviceA: await time('kubernetes.default.svc.cluster.local', n, 'answer'),
    nxdomain: await time('nope.default.svc.cluster.local', n, 'ENOTFOUND'),
    refused: await time('kdrill.example.com', n, 'EREFUSED'),
    qps: await rate(),
  };
  console.log(JSON.stringify(out));
})().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
`;

interface PodStatus extends KubeObject {
  spec?: { nodeName?: string };
  status?: { phase?: string; podIP?: string };
}

export async function benchDns(progress: (m: string) => void): Promise<DnsFigures> {
  progress('dns: creating a 1-node cluster in containers (create waits for the coredns pod)');
  return withBenchCluster(file, async (cluster, client) => {
    const dns = (await client.list<PodStatus>('/api/v1/namespaces/kube-system/pods', { labelSelector: 'k8s-app=kube-dns' })).items[0]!;
    progress(`dns: ${lookups} lookups of each kind from a pod to ${dns.status?.podIP}`);
    await client.create('/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'dns-bench' },
      spec: {
        restartPolicy: 'Never',
        nodeName: dns.spec?.nodeName,
        containers: [{
          name: 'lookups',
          image: 'busybox:latest',
          command: [nodeRuntime.command[0]!, '-e', lookupScript],
          env: [...nodeRuntime.env, { name: 'DNS_SERVER', value: dns.status!.podIP! }, { name: 'LOOKUPS', value: String(lookups) }, { name: 'OUTSTANDING', value: String(outstanding) }],
          volumeMounts: nodeRuntime.volumeMounts,
        }],
        volumes: nodeRuntime.volumes,
      },
    } as KubeObject);
    for (;;) {
      const phase = (await client.get<PodStatus>('/api/v1/namespaces/default/pods/dns-bench')).status?.phase;
      if (phase === 'Succeeded') break;
      if (phase === 'Failed') throw new Error(`the lookup pod failed: ${await client.getText('/api/v1/namespaces/default/pods/dns-bench/log')}`);
      await sleep(500);
    }
    const samples = JSON.parse((await client.getText('/api/v1/namespaces/default/pods/dns-bench/log')).trim().split('\n').at(-1)!) as Record<'serviceA' | 'nxdomain' | 'refused', number[]> & { qps: number };
    return { serviceA: summarize(samples.serviceA), nxdomain: summarize(samples.nxdomain), refused: summarize(samples.refused), qps: samples.qps };
  });
}

export function formatDns(f: DnsFigures): string {
  const line = (label: string, s: ReturnType<typeof summarize>) => `  ${label}`.padEnd(64) + `p50 ${ms(s.p50)}  p99 ${ms(s.p99)}  max ${ms(s.max)}`;
  return [
    `cluster DNS lookup latency from a pod, ${lookups} lookups each (c-ares, to the DNS pod on the same node)`,
    line('A of a Service', f.serviceA),
    line('a missing name (NXDOMAIN)', f.nxdomain),
    line('a name outside the cluster (REFUSED, no upstream)', f.refused),
    `  Service A answers per second, ${outstanding} queries outstanding for 5 s`.padEnd(64) + `${Math.round(f.qps)} queries/s`,
  ].join('\n');
}
