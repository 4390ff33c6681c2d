import t from 'tap';
import { applyMergePatch } from '../../../../src/reference/api/patch/merge-patch.ts';
import type { JsonValue } from '../../../../src/reference/api/object.ts';

// RFC 7386 appendix A; the cases with a null or scalar patch are below.
const cases: [JsonValue, JsonValue, JsonValue][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  // Beyond the RFC: labels of an object, and nulls inside new nested objects.
  [{ metadata: { labels: { app: 'web', tier: 'fe' } } }, { metadata: { labels: { tier: null, env: 'prod' } } }, { metadata: { labels: { app: 'web', env: 'prod' } } }],
  [{ spec: {} }, { spec: { template: { spec: { nodeName: null, restartPolicy: 'Always' } } } }, { spec: { template: { spec: { restartPolicy: 'Always' } } } }],
];

t.test('RFC 7386 examples', async (t) => {
  for (const [target, patch, want] of cases) {
    const copy = structuredClone(target);
    t.same(applyMergePatch(copy, patch), want, `${JSON.stringify(target)} + ${JSON.stringify(patch)}`);
    t.same(copy, target, 'input untouched');
  }
});

t.test('a null or scalar patch is 400 "Invalid JSON Patch", as kube-apiserver answers', async (t) => {
  for (const patch of [null, 'bar', 1, true]) {
    t.throws(() => applyMergePatch({ a: 'foo' }, patch), { status: 400, reason: 'BadRequest', message: 'Invalid JSON Patch' }, JSON.stringify(patch));
  }
});
