// Spreading: topology spread constraints over hostnames, and a DaemonSet's
// one pod per node.
import type { KubeObject } from '../../src/reference/api/object.ts';
import type { Scenario } from '../../src/runner/scenario.ts';
import { hostnameLabel, hostnameOf, isSchedulable, nameOf, pod, podsPath, schedulableNodes, type Node, type Pod } from './helpers/cluster.ts';

interface DaemonSet extends KubeObject {
  status?: { desiredNumberScheduled?: number; numberReady?: number };
}

export const scenarios: Scenario[] = [
  {
    name: 'topology-spread-max-skew-over-hostnames',
    description: 'Pods with a DoNotSchedule topology spread constraint (maxSkew 1 over kubernetes.io/hostname) are spread so that no two nodes differ by more than one pod.',
    conformance: '[sig-scheduling] SchedulerPredicates [Serial] PodTopologySpread Filtering validates 4 pods with MaxSkew=1 are evenly distributed into 2 nodes',
    tags: ['scheduling', 'spread'],
    timeoutMs: 90_000,
    disruptive: false,
    async run(ctx) {
      const nodes = (await schedulableNodes(ctx, 2)).slice(0, 3);
      const count = nodes.length * 2;
      const spec = {
        // Limits the domains to the chosen nodes: tainted or extra nodes would otherwise count as empty domains.
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: hostnameLabel, operator: 'In', values: nodes.map(hostnameOf) }] }] } } },
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: hostnameLabel, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { group: 'spread' } } }],
      };
      await ctx.apply(Array.from({ length: count }, (_, i) => pod(`spread-${i}`, { labels: { group: 'spread' }, spec })));
      const running = await ctx.timed(`waiting for ${count} pods to run`, () => ctx.waitFor<Pod>(podsPath(ctx), (pods) => {
        const up = pods.filter((p) => p.status?.phase === 'Running');
        return up.length === count ? up : undefined;
      }, `${count} spread pods running`, { labelSelector: 'group=spread' })) as Pod[];
      const perNode = nodes.map((n) => running.filter((p) => p.spec.nodeName === nameOf(n)).length);
      ctx.step(`pods per node: ${perNode.join(', ')}`);
      ctx.expect.ok(Math.max(...perNode) - Math.min(...perNode) <= 1, `no two nodes differ by more than one pod (${perNode.join(', ')})`);
    },
  },
  {
    name: 'daemonset-runs-one-pod-per-node',
    description: 'A DaemonSet runs exactly one ready pod on every schedulable node.',
    conformance: '[sig-apps] Daemon set [Serial] should run and stop simple daemon [Conformance]',
    tags: ['scheduling', 'workloads', 'daemonset'],
    timeoutMs: 90_000,
    disruptive: false,
    async run(ctx) {
      await schedulableNodes(ctx, 1);
      const template = pod('daemon');
      await ctx.apply({
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'daemon' },
        spec: { selector: { matchLabels: { app: 'daemon' } }, template: { metadata: template.metadata, spec: template.spec } },
      });
      const ds = await ctx.timed('waiting for the DaemonSet to be ready', () => ctx.waitFor<DaemonSet>(`/apis/apps/v1/namespaces/${ctx.namespace}/daemonsets`, (sets) => {
        const s = sets[0];
        return s?.status?.desiredNumberScheduled && s.status.numberReady === s.status.desiredNumberScheduled ? s : undefined;
      }, 'DaemonSet daemon with every desired pod ready')) as DaemonSet;
      const pods = ((await ctx.client.list<Pod>(podsPath(ctx), { labelSelector: 'app=daemon' })).items).filter((p) => !p.metadata?.deletionTimestamp);
      const placed = pods.map((p) => p.spec.nodeName);
      ctx.expect.equal(pods.length, ds.status!.desiredNumberScheduled, 'as many pods as the DaemonSet wants');
      ctx.expect.equal(new Set(placed).size, pods.length, 'no node runs two of its pods');
      const nodes = ((await ctx.nodes()) as Node[]).filter(isSchedulable);
      for (const node of nodes) ctx.expect.ok(placed.includes(nameOf(node)), `schedulable node ${nameOf(node)} runs a pod`);
    },
  },
];
