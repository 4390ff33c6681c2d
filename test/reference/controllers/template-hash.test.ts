import t from 'tap';
import { computeTemplateHash, fnv32a, safeEncodeString, templatesEqualIgnoringHash } from '../../../src/reference/controllers/template-hash.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

t.test('FNV-32a matches the reference vectors', async (t) => {
  t.equal(fnv32a(bytes('')), 0x811c9dc5);
  t.equal(fnv32a(bytes('a')), 0xe40c292c);
  t.equal(fnv32a(bytes('foobar')), 0xbf9cf968);
});

t.test('safe encoding spells digits without vowels or look-alikes', async (t) => {
  t.equal(safeEncodeString('0123456789'), '456789bcdf');
});

t.test('the hash ignores key order and changes with the collision count', async (t) => {
  const a = { metadata: { labels: { app: 'web', tier: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
  const b = { spec: { containers: [{ image: 'i', name: 'c' }] }, metadata: { labels: { tier: 'x', app: 'web' } } };
  t.equal(computeTemplateHash(a), computeTemplateHash(b));
  t.match(computeTemplateHash(a), /^[456789bcdf]{1,10}$/);
  t.not(computeTemplateHash(a, 1), computeTemplateHash(a));
  t.not(computeTemplateHash(a, 1), computeTemplateHash(a, 2));
});

t.test('templates compare equal but for pod-template-hash', async (t) => {
  const tpl = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
  t.ok(templatesEqualIgnoringHash(tpl, { ...tpl, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } } }));
  t.notOk(templatesEqualIgnoringHash(tpl, { ...tpl, spec: { containers: [{ name: 'c', image: 'j' }] } }));
});

t.test('the template hash: stable, order-blind, changes with the template, safe letters only', async (t) => {
  const a = { metadata: { labels: { app: 'x', tier: 'web' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } };
  const reordered = { spec: { containers: [{ image: 'i:1', name: 'c' }] }, metadata: { labels: { tier: 'web', app: 'x' } } };
  t.equal(computeTemplateHash(a), computeTemplateHash(structuredClone(a)));
  t.equal(computeTemplateHash(a), computeTemplateHash(reordered), 'key order does not matter');
  t.not(computeTemplateHash(a), computeTemplateHash({ ...a, spec: { containers: [{ name: 'c', image: 'i:2' }] } }));
  t.not(computeTemplateHash([1, 2]), computeTemplateHash([2, 1]), 'list order does');
  t.match(computeTemplateHash(a), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
});
