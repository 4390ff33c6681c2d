import t from 'tap';
import { FieldSet } from '../../../../src/reference/api/patch/field-set.ts';
import { pathString, type PathElement } from '../../../../src/reference/api/patch/field-path.ts';

// FieldsV1 as kube-apiserver writes it: `.` first, then fields, keyed items,
// set values and indices, each group in order (numbers before strings).
const written = JSON.stringify({
  'f:metadata': { 'f:finalizers': { '.': {}, 'v:"a.example.com/x"': {}, 'v:"b.example.com/x"': {} }, 'f:labels': { '.': {}, 'f:app': {} } },
  'f:spec': {
    'f:ports': {
      'k:{"port":53,"protocol":"UDP"}': { '.': {}, 'f:port': {}, 'f:protocol': {} },
      'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} },
      'k:{"port":80,"protocol":"UDP"}': { '.': {}, 'f:port': {} },
    },
    'f:selector': {},
  },
});

t.test('FieldsV1 reads and writes back byte for byte', async (t) => {
  t.equal(JSON.stringify(FieldSet.fromFieldsV1(JSON.parse(written)).toFieldsV1()), written);
});

t.test('paths come out sorted whatever the insertion order', async (t) => {
  const set = FieldSet.of([
    [{ field: 'spec' }, { field: 'selector' }],
    [{ field: 'spec' }, { field: 'ports' }, { key: [{ name: 'port', value: 80 }, { name: 'protocol', value: 'UDP' }] }, { field: 'port' }],
    [{ field: 'spec' }, { field: 'ports' }, { key: [{ name: 'port', value: 80 }, { name: 'protocol', value: 'UDP' }] }],
    [{ field: 'metadata' }, { field: 'labels' }],
    [{ field: 'metadata' }, { field: 'labels' }, { field: 'app' }],
    [{ field: 'metadata' }, { field: 'finalizers' }, { value: 'b.example.com/x' }],
    [{ field: 'metadata' }, { field: 'finalizers' }, { value: 'a.example.com/x' }],
    [{ field: 'metadata' }, { field: 'finalizers' }],
    [{ field: 'spec' }, { field: 'ports' }, { key: [{ name: 'port', value: 80 }, { name: 'protocol', value: 'TCP' }] }, { field: 'targetPort' }],
    [{ field: 'spec' }, { field: 'ports' }, { key: [{ name: 'port', value: 80 }, { name: 'protocol', value: 'TCP' }] }, { field: 'port' }],
    [{ field: 'spec' }, { field: 'ports' }, { key: [{ name: 'port', value: 80 }, { name: 'protocol', value: 'TCP' }] }],
    [{ field: 'spec' }, { field: 'ports' }, { key: [{ name: 'port', value: 53 }, { name: 'protocol', value: 'UDP' }] }, { field: 'protocol' }],
    [{ field: 'spec' }, { field: 'ports' }, { key: [{ name: 'port', value: 53 }, { name: 'protocol', value: 'UDP' }] }, { field: 'port' }],
    [{ field: 'spec' }, { field: 'ports' }, { key: [{ name: 'port', value: 53 }, { name: 'protocol', value: 'UDP' }] }],
  ]);
  t.equal(JSON.stringify(set.toFieldsV1()), written);
});

t.test('set algebra', async (t) => {
  const p = (...fields: string[]): PathElement[] => fields.map((field) => ({ field }));
  const a = FieldSet.of([p('spec', 'replicas'), p('spec', 'paused'), p('metadata', 'labels', 'app')]);
  const b = FieldSet.of([p('spec', 'replicas'), p('metadata', 'labels', 'tier')]);
  const list = (s: FieldSet) => s.paths().map(pathString);
  t.same(list(a.intersection(b)), ['.spec.replicas']);
  t.same(list(a.difference(b)), ['.metadata.labels.app', '.spec.paused']);
  t.same(list(a.union(b)), ['.metadata.labels.app', '.metadata.labels.tier', '.spec.paused', '.spec.replicas']);
  t.ok(a.has(p('spec', 'paused')));
  t.notOk(a.has(p('spec')), 'a parent of members is not a member');
  t.same(list(a.withPrefix({ field: 'spec' })), ['.paused', '.replicas']);
});

t.test('paths render as in conflict messages', async (t) => {
  t.equal(pathString([{ field: 'spec' }, { field: 'containers' }, { key: [{ name: 'name', value: 'web' }] }, { field: 'image' }]), '.spec.containers[name="web"].image');
  t.equal(pathString([{ field: 'metadata' }, { field: 'finalizers' }, { value: 'x' }]), '.metadata.finalizers[="x"]');
});

t.test('what is not FieldsV1 is refused', async (t) => {
  t.throws(() => FieldSet.fromFieldsV1({ 'x:y': {} }), /unknown path element type/);
  t.throws(() => FieldSet.fromFieldsV1({ 'f:a': 1 }), /must be an object/);
  t.throws(() => FieldSet.fromFieldsV1([]), /must be an object/);
});
