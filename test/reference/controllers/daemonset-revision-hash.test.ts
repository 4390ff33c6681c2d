import t from 'tap';
import { templateHash } from '../../../src/reference/controllers/daemonset-revision-hash.ts';

t.test('the template hash: stable, order-blind, changes with the template, safe letters only', async (t) => {
  const a = { metadata: { labels: { app: 'x', tier: 'web' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } };
  const reordered = { spec: { containers: [{ image: 'i:1', name: 'c' }] }, metadata: { labels: { tier: 'web', app: 'x' } } };
  t.equal(templateHash(a), templateHash(structuredClone(a)));
  t.equal(templateHash(a), templateHash(reordered), 'key order does not matter');
  t.not(templateHash(a), templateHash({ ...a, spec: { containers: [{ name: 'c', image: 'i:2' }] } }));
  t.not(templateHash([1, 2]), templateHash([2, 1]), 'list order does');
  t.match(templateHash(a), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
});
