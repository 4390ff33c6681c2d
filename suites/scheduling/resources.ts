// Resource requests: a pod that fits is placed, one that fits nowhere stays
// Pending with the scheduler's Unschedulable condition, and a cordoned node
// takes no new pods.
import type { Scenario } from '../../src/runner/scenario.ts';
import { cordonNode, hostnameLabel, hostnameOf, milliCpu, nameOf, onNode, pod, schedulableNodes, waitRunning, waitUnschedulable, type Node } from './helpers/cluster.ts';

export const scenarios: Scenario[] = [
  {
    name: 'requests-that-fit-are-scheduled',
    description: 'A pod whose cpu and memory requests fit on a node is bound to a node and runs.',
    conformance: '[sig-scheduling] SchedulerPredicates [Serial] validates resource limits of pods that are allowed to run [Conformance]',
    tags: ['scheduling', 'resources'],
    timeoutMs: 60_000,
    disruptive: false,
    async run(ctx) {
      await schedulableNodes(ctx, 1);
      await ctx.apply(pod('fits', { cpu: '10m' }));
      const running = await ctx.timed('waiting for the pod to run', () => waitRunning(ctx, 'fits'));
      ctx.expect.ok(running.spec.nodeName, 'the pod is bound to a node');
    },
  },
  {
    name: 'requests-that-fit-nowhere-are-unschedulable',
    description: 'A pod requesting more cpu than any node can allocate stays Pending with PodScheduled=False, reason Unschedulable, and an Insufficient cpu message.',
    conformance: '[sig-scheduling] SchedulerPredicates: a pod whose requests exceed every node\'s allocatable is reported Unschedulable (Insufficient cpu)',
    tags: ['scheduling', 'resources'],
    timeoutMs: 60_000,
    disruptive: false,
    async run(ctx) {
      const nodes = (await ctx.nodes()) as Node[];
      if (nodes.length === 0) ctx.skip('the cluster has no nodes');
      const largest = Math.max(...nodes.map((n) => milliCpu(n.status?.allocatable?.cpu)));
      await ctx.apply(pod('too-big', { cpu: `${largest + 1000}m` }));
      const scheduled = await ctx.timed('waiting for the Unschedulable condition', () => waitUnschedulable(ctx, 'too-big'));
      ctx.expect.match(scheduled.message ?? '', /^0\/\d+ nodes are available: .*Insufficient cpu/, 'the condition message says why');
    },
  },
  {
    name: 'cordoned-node-takes-no-new-pods',
    description: 'A pod that may only run on a cordoned node (spec.unschedulable) is not scheduled there.',
    conformance: '[sig-scheduling] NodeUnschedulable: a cordoned node (spec.unschedulable=true) is not given new pods',
    tags: ['scheduling', 'cordon'],
    timeoutMs: 60_000,
    disruptive: true,
    async run(ctx) {
      const [node] = await schedulableNodes(ctx, 1);
      await cordonNode(ctx, node!);
      await ctx.apply(pod('on-cordoned', { spec: onNode(node!) }));
      const scheduled = await ctx.timed('waiting for the Unschedulable condition', () => waitUnschedulable(ctx, 'on-cordoned'));
      ctx.expect.match(scheduled.message ?? '', /node\(s\) were unschedulable/, `the scheduler says node ${nameOf(node!)} (${hostnameLabel}=${hostnameOf(node!)}) is unschedulable`);
    },
  },
];
