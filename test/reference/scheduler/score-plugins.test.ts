// Score plugins: their raw scores, their normalisation to 0-100, and the
// default profile's weights deciding between nodes that all pass the filters.
import t from 'tap';
import { defaultProfile } from '../../../src/reference/scheduler/default-profile.ts';
import { CycleState, defaultNormalizeScore, runScores } from '../../../src/reference/scheduler/framework.ts';
import { balancedAllocation } from '../../../src/reference/scheduler/plugins/balanced-allocation.ts';
import { nodeResourcesFitScore } from '../../../src/reference/scheduler/plugins/node-resources-fit.ts';
import { interPodAffinityScore } from '../../../src/reference/scheduler/plugins/inter-pod-affinity.ts';
import { schedulePod } from '../../../src/reference/scheduler/schedule-pod.ts';
import type { Node, Pod } from '../../../src/reference/scheduler/pod-types.ts';
import { makeNode, makePod, makeSnapshot } from './fixtures/objects.ts';

const profile = defaultProfile();
const noTieBreak = () => 0.99;

function winner(pod: Pod, nodes: Node[], bound: [Pod, string][] = []): string | undefined {
  const result = schedulePod(profile, pod, makeSnapshot(nodes, bound), undefined, noTieBreak);
  return 'nodeName' in result ? result.nodeName : undefined;
}

t.test('the default profile weighs scores as kube-scheduler does', async (t) => {
  t.same(
    Object.fromEntries(profile.scorers.map((s) => [s.name, s.weight])),
    { TaintToleration: 3, NodeAffinity: 2, NodeResourcesFit: 1, PodTopologySpread: 2, InterPodAffinity: 2, NodeResourcesBalancedAllocation: 1 },
  );
});

t.test('defaultNormalizeScore scales by the highest score, optionally reversed', async (t) => {
  const scores = [0, 5, 10];
  defaultNormalizeScore(scores, false);
  t.same(scores, [0, 50, 100]);
  const reversed = [1, 0, 2];
  defaultNormalizeScore(reversed, true);
  t.same(reversed, [50, 100, 0]);
  const zeros = [0, 0];
  defaultNormalizeScore(zeros, true);
  t.same(zeros, [100, 100]);
});

t.test('LeastAllocated: free fraction of cpu and memory, counting default requests', async (t) => {
  const [a] = makeSnapshot([makeNode('a', { cpu: '4', memory: '8Gi' })], [[makePod('q', { cpu: '1', memory: '2Gi' }), 'a']]);
  const state = new CycleState(makePod('p', { cpu: '1', memory: '2Gi' }), [a!]);
  t.equal(nodeResourcesFitScore.score(state, a!), 50, '(4-2)/4 and (8-4)/8');
  const bestEffort = new CycleState(makePod('b'), [a!]);
  // cpu: (4000-1000-100)/4000 = 72; memory: (8192-2048-200)/8192 = 72
  t.equal(nodeResourcesFitScore.score(bestEffort, a!), 72);
  t.equal(winner(makePod('p', { cpu: '1' }), [makeNode('busy'), makeNode('idle')], [[makePod('q', { cpu: '2' }), 'busy']]), 'idle');
});

t.test('BalancedAllocation: 1 - standard deviation of the used fractions', async (t) => {
  const [a] = makeSnapshot([makeNode('a', { cpu: '4', memory: '4Gi' })]);
  t.equal(balancedAllocation.score(new CycleState(makePod('p', { cpu: '2', memory: '2Gi' }), [a!]), a!), 100);
  t.equal(balancedAllocation.score(new CycleState(makePod('p', { cpu: '2', memory: '1Gi' }), [a!]), a!), 87, 'fractions 0.5 and 0.25');
});

t.test('NodeAffinity preferences pick the node matching the heavier terms', async (t) => {
  const pod = makePod('p', {
    spec: {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
            { weight: 50, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } },
          ],
        },
      },
    },
  });
  t.equal(winner(pod, [makeNode('a', { labels: { disk: 'ssd' } }), makeNode('b', { labels: { gpu: 'x' } }), makeNode('c')]), 'b');
});

t.test('TaintToleration prefers nodes with fewer untolerated PreferNoSchedule taints', async (t) => {
  const soft = (key: string) => ({ key, effect: 'PreferNoSchedule' as const });
  const nodes = [makeNode('two', { taints: [soft('x'), soft('y')] }), makeNode('one', { taints: [soft('x')] })];
  t.equal(winner(makePod('p'), nodes), 'one');
  t.equal(winner(makePod('p', { spec: { tolerations: [{ key: 'x', operator: 'Exists' }, { key: 'y', operator: 'Exists', effect: 'PreferNoSchedule' }] } }), [nodes[0]!, makeNode('one', { taints: [soft('z')] })]), 'two', 'tolerated taints do not count');
});

t.test('PodTopologySpread ScheduleAnyway favours the emptier domain', async (t) => {
  const zone = (z: string) => ({ labels: { 'topology.kubernetes.io/zone': z } });
  const web = (name: string) =>
    makePod(name, { labels: { app: 'web' }, spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }] } });
  // z1 holds two web pods on two nodes; its nodes are as idle as z2's node by resources.
  const nodes = [makeNode('a1', zone('z1')), makeNode('a2', zone('z1')), makeNode('b1', zone('z2'))];
  t.equal(winner(web('new'), nodes, [[web('w1'), 'a1'], [web('w2'), 'a2']]), 'b1');
});

t.test('InterPodAffinity preferences: towards the affine pods, away from the anti-affine', async (t) => {
  const term = (app: string) => ({ labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' });
  const pod = makePod('p', {
    spec: {
      affinity: {
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('cache') }] },
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, podAffinityTerm: term('noisy') }] },
      },
    },
  });
  const bound: [Pod, string][] = [[makePod('cache', { labels: { app: 'cache' } }), 'a'], [makePod('noisy', { labels: { app: 'noisy' } }), 'b'], [makePod('idle', { labels: { app: 'idle' } }), 'c']];
  const nodes = makeSnapshot([makeNode('a'), makeNode('b'), makeNode('c')], bound);
  const state = new CycleState(pod, nodes);
  const raw = nodes.map((n) => interPodAffinityScore.score(state, n));
  t.same(raw, [10, -20, 0]);
  interPodAffinityScore.normalize!(state, raw);
  t.same(raw, [100, 0, 66]);
  t.equal(winner(pod, [makeNode('a'), makeNode('b'), makeNode('c')], bound), 'a');
});

t.test('runScores adds the normalised scores times their weights', async (t) => {
  const nodes = makeSnapshot([makeNode('a'), makeNode('b', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] })]);
  const state = new CycleState(makePod('p', { cpu: '2', memory: '4Gi' }), nodes);
  // TaintToleration 100*3 vs 0*3; NodeAffinity 0 (no preferences); fit 50 each; spread 0; affinity 0; balance 100 each.
  t.same(runScores(profile.scorers, state, nodes), [300 + 50 + 100, 50 + 100]);
});

t.test("InterPodAffinity counts existing pods' terms towards the incoming pod", async (t) => {
  const selects = (labels: Record<string, string>) => ({ labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' });
  const friendly = makePod('friendly', { spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: selects({ app: 'web' }) }] } } } });
  const needy = makePod('needy', { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [selects({ app: 'web' })] } } } });
  const hostile = makePod('hostile', { spec: { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 7, podAffinityTerm: selects({ app: 'web' }) }] } } } });
  const nodes = makeSnapshot([makeNode('a'), makeNode('b'), makeNode('c')], [[friendly, 'a'], [needy, 'a'], [hostile, 'b']]);
  const state = new CycleState(makePod('web', { labels: { app: 'web' } }), nodes);
  t.same(nodes.map((n) => interPodAffinityScore.score(state, n)), [5 + 1, -7, 0], 'preferred weight plus hardPodAffinityWeight 1; anti-affinity subtracts');
});

t.test('InterPodAffinity namespace selectors match namespaces by their labels', async (t) => {
  const term = { labelSelector: { matchLabels: { app: 'db' } }, namespaceSelector: { matchLabels: { team: 'data' } }, topologyKey: 'kubernetes.io/hostname' };
  const pod = makePod('p', { spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term }] } } } });
  const nodes = makeSnapshot([makeNode('a'), makeNode('b')], [[makePod('db', { namespace: 'data', labels: { app: 'db' } }), 'a'], [makePod('db', { namespace: 'other', labels: { app: 'db' } }), 'b']]);
  const labels: Record<string, Record<string, string>> = { data: { team: 'data' }, other: { team: 'web' } };
  const state = new CycleState(pod, nodes, { namespaceLabels: (ns) => labels[ns] });
  t.same(nodes.map((n) => interPodAffinityScore.score(state, n)), [10, 0]);
});
