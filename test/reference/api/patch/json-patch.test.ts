import t from 'tap';
import { applyJsonPatch } from '../../../../src/reference/api/patch/json-patch.ts';
import { PatchError } from '../../../../src/reference/api/patch/patch-error.ts';
import type { JsonValue } from '../../../../src/reference/api/object.ts';

// RFC 6902 appendix A, and kube-apiserver's (evanphx/json-patch v4) ways.
const applies: { name: string; doc: JsonValue; patch: JsonValue; want: JsonValue }[] = [
  { name: 'A.1 add an object member', doc: { foo: 'bar' }, patch: [{ op: 'add', path: '/baz', value: 'qux' }], want: { baz: 'qux', foo: 'bar' } },
  { name: 'A.2 add an array element', doc: { foo: ['bar', 'baz'] }, patch: [{ op: 'add', path: '/foo/1', value: 'qux' }], want: { foo: ['bar', 'qux', 'baz'] } },
  { name: 'A.3 remove an object member', doc: { baz: 'qux', foo: 'bar' }, patch: [{ op: 'remove', path: '/baz' }], want: { foo: 'bar' } },
  { name: 'A.4 remove an array element', doc: { foo: ['bar', 'qux', 'baz'] }, patch: [{ op: 'remove', path: '/foo/1' }], want: { foo: ['bar', 'baz'] } },
  { name: 'A.5 replace a value', doc: { baz: 'qux', foo: 'bar' }, patch: [{ op: 'replace', path: '/baz', value: 'boo' }], want: { baz: 'boo', foo: 'bar' } },
  {
    name: 'A.6 move a value',
    doc: { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    patch: [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    want: { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  },
  { name: 'A.7 move an array element', doc: { foo: ['all', 'grass', 'cows', 'eat'] }, patch: [{ op: 'move', from: '/foo/1', path: '/foo/3' }], want: { foo: ['all', 'cows', 'eat', 'grass'] } },
  {
    name: 'A.8 test a value: success',
    doc: { baz: 'qux', foo: ['a', 2, 'c'] },
    patch: [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }],
    want: { baz: 'qux', foo: ['a', 2, 'c'] },
  },
  { name: 'A.10 add a nested member object', doc: { foo: 'bar' }, patch: [{ op: 'add', path: '/child', value: { grandchild: {} } }], want: { foo: 'bar', child: { grandchild: {} } } },
  { name: 'A.11 ignore unrecognized elements', doc: { foo: 'bar' }, patch: [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }], want: { foo: 'bar', baz: 'qux' } },
  { name: 'A.14 ~ escape ordering', doc: { '/': 9, '~1': 10 }, patch: [{ op: 'test', path: '/~01', value: 10 }], want: { '/': 9, '~1': 10 } },
  { name: 'A.16 add an array value', doc: { foo: ['bar'] }, patch: [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], want: { foo: ['bar', ['abc', 'def']] } },
  { name: 'copy', doc: { a: { b: 1 } }, patch: [{ op: 'copy', from: '/a', path: '/c' }], want: { a: { b: 1 }, c: { b: 1 } } },
  { name: 'escaped slash in a label key', doc: { metadata: { labels: {} } }, patch: [{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' }], want: { metadata: { labels: { 'app.kubernetes.io/name': 'web' } } } },
  { name: 'negative index counts from the end', doc: { a: [1, 2, 3] }, patch: [{ op: 'remove', path: '/a/-1' }], want: { a: [1, 2] } },
  { name: 'replace of a missing member adds it', doc: { spec: {} }, patch: [{ op: 'replace', path: '/spec/replicas', value: 3 }], want: { spec: { replicas: 3 } } },
  { name: 'test of a missing member against null passes', doc: { a: 1 }, patch: [{ op: 'test', path: '/b', value: null }], want: { a: 1 } },
  { name: 'replace of the whole document', doc: { a: 1 }, patch: [{ op: 'replace', path: '', value: { b: 2 } }], want: { b: 2 } },
  { name: 'a null body is no patch', doc: { a: 1 }, patch: null, want: { a: 1 } },
];

t.test('applies', async (t) => {
  for (const c of applies) {
    const doc = structuredClone(c.doc);
    t.same(applyJsonPatch(doc, c.patch), c.want, c.name);
    t.same(doc, c.doc, `${c.name}: input untouched`);
  }
});

const failures: { name: string; doc: JsonValue; patch: JsonValue; detail: string }[] = [
  { name: 'A.9 test a value: error', doc: { baz: 'qux' }, patch: [{ op: 'test', path: '/baz', value: 'bar' }], detail: 'testing value /baz failed: test failed' },
  { name: 'A.12 add to a nonexistent target', doc: { foo: 'bar' }, patch: [{ op: 'add', path: '/baz/bat', value: 'qux' }], detail: 'add operation does not apply: doc is missing path: "/baz/bat": missing value' },
  { name: 'A.15 strings and numbers differ', doc: { '/': 9, '~1': 10 }, patch: [{ op: 'test', path: '/~01', value: '10' }], detail: 'testing value /~01 failed: test failed' },
  { name: 'remove a missing member', doc: { a: {} }, patch: [{ op: 'remove', path: '/a/b' }], detail: "error in remove for path: '/a/b': Unable to remove nonexistent key: b: missing value" },
  { name: 'remove past the end', doc: { a: [1] }, patch: [{ op: 'remove', path: '/a/5' }], detail: "error in remove for path: '/a/5': Unable to access invalid index: 5: invalid index referenced" },
  { name: 'add past the end', doc: { a: [1] }, patch: [{ op: 'add', path: '/a/3', value: 2 }], detail: "error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced" },
  { name: 'add at a non-index', doc: { a: [1] }, patch: [{ op: 'add', path: '/a/x', value: 2 }], detail: `error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax` },
  { name: 'replace past the end', doc: { a: [1] }, patch: [{ op: 'replace', path: '/a/1', value: 2 }], detail: 'replace operation does not apply: doc is missing key: /a/1: missing value' },
  { name: 'move from a missing parent', doc: {}, patch: [{ op: 'move', from: '/a/b', path: '/c' }], detail: 'move operation does not apply: doc is missing from path: /a/b: missing value' },
  { name: 'copy to a missing parent', doc: { a: 1 }, patch: [{ op: 'copy', from: '/a', path: '/b/c' }], detail: 'copy operation does not apply: doc is missing destination path: /b/c: missing value' },
  { name: 'test below a missing parent', doc: {}, patch: [{ op: 'test', path: '/a/b', value: 1 }], detail: 'test operation does not apply: is missing path: /a/b: missing value' },
  { name: 'an operation without a path', doc: {}, patch: [{ op: 'remove' }], detail: 'remove operation failed to decode path: missing value' },
  { name: 'an unknown operation', doc: {}, patch: [{ op: 'frob', path: '/a' }], detail: 'Unexpected kind: frob' },
  { name: 'a later operation fails after earlier ones applied', doc: { a: 1 }, patch: [{ op: 'remove', path: '/a' }, { op: 'remove', path: '/a' }], detail: "error in remove for path: '/a': Unable to remove nonexistent key: a: missing value" },
];

t.test('operations that do not apply are 422 with the generic message, the cause in detail', async (t) => {
  for (const c of failures) {
    t.throws(() => applyJsonPatch(c.doc, c.patch),
      new PatchError(422, 'Invalid', 'the server rejected our request due to an error in our request', c.detail), c.name);
  }
});

t.test('a body that is not a list of operations is 400', async (t) => {
  t.throws(() => applyJsonPatch({}, { op: 'add' }), { status: 400, message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' });
  t.throws(() => applyJsonPatch({}, ['add']), { status: 400, message: 'json: cannot unmarshal string into Go value of type jsonpatch.Operation' });
});

t.test('more than 10000 operations is 413', async (t) => {
  const patch = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/a', value: 1 }));
  t.throws(() => applyJsonPatch({ a: 1 }, patch), { status: 413, reason: 'RequestEntityTooLarge', message: 'The allowed maximum operations in a JSON patch is 10000, got 10001' });
});
