// Priority and preemption: when a node is full, a pending pod of higher
// priority has a lower-priority pod evicted to make room. Requests are sized
// from what the node has left, so the scenario works on nodes of any size.
import type { Scenario, ScenarioContext } from '../../src/runner/scenario.ts';
import { milliCpu, nameOf, onNode, pod, podsPath, schedulableNodes, waitDeleted, waitRunning, type Node, type Pod } from './helpers/cluster.ts';

/** The node's allocatable cpu less what the pods bound to it request, in millicores. */
async function freeMilliCpu(ctx: ScenarioContext, node: Node): Promise<number> {
  const pods = (await ctx.client.list<Pod>('/api/v1/pods', { fieldSelector: `spec.nodeName=${nameOf(node)}` })).items
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const requested = pods.reduce((sum, p) => sum + p.spec.containers.reduce((s, c) => s + milliCpu(c.resources?.requests?.cpu), 0), 0);
  return milliCpu(node.status?.allocatable?.cpu) - requested;
}

export const scenarios: Scenario[] = [
  {
    name: 'higher-priority-pod-preempts-lower',
    description: 'On a node without room, a pending pod of higher priority gets a lower-priority pod evicted and runs in its place.',
    conformance: '[sig-scheduling] SchedulerPreemption [Serial] validates basic preemption works [Conformance]',
    tags: ['scheduling', 'preemption', 'priority'],
    timeoutMs: 120_000,
    disruptive: false,
    async run(ctx) {
      const [node] = await schedulableNodes(ctx, 1);
      const low = `kdrill-low-${ctx.runId}`;
      const high = `kdrill-high-${ctx.runId}`;
      await ctx.apply([
        { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: low }, value: 1000, description: 'kdrill preemption scenario: the victim' },
        { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: high }, value: 1_000_000, description: 'kdrill preemption scenario: the preemptor' },
      ]);
      const free = await freeMilliCpu(ctx, node!);
      // Each pod takes 60% of what is free: either fits alone, both do not.
      const cpu = `${Math.floor(free * 0.6)}m`;
      if (Math.floor(free * 0.6) < 10) ctx.skip(`node ${nameOf(node!)} has only ${free}m cpu unrequested`);
      ctx.step(`node ${nameOf(node!)} has ${free}m cpu unrequested; each pod requests ${cpu}`);
      await ctx.apply(pod('victim', { cpu, spec: { ...onNode(node!), priorityClassName: low } }));
      await ctx.timed('waiting for the low-priority pod to run', () => waitRunning(ctx, 'victim'));
      await ctx.apply(pod('preemptor', { cpu, spec: { ...onNode(node!), priorityClassName: high } }));
      await ctx.timed('waiting for the low-priority pod to be preempted', () => waitDeleted(ctx, 'victim', 'pod victim deleted by preemption'));
      const preemptor = await ctx.timed('waiting for the high-priority pod to run', () => waitRunning(ctx, 'preemptor'));
      ctx.expect.equal(preemptor.spec.nodeName, nameOf(node!), 'the high-priority pod runs on the node it preempted');
      const left = await ctx.client.list<Pod>(podsPath(ctx));
      ctx.expect.ok(!left.items.some((p) => nameOf(p) === 'victim' && !p.metadata?.deletionTimestamp), 'the low-priority pod is gone');
    },
  },
];
