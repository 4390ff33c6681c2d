// Taints and tolerations: NoSchedule keeps out pods that do not tolerate the
// taint, NoExecute evicts running ones (at once, or after tolerationSeconds).
// Each scenario pins its pods to one node through its hostname label, taints
// that node, and removes the taint at cleanup.
import type { Scenario, ScenarioContext } from '../../src/runner/scenario.ts';
import { named, nameOf, onNode, pod, podsPath, runLabelKey, schedulableNodes, taintNode, waitDeleted, waitRunning, waitUnschedulable, type Node, type Pod, type Taint } from './helpers/cluster.ts';

function toleration(taint: Taint, tolerationSeconds?: number): Record<string, unknown> {
  return { key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect, ...(tolerationSeconds === undefined ? {} : { tolerationSeconds }) };
}

/** The node to taint and a taint unique to the run; the scenario adds it when it is ready to. */
async function nodeAndTaint(ctx: ScenarioContext, effect: Taint['effect']): Promise<{ node: Node; taint: Taint }> {
  const [node] = await schedulableNodes(ctx, 1);
  return { node: node!, taint: { key: runLabelKey(ctx, 'taint'), value: 'yes', effect } };
}

export const scenarios: Scenario[] = [
  {
    name: 'noschedule-taint-repels-pods',
    description: 'A pod that does not tolerate a node\'s NoSchedule taint is not scheduled there and is reported Unschedulable for the taint.',
    conformance: '[sig-scheduling] SchedulerPredicates [Serial] validates that taints-tolerations is respected if not matching',
    tags: ['scheduling', 'taints'],
    timeoutMs: 60_000,
    disruptive: true,
    async run(ctx) {
      const { node, taint } = await nodeAndTaint(ctx, 'NoSchedule');
      await taintNode(ctx, node, taint);
      await ctx.apply(pod('intolerant', { spec: onNode(node) }));
      const scheduled = await ctx.timed('waiting for the Unschedulable condition', () => waitUnschedulable(ctx, 'intolerant'));
      ctx.expect.match(scheduled.message ?? '', /untolerated taint/, 'the condition message names the taint');
    },
  },
  {
    name: 'noschedule-taint-admits-tolerating-pods',
    description: 'A pod that tolerates a node\'s NoSchedule taint is scheduled on that node.',
    conformance: '[sig-scheduling] SchedulerPredicates [Serial] validates that taints-tolerations is respected if matching',
    tags: ['scheduling', 'taints'],
    timeoutMs: 60_000,
    disruptive: true,
    async run(ctx) {
      const { node, taint } = await nodeAndTaint(ctx, 'NoSchedule');
      await taintNode(ctx, node, taint);
      await ctx.apply(pod('tolerant', { spec: { ...onNode(node), tolerations: [toleration(taint)] } }));
      const running = await ctx.timed('waiting for the pod to run', () => waitRunning(ctx, 'tolerant'));
      ctx.expect.equal(running.spec.nodeName, nameOf(node), 'the pod runs on the tainted node');
    },
  },
  {
    name: 'noexecute-taint-evicts-intolerant-pods-at-once',
    description: 'A NoExecute taint evicts a running pod without a matching toleration at once, while a pod tolerating it for a while stays.',
    conformance: '[sig-node] NoExecuteTaintManager Single Pod [Serial] evicts pods from tainted nodes',
    tags: ['scheduling', 'taints', 'eviction'],
    timeoutMs: 90_000,
    disruptive: true,
    async run(ctx) {
      const { node, taint } = await nodeAndTaint(ctx, 'NoExecute');
      await ctx.apply([
        pod('intolerant', { spec: onNode(node) }),
        pod('tolerant-for-a-minute', { spec: { ...onNode(node), tolerations: [toleration(taint, 60)] } }),
      ]);
      await ctx.timed('waiting for both pods to run', async () => {
        await waitRunning(ctx, 'intolerant');
        await waitRunning(ctx, 'tolerant-for-a-minute');
      });
      await taintNode(ctx, node, taint);
      const pods = await ctx.timed('waiting for the intolerant pod to be evicted', () => ctx.waitFor<Pod>(podsPath(ctx), (pods) => {
        const p = named(pods, 'intolerant');
        return !p || p.metadata?.deletionTimestamp ? pods : undefined;
      }, 'pod intolerant deleted by the taint manager')) as Pod[];
      const tolerant = named(pods, 'tolerant-for-a-minute');
      ctx.expect.ok(tolerant && !tolerant.metadata?.deletionTimestamp, 'the pod tolerating the taint for 60 s is still there');
    },
  },
  {
    name: 'noexecute-taint-evicts-after-toleration-seconds',
    description: 'A running pod that tolerates a NoExecute taint for 5 s is evicted once those seconds have passed, not before.',
    conformance: '[sig-node] NoExecuteTaintManager Single Pod [Serial] eventually evict pod with finite tolerations from tainted nodes',
    tags: ['scheduling', 'taints', 'eviction'],
    timeoutMs: 90_000,
    disruptive: true,
    async run(ctx) {
      const { node, taint } = await nodeAndTaint(ctx, 'NoExecute');
      await ctx.apply(pod('tolerant-for-5s', { spec: { ...onNode(node), tolerations: [toleration(taint, 5)] } }));
      await ctx.timed('waiting for the pod to run', () => waitRunning(ctx, 'tolerant-for-5s'));
      await taintNode(ctx, node, taint);
      const tainted = performance.now();
      await ctx.timed('waiting for the pod to be evicted', () => waitDeleted(ctx, 'tolerant-for-5s', 'pod tolerant-for-5s deleted by the taint manager'));
      const seconds = (performance.now() - tainted) / 1000;
      ctx.measure('eviction-after-taint-seconds', seconds);
      // A second of slack for the time between the taint reaching the API and this clock.
      ctx.expect.ok(seconds >= 4, `the pod was evicted after its 5 s toleration (${seconds.toFixed(1)} s after the taint)`);
    },
  },
];
