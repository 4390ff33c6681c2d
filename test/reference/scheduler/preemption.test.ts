import t from 'tap';
import { defaultProfile } from '../../../src/reference/scheduler/default-profile.ts';
import { attemptScheduling } from '../../../src/reference/scheduler/scheduling-attempt.ts';
import type { Pod } from '../../../src/reference/scheduler/pod-types.ts';
import { makeNode, makePod, makeSnapshot } from './fixtures/objects.ts';

const profile = defaultProfile();
const withPriority = (name: string, priority: number, cpu: string) => makePod(name, { cpu, spec: { priority } });

t.test('evicts the fewest, least important lower-priority pods', async (t) => {
  const nodes = [makeNode('a', { cpu: '2' }), makeNode('b', { cpu: '2' })];
  const bound: [Pod, string][] = [
    [withPriority('a-mid', 50, '2'), 'a'],
    [withPriority('b-low1', 10, '1'), 'b'],
    [withPriority('b-low2', 20, '1'), 'b'],
  ];
  const result = attemptScheduling(profile, withPriority('urgent', 100, '1'), makeSnapshot(nodes, bound));
  t.ok('message' in result && result.preemption);
  if (!('message' in result) || !result.preemption) return;
  // On a the only victim would have priority 50, on b the one of priority 10 is enough.
  t.equal(result.preemption.nodeName, 'b');
  t.same(result.preemption.victims.map((v) => v.metadata!.name), ['b-low1']);
  t.equal(result.message, '0/2 nodes are available: 2 Insufficient cpu.');
});

t.test('says why preemption cannot help', async (t) => {
  const nodes = [makeNode('a', { cpu: '2' }), makeNode('tainted', { taints: [{ key: 'k', effect: 'NoSchedule' }] })];
  const bound: [Pod, string][] = [[withPriority('same', 100, '2'), 'a']];
  const result = attemptScheduling(profile, withPriority('p', 100, '1'), makeSnapshot(nodes, bound));
  t.same(result, {
    message: '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {k: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
  });
  const never = makePod('never', { cpu: '1', spec: { priority: 1000, preemptionPolicy: 'Never' } });
  t.same(attemptScheduling(profile, never, makeSnapshot(nodes, bound)), {
    message: '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {k: }. preemption: not eligible due to preemptionPolicy=Never.',
  });
});

t.test('a node where evicting every lower-priority pod is still not enough gives its filter reason', async (t) => {
  const nodes = [makeNode('a', { cpu: '2' })];
  const bound: [Pod, string][] = [[withPriority('low', 1, '1'), 'a'], [withPriority('high', 500, '1'), 'a']];
  t.same(attemptScheduling(profile, withPriority('p', 100, '2'), makeSnapshot(nodes, bound)), {
    message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.',
  });
});

t.test('room kept for a nominated pod goes only to pods of at least its priority', async (t) => {
  const nodes = makeSnapshot([makeNode('a', { cpu: '2' }), makeNode('b', { cpu: '2' })], [[withPriority('busy', 0, '500m'), 'b']]);
  const nominee = { ...withPriority('nominee', 100, '2'), status: { nominatedNodeName: 'a' } };
  const lookups = { nominatedPods: (node: string) => (node === 'a' ? [nominee] : []) };
  t.same(attemptScheduling(profile, withPriority('low', 10, '1'), nodes, lookups), { nodeName: 'b' });
  t.same(attemptScheduling(profile, withPriority('high', 200, '1'), nodes, lookups), { nodeName: 'a' });
  t.same(attemptScheduling(profile, nominee, nodes, lookups), { nodeName: 'a' }, 'the nominee does not block itself');
});
