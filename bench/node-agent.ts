// Real nodes (a 3-node reference cluster in containers): pod startup latency
// of 30 pods across the 2 workers (creation to Running as a watch sees it, the
// SIG Scalability definition), then the node agent's memory (RSS) and CPU on a
// worker holding its share of those pods, idle, over 20 s.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { KubeObject } from '../src/reference/api/object.ts';
import { benchClusterFile, withBenchCluster } from './bench-cluster.ts';
import { ms, summarize } from './stats.ts';

export interface NodeAgentFigures {
  startup: ReturnType<typeof summarize>;
  /** The worker the footprint was read on, how many pods it ran, its agent's RSS (MiB) and CPU (% of one core). */
  idle: { node: string; pods: number; rssMiB: number; cpuPercent: number };
}

const file = benchClusterFile('kdrill-bench-agent', 2);

function pod(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'startup' } },
    spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'sleep', image: 'busybox:1.35', command: ['sleep', '3600'] }] },
  };
}

/** The agent's process on a node: its pid inside the container, RSS in KiB and CPU ticks so far. */
async function agentProcess(node: string): Promise<{ rssKiB: number; ticks: number }> {
  // The node binary running the agent, not the restart loop around it (nor this script: the brackets keep it from matching itself).
  const script = 'pid=$(pgrep -f "^[^ ]*/node [^ ]*[k]drill.js node-agent" | head -n1); grep VmRSS /proc/$pid/status; cut -d" " -f14,15 /proc/$pid/stat';
  const { stdout } = await execa('docker', ['exec', node, 'bash', '-c', script]);
  const rss = Number(/VmRSS:\s+(\d+)/.exec(stdout)?.[1]);
  const [utime, stime] = stdout.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { rssKiB: rss, ticks: utime! + stime! };
}

export async function benchNodeAgent(progress: (m: string) => void, pods = 30): Promise<NodeAgentFigures> {
  progress('node agent: creating a 3-node cluster in containers');
  return withBenchCluster(file, async (cluster, client) => {
    const sentAt = new Map<string, number>();
    const latency = new Map<string, number>();
    const allRunning = new Promise<void>((resolve) => {
      const handle = client.watch('/api/v1/namespaces/default/pods', { resourceVersion: '0' }, (_type, obj) => {
        const name = obj.metadata!.name!;
        const t0 = sentAt.get(name);
        if ((obj.status as { phase?: string } | undefined)?.phase === 'Running' && t0 !== undefined && !latency.has(name)) latency.set(name, performance.now() - t0);
        if (latency.size === pods) {
          handle.stop();
          resolve();
        }
      });
    });
    progress(`node agent: ${pods} pods across the workers`);
    for (let i = 0; i < pods; i++) {
      sentAt.set(`s-${i}`, performance.now());
      await client.create('/api/v1/namespaces/default/pods', pod(`s-${i}`));
    }
    await allRunning;
    const list = await client.list('/api/v1/namespaces/default/pods');
    const byNode = new Map<string, number>();
    for (const p of list.items) {
      const nodeName = (p.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
      byNode.set(nodeName, (byNode.get(nodeName) ?? 0) + 1);
    }
    const [node, count] = [...byNode].sort((a, b) => b[1] - a[1])[0]!;
    progress(`node agent: idle footprint on ${node} (${count} pods), 20 s`);
    await sleep(5000);
    const before = await agentProcess(node);
    const t0 = performance.now();
    await sleep(20_000);
    const after = await agentProcess(node);
    const seconds = (performance.now() - t0) / 1000;
    const hz = 100;
    return {
      startup: summarize([...latency.values()]),
      idle: { node, pods: count, rssMiB: after.rssKiB / 1024, cpuPercent: ((after.ticks - before.ticks) / hz / seconds) * 100 },
    };
  });
}

export function formatNodeAgent(f: NodeAgentFigures, pods = 30): string {
  return [
    'node agent (3-node reference cluster in containers)',
    `  pod startup latency, ${pods} pods on 2 workers (create→Running)`.padEnd(64) + `p50 ${ms(f.startup.p50)}  p99 ${ms(f.startup.p99)}  max ${ms(f.startup.max)}`,
    `  agent idle with ${f.idle.pods} pods (${f.idle.node})`.padEnd(64) + `RSS ${f.idle.rssMiB.toFixed(0)} MiB  CPU ${f.idle.cpuPercent.toFixed(1)}% of a core`,
  ].join('\n');
}
