import t from 'tap';
import { applyStrategicMergePatch } from '../../../../src/reference/api/patch/strategic-merge-patch.ts';
import type { KubeObject } from '../../../../src/reference/api/object.ts';
import { typeInfo } from './fixtures/type-info.ts';

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'p' }): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata, spec });
const patchPod = (original: KubeObject, patch: unknown) =>
  applyStrategicMergePatch({ original, patch, apiVersion: 'v1', kind: 'Pod', typeInfo });
const names = (list: unknown) => (list as { name: string }[]).map((c) => c.name);

const web = { name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] };
const side = { name: 'side', image: 'busybox' };

const cases: { name: string; original: KubeObject; patch: unknown; want: KubeObject }[] = [
  {
    name: 'lists with a merge key merge item by item',
    original: pod({ containers: [web, side] }),
    patch: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } },
    want: pod({ containers: [{ ...web, image: 'nginx:2' }, side] }),
  },
  {
    name: 'nested lists merge by their own keys',
    original: pod({ containers: [web] }),
    patch: { spec: { containers: [{ name: 'web', env: [{ name: 'B', value: 'two' }], ports: [{ containerPort: 80, name: 'http' }] }] } },
    want: pod({ containers: [{ ...web, ports: [{ containerPort: 80, name: 'http' }], env: [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }] }] }),
  },
  {
    name: 'an item new to the list lands before the live-only items',
    original: pod({ containers: [web] }),
    patch: { spec: { containers: [side] } },
    want: pod({ containers: [side, web] }),
  },
  {
    name: '$patch: delete removes the item with that key',
    original: pod({ containers: [web, side] }),
    patch: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } },
    want: pod({ containers: [web] }),
  },
  {
    name: '$patch: replace in a list makes the patch the list',
    original: pod({ containers: [web, side] }),
    patch: { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } },
    want: pod({ containers: [{ name: 'only', image: 'x' }] }),
  },
  {
    name: '$patch: replace in a map replaces the map',
    original: pod({ nodeSelector: { a: '1' } }, { name: 'p', labels: { app: 'web', tier: 'fe' } }),
    patch: { metadata: { labels: { $patch: 'replace', only: 'this' } } },
    want: pod({ nodeSelector: { a: '1' } }, { name: 'p', labels: { only: 'this' } }),
  },
  {
    name: '$patch: delete in a map empties it',
    original: pod({}, { name: 'p', labels: { app: 'web' } }),
    patch: { metadata: { labels: { $patch: 'delete' } } },
    want: pod({}, { name: 'p', labels: {} }),
  },
  {
    name: 'null deletes a field',
    original: pod({ nodeName: 'n1', restartPolicy: 'Always' }, { name: 'p', labels: { app: 'web', tier: 'fe' } }),
    patch: { spec: { nodeName: null }, metadata: { labels: { tier: null } } },
    want: pod({ restartPolicy: 'Always' }, { name: 'p', labels: { app: 'web' } }),
  },
  {
    name: 'nulls and directives in a value new to the object are dropped',
    original: pod({}),
    patch: { spec: { containers: [{ name: 'web', image: null, env: [{ name: 'A', $patch: 'delete' }] }] } },
    want: pod({ containers: [{ name: 'web', env: [] }] }),
  },
  {
    name: 'primitive lists with strategy merge are unions',
    original: pod({}, { name: 'p', finalizers: ['a', 'b'] }),
    patch: { metadata: { finalizers: ['b', 'c'] } },
    want: pod({}, { name: 'p', finalizers: ['a', 'b', 'c'] }),
  },
  {
    name: '$deleteFromPrimitiveList removes values',
    original: pod({}, { name: 'p', finalizers: ['a', 'b', 'c'] }),
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'x'] } },
    want: pod({}, { name: 'p', finalizers: ['a', 'c'] }),
  },
  {
    name: 'lists without strategy are replaced',
    original: pod({ containers: [{ name: 'web', command: ['a', 'b'] }] }),
    patch: { spec: { containers: [{ name: 'web', command: ['c'] }] } },
    want: pod({ containers: [{ name: 'web', command: ['c'] }] }),
  },
  {
    name: '$setElementOrder orders the merged list',
    original: pod({ containers: [{ name: '1', other: 'a' }, { name: '2' }, { name: '7' }, { name: '9' }, { name: '8' }, { name: '3' }, { name: '4' }] }),
    patch: { spec: { '$setElementOrder/containers': [{ name: '2' }, { name: '1' }, { name: '4' }, { name: '3' }] } },
    want: pod({ containers: [{ name: '2' }, { name: '1', other: 'a' }, { name: '7' }, { name: '9' }, { name: '8' }, { name: '4' }, { name: '3' }] }),
  },
  {
    name: '$setElementOrder with changes, as kubectl apply sends it',
    original: pod({ containers: [{ ...web, env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] }),
    patch: { spec: { containers: [{ name: 'web', '$setElementOrder/env': [{ name: 'C' }, { name: 'A' }, { name: 'B' }], env: [{ name: 'C', value: '3' }] }] } },
    want: pod({ containers: [{ ...web, env: [{ name: 'C', value: '3' }, { name: 'A', value: '1' }, { name: 'B', value: '2' }] }] }),
  },
  {
    name: 'kubectl apply dropping a container and changing another',
    original: pod({ containers: [web, side] }),
    patch: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ name: 'web', image: 'nginx:2' }, { name: 'side', $patch: 'delete' }] } },
    want: pod({ containers: [{ ...web, image: 'nginx:2' }] }),
  },
  {
    name: '$retainKeys drops the members it does not name',
    original: pod({ volumes: [{ name: 'v', emptyDir: {} }] }),
    patch: { spec: { volumes: [{ name: 'v', $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' } }] } },
    want: pod({ volumes: [{ name: 'v', configMap: { name: 'cm' } }] }),
  },
  {
    name: 'unknown kinds merge maps and replace lists, as a merge patch',
    original: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { a: { b: 1, c: 2 }, items: [{ name: 'x', v: 1 }] } },
    patch: { spec: { a: { c: null, d: 3 }, items: [{ name: 'x', v: 2 }] } },
    want: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { a: { b: 1, d: 3 }, items: [{ name: 'x', v: 2 }] } },
  },
  { name: 'a null body is no patch', original: pod({ nodeName: 'n' }), patch: null, want: pod({ nodeName: 'n' }) },
];

t.test('patches', async (t) => {
  for (const c of cases) {
    const original = structuredClone(c.original);
    t.same(patchPod(original, c.patch), c.want, c.name);
    t.same(original, c.original, `${c.name}: input untouched`);
  }
});

t.test('Deployment strategy: switching to Recreate with $retainKeys drops rollingUpdate', async (t) => {
  const original: KubeObject = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
    spec: { replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
  };
  const patched = applyStrategicMergePatch({
    original, apiVersion: 'apps/v1', kind: 'Deployment', typeInfo,
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
  });
  t.same(patched.spec, { replicas: 1, strategy: { type: 'Recreate' } });
});

t.test('Service ports merge on port', async (t) => {
  const original: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
  const patched = applyStrategicMergePatch({ original, apiVersion: 'v1', kind: 'Service', typeInfo, patch: { spec: { ports: [{ port: 80, targetPort: 9090 }] } } });
  t.same(patched.spec, { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] });
});

t.test('order: patch order first, live-only items where the live order puts them', async (t) => {
  const original = pod({ containers: ['a', 'b', 'c'].map((name) => ({ name })) });
  const patched = patchPod(original, { spec: { containers: [{ name: 'b', image: 'x' }, { name: 'd' }] } });
  t.same(names(patched.spec && (patched.spec as { containers: unknown }).containers), ['a', 'b', 'd', 'c']);
});

const errors: { name: string; patch: unknown; want: { status: number; reason: string; message: string } }[] = [
  { name: 'a body that is not an object', patch: [1], want: { status: 400, reason: 'BadRequest', message: 'json: cannot unmarshal array into Go value of type map[string]interface {}' } },
  { name: '$retainKeys not naming a patched member', patch: { spec: { containers: [{ name: 'web', $retainKeys: ['name'], image: 'x' }] } }, want: { status: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys' } },
  { name: '$retainKeys that is not a list', patch: { spec: { $retainKeys: 'x' } }, want: { status: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys' } },
  {
    name: '$setElementOrder out of step with the patch list',
    patch: { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b' }, { name: 'a' }] } },
    want: { status: 500, reason: '', message: "The order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n" },
  },
  { name: '$patch: merge in a list', patch: { spec: { containers: [{ name: 'web', $patch: 'merge' }] } }, want: { status: 500, reason: '', message: 'merging lists cannot yet be specified in the patch' } },
  { name: 'an unknown $patch', patch: { metadata: { labels: { $patch: 'frob' } } }, want: { status: 500, reason: '', message: 'unknown patch type: frob in map: map[$patch:frob]' } },
  { name: 'an item without its merge key', patch: { spec: { containers: [{ image: 'x' }] } }, want: { status: 500, reason: '', message: 'map: map[image:x] does not contain declared merge key: name' } },
  { name: 'mixed element types', patch: { metadata: { finalizers: [1] } }, want: { status: 500, reason: '', message: 'list element types are not identical: [[f] [1]]' } },
  { name: 'a list of lists', patch: { spec: { volumes: [['x']] } }, want: { status: 422, reason: 'Invalid', message: 'lists of lists are not supported' } },
];

t.test('errors carry the status kube-apiserver answers with', async (t) => {
  const original = pod({ containers: [web], volumes: [] }, { name: 'p', labels: { app: 'web' }, finalizers: ['f'] });
  for (const c of errors) t.throws(() => patchPod(original, c.patch), c.want, c.name);
});
