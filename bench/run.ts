// npm run bench: prints figures; never passes or fails on them.
import { startTestEtcd } from '../test/helpers/etcd.ts';
import { benchApiStore, formatApiStore } from './api-store.ts';
import { benchClusterCreate, formatClusterCreate } from './cluster-create.ts';
import { benchNodeAgent, formatNodeAgent } from './node-agent.ts';
import { benchDns, formatDns } from './dns.ts';
import { benchNetworkProgramming, formatNetworkProgramming } from './network-programming.ts';
import { benchNetworkThroughput, formatNetworkThroughput } from './network-throughput.ts';
import { deploymentRollout, formatScheduling, podStartupLatency, schedulingThroughput } from './scheduling.ts';

const progress = (m: string) => process.stderr.write(`… ${m}\n`);
const teardowns: (() => unknown)[] = [];
const scope = { teardown: (fn: () => unknown) => teardowns.push(fn) };

// `npm run bench` runs every group; `npm run bench -- clusters network` only those named.
const groups = ['store', 'scheduling', 'clusters', 'network'];
const asked = process.argv.slice(2);
const unknown = asked.filter((g) => !groups.includes(g));
if (unknown.length) {
  process.stderr.write(`unknown benchmark group ${unknown.join(', ')} (groups: ${groups.join(', ')})\n`);
  process.exit(2);
}
const runs = (group: string) => asked.length === 0 || asked.includes(group);

try {
  if (runs('store')) {
    const embedded = await benchApiStore({ name: 'embedded', store: { backend: 'embedded' } }, progress);
    process.stdout.write(formatApiStore('embedded', embedded) + '\n\n');
    const etcd = await startTestEtcd(scope, { progressNotifyIntervalMs: 5000 });
    const viaEtcd = await benchApiStore({ name: 'etcd', store: { backend: 'etcd', endpoints: [etcd.endpoint] } }, progress);
    process.stdout.write(formatApiStore('etcd 3.4 (Debian etcd-server)', viaEtcd) + '\n\n');
  }
  if (runs('scheduling')) {
    const throughput100 = await schedulingThroughput(100, 10_000, progress);
    const throughput1000 = await schedulingThroughput(1000, 10_000, progress);
    const startup = await podStartupLatency(1000, progress);
    const rollout = await deploymentRollout(100, progress);
    process.stdout.write(formatScheduling({ throughput100, throughput1000, startup, rollout }) + '\n\n');
  }
  if (runs('clusters')) {
    process.stdout.write(formatClusterCreate(await benchClusterCreate(progress)) + '\n\n');
    process.stdout.write(formatNodeAgent(await benchNodeAgent(progress)) + '\n\n');
  }
  if (runs('network')) {
    process.stdout.write(formatNetworkProgramming(await benchNetworkProgramming(progress)) + '\n\n');
    process.stdout.write(formatDns(await benchDns(progress)) + '\n\n');
    process.stdout.write(formatNetworkThroughput(await benchNetworkThroughput(progress)) + '\n');
  }
} finally {
  for (const fn of teardowns.reverse()) await fn();
}
