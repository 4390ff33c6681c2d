import t, { type Test } from 'tap';
import { ApiError } from '../../../../src/reference/api/status.ts';
import { decodeProtobufObject } from '../../../../src/reference/api/protobuf/decode-object.ts';
import { protobufMagic } from '../../../../src/reference/api/protobuf/envelope.ts';
import { messageType } from '../../../../src/reference/api/protobuf/schema.ts';

function encode(typeName: string, object: Record<string, unknown>): Uint8Array {
  const type = messageType(typeName);
  return type.encode(type.fromObject(object)).finish();
}

function envelope(apiVersion: string, kind: string, raw: Uint8Array, extra: Record<string, string> = {}): Buffer {
  const unknown = encode('k8s.io.apimachinery.pkg.runtime.Unknown', { typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '', ...extra });
  return Buffer.concat([protobufMagic, unknown]);
}

function apiError(t: Test, body: Buffer, code: number, message: RegExp): void {
  try {
    decodeProtobufObject(body);
    t.fail(`decoded, wanted ${code} ${message}`);
  } catch (err) {
    t.ok(err instanceof ApiError, 'an ApiError');
    t.match({ code: (err as ApiError).code, message: (err as Error).message }, { code, message }, `${code} ${message}`);
  }
}

const configMap = encode('k8s.io.api.core.v1.ConfigMap', { metadata: { name: 'a', namespace: '' }, data: { k: 'v' } });

t.test('an object gets apiVersion and kind from the envelope', async (t) => {
  t.strictSame(decodeProtobufObject(envelope('v1', 'ConfigMap', configMap)), { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'a' }, data: { k: 'v' } });
  const lease = encode('k8s.io.api.coordination.v1.Lease', { metadata: { name: 'l' }, spec: { holderIdentity: 'n' } });
  t.strictSame(decodeProtobufObject(envelope('coordination.k8s.io/v1', 'Lease', lease)), { kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', metadata: { name: 'l' }, spec: { holderIdentity: 'n' } });
});

t.test('meta/v1 options kinds are found in every group version', async (t) => {
  const options = encode('k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions', { propagationPolicy: 'Foreground', gracePeriodSeconds: 0 });
  t.strictSame(decodeProtobufObject(envelope('apps/v1', 'DeleteOptions', options)), { kind: 'DeleteOptions', apiVersion: 'apps/v1', gracePeriodSeconds: 0, propagationPolicy: 'Foreground' });
  t.strictSame(decodeProtobufObject(envelope('meta.k8s.io/v1', 'DeleteOptions', options)), { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', gracePeriodSeconds: 0, propagationPolicy: 'Foreground' });
});

t.test('a body that is not a protobuf envelope is a bad request', async (t) => {
  apiError(t, Buffer.alloc(0), 400, /^empty data$/);
  apiError(t, Buffer.from('{"kind":"ConfigMap"}'), 400, /does not appear to be a protobuf message, expected prefix \[107 56 115 0\]/);
  apiError(t, Buffer.from(protobufMagic), 400, /^empty body$/);
  apiError(t, Buffer.concat([protobufMagic, Buffer.from([0x0a, 0x7f, 0x01])]), 400, /the object provided is unrecognized: runtime.Unknown: /);
  apiError(t, envelope('v1', '', configMap), 400, /Object 'Kind' is missing/);
  apiError(t, envelope('', 'ConfigMap', configMap), 400, /Object 'apiVersion' is missing/);
});

t.test('a malformed object is a bad request naming the kind', async (t) => {
  apiError(t, envelope('v1', 'ConfigMap', configMap.subarray(0, configMap.length - 2)), 400, /^ConfigMap in version "v1" cannot be handled as a ConfigMap: /);
  apiError(t, envelope('v1', 'ConfigMap', configMap, { contentEncoding: 'gzip' }), 400, /content encoding "gzip" is not supported/);
  apiError(t, envelope('v1', 'ConfigMap', configMap, { contentType: 'application/json' }), 400, /raw content type "application\/json" is not supported/);
});

t.test('kinds and group versions without a protobuf message', async (t) => {
  apiError(t, envelope('v1', 'Widget', configMap), 400, /^no kind "Widget" is registered for version "v1"$/);
  apiError(t, envelope('v1', 'k8s.io.api.core.v1.ConfigMap', configMap), 400, /no kind/);
  apiError(t, envelope('example.com/v1', 'Widget', configMap), 415, /^the body of the request was in an unknown format - accepted media types include: application\/json, application\/yaml/);
  apiError(t, envelope('apps/v1beta1', 'Deployment', configMap), 415, /no protobuf schema for apps\/v1beta1/);
});
