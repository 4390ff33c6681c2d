import t from 'tap';
import { goJson } from '../../../../src/reference/api/protobuf/go-json.ts';
import { messageType } from '../../../../src/reference/api/protobuf/schema.ts';

/** Encodes `object` as a message of `typeName` the way a gogo client would (every field given is on the wire), decodes it and converts it. */
function roundTrip(typeName: string, object: Record<string, unknown>): unknown {
  const type = messageType(typeName);
  const wire = type.encode(type.fromObject(object)).finish();
  return goJson(type, type.decode(wire) as unknown as Record<string, unknown>);
}

const core = 'k8s.io.api.core.v1';

t.test('value fields: zero strings and booleans go, numeric zeros follow the JSON tag', async (t) => {
  const meta = { name: 'a', generateName: '', namespace: '', uid: '', resourceVersion: '', generation: 0, creationTimestamp: {} };
  t.strictSame(roundTrip(`${core}.ConfigMap`, { metadata: meta, data: { k: 'v' } }), { metadata: { name: 'a' }, data: { k: 'v' } }, 'generation is omitempty');
  const port = { name: '', hostPort: 0, containerPort: 0, protocol: '', hostIP: '' };
  t.strictSame(roundTrip(`${core}.ContainerPort`, port), { containerPort: 0 }, 'containerPort has no omitempty, hostPort has');
  t.strictSame(roundTrip(`${core}.Container`, { name: 'c', image: 'i', stdin: false, tty: false, resources: {} }), { name: 'c', image: 'i', resources: {} }, 'structs stay, even empty');
  t.strictSame(roundTrip('k8s.io.api.apps.v1.DeploymentStatus', { replicas: 0, updatedReplicas: 0, observedGeneration: 0 }), { replicas: 0 }, 'tags disagree on replicas 1: zero kept');
  t.strictSame(roundTrip(`${core}.ConfigMapKeySelector`, { localObjectReference: { name: 'm' }, key: '' }), { name: 'm', key: '' }, 'key has no omitempty');
});

t.test('pointer fields are kept whatever their value', async (t) => {
  t.strictSame(roundTrip(`${core}.PersistentVolumeClaimSpec`, { storageClassName: '', resources: {} }), { resources: {}, storageClassName: '' });
  t.strictSame(roundTrip('k8s.io.api.apps.v1.DeploymentSpec', { replicas: 0 }), { replicas: 0 });
  t.strictSame(roundTrip(`${core}.PodSpec`, { containers: [{ name: 'c' }], automountServiceAccountToken: false }), { containers: [{ name: 'c' }], automountServiceAccountToken: false });
});

t.test('embedded structs tagged inline are flattened into the parent', async (t) => {
  t.strictSame(roundTrip(`${core}.Volume`, { name: 'v', volumeSource: { configMap: { localObjectReference: { name: 'm' }, defaultMode: 420 } } }), {
    name: 'v',
    configMap: { name: 'm', defaultMode: 420 },
  });
  t.strictSame(roundTrip(`${core}.Probe`, { handler: { httpGet: { path: '/', port: { type: 1, strVal: 'http' }, host: '', scheme: 'HTTP' } }, periodSeconds: 10 }), {
    httpGet: { path: '/', port: 'http', scheme: 'HTTP' },
    periodSeconds: 10,
  });
});

t.test('types with their own Go JSON form', async (t) => {
  t.strictSame(roundTrip(`${core}.ServicePort`, { port: 80, targetPort: { type: 0, intVal: 8080 }, nodePort: 0 }), { port: 80, targetPort: 8080 }, 'IntOrString as a number');
  t.strictSame(roundTrip(`${core}.ServicePort`, { port: 80, targetPort: { type: 1, strVal: 'web' } }), { port: 80, targetPort: 'web' }, 'IntOrString as a string');
  t.strictSame(roundTrip(`${core}.ResourceRequirements`, { limits: { cpu: { string: '500m' }, memory: { string: '1Gi' } } }), { limits: { cpu: '500m', memory: '1Gi' } });
  t.strictSame(roundTrip('k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta', {
    name: 'a',
    creationTimestamp: { seconds: 1795660026 },
    deletionTimestamp: { seconds: 1795660086, nanos: 5 },
    managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: { seconds: 1795660026 }, fieldsType: 'FieldsV1', fieldsV1: { Raw: Buffer.from('{"f:data":{"f:k":{}}}') } }],
  }), {
    name: 'a',
    creationTimestamp: '2026-11-26T02:27:06Z',
    deletionTimestamp: '2026-11-26T02:28:06Z',
    managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2026-11-26T02:27:06Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:k': {} } } }],
  }, 'Time drops nanoseconds, FieldsV1 is its JSON');
  t.strictSame(roundTrip('k8s.io.api.coordination.v1.LeaseSpec', { holderIdentity: 'n', renewTime: { seconds: 1795660026, nanos: 123456789 } }), {
    holderIdentity: 'n',
    renewTime: '2026-11-26T02:27:06.123456Z',
  }, 'MicroTime keeps microseconds');
  t.strictSame(roundTrip('k8s.io.api.apps.v1.ControllerRevision', { metadata: { name: 'r' }, data: { raw: Buffer.from('{"spec":{"replicas":1}}') }, revision: 2 }), {
    metadata: { name: 'r' },
    data: { spec: { replicas: 1 } },
    revision: 2,
  }, 'RawExtension is its JSON');
  t.strictSame(roundTrip('k8s.io.api.authentication.v1.UserInfo', { username: 'u', extra: { scopes: { items: ['a', 'b'] } } }), { username: 'u', extra: { scopes: ['a', 'b'] } }, 'ExtraValue is a list');
});

t.test('bytes are base64, in fields and in maps', async (t) => {
  t.strictSame(roundTrip(`${core}.Secret`, { metadata: {}, data: { p: Buffer.from('x') }, type: 'Opaque' }), { metadata: {}, data: { p: 'eA==' }, type: 'Opaque' });
  t.strictSame(roundTrip(`${core}.ConfigMap`, { metadata: {}, binaryData: { b: Buffer.from([0, 255]) } }), { metadata: {}, binaryData: { b: 'AP8=' } });
});

t.test('an embedded JSON document that does not parse is an error', async (t) => {
  t.throws(() => roundTrip('k8s.io.api.apps.v1.ControllerRevision', { data: { raw: Buffer.from('{nope') } }), /embedded object \(RawExtension\) is not JSON/);
});
