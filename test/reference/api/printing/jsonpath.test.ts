import t from 'tap';
import { findJsonPath, jsonPathText, parseJsonPath, JsonPathError } from '../../../../src/reference/api/printing/jsonpath.ts';

const obj = {
  metadata: { name: 'w', labels: { 'app.kubernetes.io/name': 'web' } },
  spec: { replicas: 3, paused: false, containers: [{ name: 'a', image: 'x:1', ports: [{ containerPort: 80 }] }, { name: 'b', image: 'y:2', ports: [{ containerPort: 81 }, { containerPort: 82 }] }] },
  status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Synced', status: 'False' }] },
};

t.test('paths kubectl and CRD printer columns use', async (t) => {
  t.same(findJsonPath('.spec.replicas', obj), [3]);
  t.same(findJsonPath('{.spec.replicas}', obj), [3]);
  t.same(findJsonPath('.spec.containers[0].image', obj), ['x:1']);
  t.same(findJsonPath('.spec.containers[-1].name', obj), ['b']);
  t.same(findJsonPath('.spec.containers[*].name', obj), ['a', 'b']);
  t.same(findJsonPath('.spec.containers[0:1].name', obj), ['a']);
  t.same(findJsonPath(".metadata.labels['app.kubernetes.io/name']", obj), ['web']);
  t.same(findJsonPath('.status.conditions[?(@.type=="Ready")].status', obj), ['True']);
  t.same(findJsonPath(".status.conditions[?(@.status != 'True')].type", obj), ['Synced']);
  t.same(findJsonPath('..containerPort', obj), [80, 81, 82]);
  t.same(findJsonPath('.spec.paused', obj), [false]);
  t.same(findJsonPath('.metadata[name,labels]', obj), ['w', { 'app.kubernetes.io/name': 'web' }]);
});

t.test('missing keys select nothing', async (t) => {
  t.same(findJsonPath('.spec.nothing.deeper', obj), []);
  t.same(findJsonPath('.spec.containers[5].name', obj), []);
  t.same(findJsonPath('.status.conditions[?(@.type=="Gone")].status', obj), []);
});

t.test('text of selected values, as the JSONPath printer writes it', async (t) => {
  t.equal(jsonPathText('s'), 's');
  t.equal(jsonPathText(3), '3');
  t.equal(jsonPathText(1.5), '1.5');
  t.equal(jsonPathText(true), 'true');
  t.equal(jsonPathText({ a: [1, 'b'] }), '{"a":[1,"b"]}');
});

t.test('malformed paths are refused', async (t) => {
  t.throws(() => parseJsonPath('.spec.containers[0'), new JsonPathError('unterminated array in .spec.containers[0'));
  t.throws(() => parseJsonPath('.status.conditions[?(type)]'), new JsonPathError('unrecognized filter type'));
});
