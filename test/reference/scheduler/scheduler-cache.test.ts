import t from 'tap';
import { SchedulerCache } from '../../../src/reference/scheduler/scheduler-cache.ts';
import { makeNode, makePod } from './fixtures/objects.ts';

function cpuOn(cache: SchedulerCache, node: string): number | undefined {
  return cache.snapshot().find((n) => n.name === node)?.requested.get('cpu');
}

t.test('assumed pods count until the binding is seen or forgotten', async (t) => {
  const cache = new SchedulerCache();
  cache.setNode(makeNode('a'));
  const pod = makePod('p', { cpu: '1' });
  cache.assume(pod, 'a');
  t.equal(cpuOn(cache, 'a'), 1000);
  cache.setPod(pod);
  t.equal(cpuOn(cache, 'a'), 1000, 'an informer update from before the binding keeps the assumption');
  cache.setPod({ ...pod, spec: { ...pod.spec, nodeName: 'a' } });
  cache.forget('default/p');
  t.equal(cpuOn(cache, 'a'), 1000, 'a confirmed binding is no longer an assumption');
  cache.assume(makePod('q', { cpu: '1' }), 'a');
  cache.forget('default/q');
  t.equal(cpuOn(cache, 'a'), 1000);
});

t.test('finished pods free their node; pods of a deleted node go with it', async (t) => {
  const cache = new SchedulerCache();
  cache.setNode(makeNode('a'));
  const bound = makePod('p', { cpu: '1', spec: { nodeName: 'a' } });
  cache.setPod(bound);
  cache.setPod({ ...bound, status: { phase: 'Succeeded' } });
  t.equal(cpuOn(cache, 'a'), 0);
  cache.setPod(bound);
  cache.removeNode('a');
  t.same(cache.snapshot(), []);
  cache.setNode(makeNode('a'));
  t.equal(cpuOn(cache, 'a'), 1000, 'a node that comes back still has its pods');
  cache.removePod('default/p');
  t.equal(cpuOn(cache, 'a'), 0);
});
