// Placement by node labels (nodeSelector, required and preferred node
// affinity) and by other pods (required anti-affinity per hostname). Labels
// are set on nodes for the scenario and removed again at cleanup.
import type { Scenario } from '../../src/runner/scenario.ts';
import { hostnameLabel, labelNode, nameOf, pod, podsPath, runLabelKey, schedulableNodes, waitRunning, waitUnschedulable, type Pod } from './helpers/cluster.ts';

export const scenarios: Scenario[] = [
  {
    name: 'node-selector-is-respected',
    description: 'A pod with a nodeSelector runs on the one node carrying that label.',
    conformance: '[sig-scheduling] SchedulerPredicates [Serial] validates that NodeSelector is respected if matching [Conformance]',
    tags: ['scheduling', 'affinity'],
    timeoutMs: 60_000,
    disruptive: true,
    async run(ctx) {
      const nodes = await schedulableNodes(ctx, 1);
      const target = nodes[nodes.length - 1]!;
      const key = runLabelKey(ctx, 'selector');
      await labelNode(ctx, target, key, 'yes');
      await ctx.apply(pod('selected', { spec: { nodeSelector: { [key]: 'yes' } } }));
      const running = await ctx.timed('waiting for the pod to run', () => waitRunning(ctx, 'selected'));
      ctx.expect.equal(running.spec.nodeName, nameOf(target), 'the pod runs on the labelled node');
    },
  },
  {
    name: 'node-selector-matching-no-node-is-unschedulable',
    description: 'A pod whose nodeSelector matches no node stays Pending with PodScheduled=False, reason Unschedulable.',
    conformance: '[sig-scheduling] SchedulerPredicates [Serial] validates that NodeSelector is respected if not matching [Conformance]',
    tags: ['scheduling', 'affinity'],
    timeoutMs: 60_000,
    disruptive: false,
    async run(ctx) {
      await schedulableNodes(ctx, 1);
      await ctx.apply(pod('unmatched', { spec: { nodeSelector: { [runLabelKey(ctx, 'nowhere')]: 'yes' } } }));
      const scheduled = await ctx.timed('waiting for the Unschedulable condition', () => waitUnschedulable(ctx, 'unmatched'));
      ctx.expect.match(scheduled.message ?? '', /didn't match Pod's node affinity\/selector/, 'the condition message names the selector');
    },
  },
  {
    name: 'required-node-affinity-is-respected',
    description: 'A pod with a required node affinity (In) runs on the one node whose label value it names.',
    conformance: '[sig-scheduling] SchedulerPredicates [Serial] validates that required NodeAffinity setting is respected if matching',
    tags: ['scheduling', 'affinity'],
    timeoutMs: 60_000,
    disruptive: true,
    async run(ctx) {
      const nodes = await schedulableNodes(ctx, 2);
      const key = runLabelKey(ctx, 'zone');
      await labelNode(ctx, nodes[0]!, key, 'a');
      await labelNode(ctx, nodes[1]!, key, 'b');
      await ctx.apply(pod('affine', {
        spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator: 'In', values: ['b'] }] }] } } } },
      }));
      const running = await ctx.timed('waiting for the pod to run', () => waitRunning(ctx, 'affine'));
      ctx.expect.equal(running.spec.nodeName, nameOf(nodes[1]!), `the pod runs on the node labelled ${key}=b`);
    },
  },
  {
    name: 'preferred-node-affinity-is-honoured',
    description: 'A pod with a preferred node affinity (weight 100) runs on the node carrying the preferred label when it has room.',
    conformance: '[sig-scheduling] NodeAffinity: preferredDuringSchedulingIgnoredDuringExecution steers a pod to the preferred node',
    tags: ['scheduling', 'affinity'],
    timeoutMs: 60_000,
    disruptive: true,
    async run(ctx) {
      const nodes = await schedulableNodes(ctx, 2);
      const target = nodes[nodes.length - 1]!;
      const key = runLabelKey(ctx, 'preferred');
      await labelNode(ctx, target, key, 'yes');
      await ctx.apply(pod('prefers', {
        spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key, operator: 'In', values: ['yes'] }] } }] } } },
      }));
      const running = await ctx.timed('waiting for the pod to run', () => waitRunning(ctx, 'prefers'));
      ctx.expect.equal(running.spec.nodeName, nameOf(target), 'the pod runs on the preferred node');
    },
  },
  {
    name: 'pod-anti-affinity-separates-replicas',
    description: 'Pods with required anti-affinity to each other over kubernetes.io/hostname run on distinct nodes.',
    conformance: '[sig-scheduling] InterPodAffinity: requiredDuringSchedulingIgnoredDuringExecution podAntiAffinity on kubernetes.io/hostname keeps matching pods on different nodes',
    tags: ['scheduling', 'affinity'],
    timeoutMs: 90_000,
    disruptive: false,
    async run(ctx) {
      const nodes = await schedulableNodes(ctx, 2);
      const count = Math.min(nodes.length, 3);
      const spec = {
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { group: 'apart' } }, topologyKey: hostnameLabel }] } },
      };
      await ctx.apply(Array.from({ length: count }, (_, i) => pod(`apart-${i}`, { labels: { group: 'apart' }, spec })));
      const running = await ctx.timed(`waiting for ${count} pods to run`, () => ctx.waitFor<Pod>(podsPath(ctx), (pods) => {
        const up = pods.filter((p) => p.status?.phase === 'Running');
        return up.length === count ? up : undefined;
      }, `${count} anti-affine pods running`, { labelSelector: 'group=apart' })) as Pod[];
      const placed = new Set(running.map((p) => p.spec.nodeName));
      ctx.expect.equal(placed.size, count, 'every pod runs on a node of its own');
    },
  },
];
