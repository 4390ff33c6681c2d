// Workload behaviour the scheduler and kubelet share: a Deployment replaces
// a deleted pod, and restartPolicy decides what a container's exit does.
import type { Scenario } from '../../src/runner/scenario.ts';
import { isRunning, nameOf, pod, podsPath, schedulableNodes, waitForPod, type Pod } from './helpers/cluster.ts';

const exitingContainerConformance = '[sig-node] Container Runtime blackbox test on terminated container / when starting a container that exits should run with the expected status [NodeConformance] [Conformance]';

export const scenarios: Scenario[] = [
  {
    name: 'deployment-replaces-deleted-pod',
    description: 'A Deployment whose pod is deleted creates a replacement and is back to its replica count.',
    conformance: '[sig-apps] ReplicaSet: a deleted pod of a ReplicaSet (owned by a Deployment) is replaced so the desired replicas run again',
    tags: ['scheduling', 'workloads'],
    timeoutMs: 90_000,
    disruptive: false,
    async run(ctx) {
      await schedulableNodes(ctx, 1);
      const template = pod('web', { image: 'nginx' });
      await ctx.apply({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: template.metadata, spec: template.spec } },
      });
      const runningPods = (what: string, exclude?: string) => ctx.waitFor<Pod>(podsPath(ctx), (pods) => {
        const up = pods.filter((p) => isRunning(p) && nameOf(p) !== exclude);
        return up.length === 3 ? up : undefined;
      }, what, { labelSelector: 'app=web' }) as Promise<Pod[]>;
      const first = await ctx.timed('waiting for 3 pods to run', () => runningPods('3 web pods running'));
      const victim = nameOf(first[0]!);
      await ctx.client.delete(`${podsPath(ctx)}/${victim}`, { gracePeriodSeconds: 0 });
      ctx.step(`deleted pod ${victim}`);
      const after = await ctx.timed('waiting for a replacement', () => runningPods(`3 web pods running other than ${victim}`, victim));
      ctx.expect.ok(after.every((p) => nameOf(p) !== victim), 'the deleted pod is not counted among the running ones');
    },
  },
  {
    name: 'restart-policy-never-ends-failed',
    description: 'A pod with restartPolicy Never whose container exits non-zero ends in phase Failed without restarts.',
    conformance: exitingContainerConformance,
    tags: ['workloads', 'restart-policy'],
    timeoutMs: 60_000,
    disruptive: false,
    async run(ctx) {
      await schedulableNodes(ctx, 1);
      await ctx.apply(pod('fails-once', { command: ['false'], restartPolicy: 'Never' }));
      const failed = await ctx.timed('waiting for phase Failed', () => waitForPod(ctx, 'fails-once', (p) => p.status?.phase === 'Failed', 'pod fails-once in phase Failed'));
      ctx.expect.equal(failed.status?.containerStatuses?.[0]?.restartCount ?? 0, 0, 'the container was not restarted');
    },
  },
  {
    name: 'restart-policy-onfailure-restarts',
    description: 'A pod with restartPolicy OnFailure whose container exits non-zero has its container restarted (restartCount above 0).',
    conformance: exitingContainerConformance,
    tags: ['workloads', 'restart-policy'],
    timeoutMs: 60_000,
    disruptive: false,
    async run(ctx) {
      await schedulableNodes(ctx, 1);
      await ctx.apply(pod('keeps-failing', { command: ['false'], restartPolicy: 'OnFailure' }));
      const restarted = await ctx.timed('waiting for a restart', () =>
        waitForPod(ctx, 'keeps-failing', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) > 0, 'pod keeps-failing with restartCount above 0'));
      ctx.expect.ok(restarted.status?.phase !== 'Failed' && restarted.status?.phase !== 'Succeeded', `the pod stays active (phase ${restarted.status?.phase})`);
    },
  },
  {
    name: 'restart-policy-never-ends-succeeded',
    description: 'A pod with restartPolicy Never whose container exits 0 ends in phase Succeeded.',
    conformance: exitingContainerConformance,
    tags: ['workloads', 'restart-policy'],
    timeoutMs: 60_000,
    disruptive: false,
    async run(ctx) {
      await schedulableNodes(ctx, 1);
      await ctx.apply(pod('succeeds', { command: ['true'], restartPolicy: 'Never' }));
      await ctx.timed('waiting for phase Succeeded', () => waitForPod(ctx, 'succeeds', (p) => p.status?.phase === 'Succeeded', 'pod succeeds in phase Succeeded'));
    },
  },
];
