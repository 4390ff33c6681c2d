// The system default topology spread constraints: the selector they use and
// how they score pods that declare no constraints.
import t from 'tap';
import { defaultSpreadSelector } from '../../../src/reference/scheduler/default-spread-selector.ts';
import { CycleState } from '../../../src/reference/scheduler/framework.ts';
import { podTopologySpreadScore } from '../../../src/reference/scheduler/plugins/pod-topology-spread.ts';
import type { Pod } from '../../../src/reference/scheduler/pod-types.ts';
import { makeNode, makePod, makeSnapshot } from './fixtures/objects.ts';
import { staticInformer } from './fixtures/static-informer.ts';

const owned = (name: string): Pod => {
  const pod = makePod(name, { labels: { app: 'web', tier: 'front' } });
  pod.metadata!.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs', controller: true }];
  return pod;
};

t.test('the selector joins selecting Services and the owning ReplicaSet', async (t) => {
  const sources = {
    services: staticInformer([
      { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } },
      { metadata: { name: 'other', namespace: 'default' }, spec: { selector: { app: 'db' } } },
      { metadata: { name: 'web', namespace: 'elsewhere' }, spec: { selector: { tier: 'front' } } },
    ]),
    replicaSets: staticInformer([{ metadata: { name: 'web-1', namespace: 'default' }, spec: { selector: { matchLabels: { tier: 'front' } } } }]),
    statefulSets: staticInformer([]),
  };
  t.same(defaultSpreadSelector(sources, owned('p')), { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] });
  t.equal(defaultSpreadSelector(sources, makePod('lonely', { labels: { app: 'cache' } })), undefined);
});

t.test('pods without constraints spread over hostnames by the defaults', async (t) => {
  const nodes = makeSnapshot([makeNode('a'), makeNode('b')], [[owned('w1'), 'a'], [owned('w2'), 'a']]);
  const state = new CycleState(owned('w3'), nodes, { defaultSpreadSelector: () => ({ matchLabels: { app: 'web' } }) });
  const scores = nodes.map((n) => podTopologySpreadScore.score(state, n));
  // hostname (maxSkew 3): a = round(2 * ln 4 + 2) = 5, b = 2; nodes without a zone label skip the zone constraint.
  t.same(scores, [5, 2]);
  podTopologySpreadScore.normalize!(state, scores);
  t.same(scores, [40, 100]);
  const unowned = new CycleState(makePod('x'), nodes, { defaultSpreadSelector: () => undefined });
  const flat = nodes.map((n) => podTopologySpreadScore.score(unowned, n));
  podTopologySpreadScore.normalize!(unowned, flat);
  t.same(flat, [0, 0]);
});
