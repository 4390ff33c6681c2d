import t from 'tap';
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { findByKind } from '../../../src/reference/api/resources.ts';
import { ApiError } from '../../../src/reference/api/status.ts';
import {
  checkAppliedFields, decodeIntoType, decodePatched, fieldValidationOf, goPrint, setWarnings, unknownFields,
} from '../../../src/reference/api/unknown-fields.ts';

const configMaps = findByKind('v1', 'ConfigMap')!;
const deployments = findByKind('apps/v1', 'Deployment')!;

function deployment(extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { any: 'label' }, managedFields: [{ manager: 'm', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:free': { 'f:form': {} } } }] },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y', imagePullPolicyy: 'Always', resources: { limits: { cpu: '1' } } }] },
      },
    },
    ...extra,
  } as KubeObject;
}

function apiError(fn: () => void): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('no error');
}

t.test('unknown fields are named as Go and structured-merge-diff name them; maps and free-form fields are not', async (t) => {
  const obj = deployment({ bogus: 1 });
  t.same(unknownFields(deployments, obj, false), [
    { path: 'spec.template.spec.containers[1].imagePullPolicyy', typedPath: '.spec.template.spec.containers[name="b"].imagePullPolicyy' },
    { path: 'bogus', typedPath: '.bogus' },
  ]);
  t.ok('bogus' in obj, 'without prune, nothing changes');
  unknownFields(deployments, obj, true);
  t.notOk('bogus' in obj);
  t.same(unknownFields(deployments, obj, false), [], 'pruned');
  t.same((obj.spec as any).template.spec.containers[1], { name: 'b', image: 'y', resources: { limits: { cpu: '1' } } });
  t.same(unknownFields(configMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', extra: true }, data: { anything: 'goes' } } as KubeObject, false).map((f) => f.path), ['metadata.extra']);
});

t.test('create and update bodies follow fieldValidation', async (t) => {
  const strict = apiError(() => decodeIntoType(configMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, a: 1, b: 2 } as KubeObject, 'Strict', []));
  t.equal(strict.code, 400);
  t.equal(strict.message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "a", unknown field "b"');
  const apps = apiError(() => decodeIntoType(deployments, deployment(), 'Strict', []));
  t.equal(apps.message, 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[1].imagePullPolicyy"');
  const kindless = apiError(() => decodeIntoType(configMaps, { metadata: { name: 'x' }, a: 1 } as KubeObject, 'Strict', []));
  t.equal(kindless.message, 'the object provided is unrecognized (must be of type ConfigMap): strict decoding error: unknown field "a" ({"metadata":{"name":"x"},"a":1 ...)');

  const warnings: string[] = [];
  const warned = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, a: 1 } as KubeObject;
  decodeIntoType(configMaps, warned, 'Warn', warnings);
  t.same(warnings, ['unknown field "a"']);
  t.notOk('a' in warned);
  const ignored = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, a: 1 } as KubeObject;
  decodeIntoType(configMaps, ignored, 'Ignore', warnings);
  t.equal(warnings.length, 1);
  t.notOk('a' in ignored);
});

t.test('patched objects: a 422 on "patch" with Strict', async (t) => {
  const patched = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, a: 1 } as KubeObject;
  const err = apiError(() => decodePatched(configMaps, patched, goPrint({ a: 1 }), 'Strict', []));
  t.equal(err.code, 422);
  t.equal(err.reason, 'Invalid');
  t.equal(err.message, ' "" is invalid: patch: Invalid value: "map[a:1]": strict decoding error: unknown field "a"');
  t.same(err.details?.causes, [{ reason: 'FieldValueInvalid', message: 'Invalid value: "map[a:1]": strict decoding error: unknown field "a"', field: 'patch' }]);
  const warnings: string[] = [];
  decodePatched(configMaps, patched, '', 'Warn', warnings);
  t.same(warnings, ['unknown field "a"']);
  t.notOk('a' in patched);
});

t.test('server-side apply refuses undeclared fields', async (t) => {
  const err = apiError(() => checkAppliedFields(deployments, deployment({ bogus: 1 })));
  t.equal(err.code, 500);
  t.equal(err.message, [
    'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): errors:',
    '  .spec.template.spec.containers[name="b"].imagePullPolicyy: field not declared in schema',
    '  .bogus: field not declared in schema',
  ].join('\n'));
  const core = apiError(() => checkAppliedFields(configMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, x: 1 } as KubeObject));
  t.equal(core.message, 'failed to create typed patch object (/c; /v1, Kind=ConfigMap): .x: field not declared in schema');
  t.doesNotThrow(() => checkAppliedFields(configMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } } as KubeObject));
});

t.test('fieldValidation values and Go printing', async (t) => {
  t.equal(fieldValidationOf(new URLSearchParams('')), 'Warn');
  t.equal(fieldValidationOf(new URLSearchParams('fieldValidation=Strict')), 'Strict');
  t.equal(fieldValidationOf(new URLSearchParams('fieldValidation=Ignore')), 'Ignore');
  t.match(fieldValidationOf(new URLSearchParams('fieldValidation=strict')), { field: 'fieldValidation', message: 'Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"' });
  t.equal(goPrint({ b: [1, 'x', null], a: { c: true }, n: 1000000, f: 0.5, s: 0.00001 }), 'map[a:map[c:true] b:[1 x <nil>] f:0.5 n:1e+06 s:1e-05]');
});

t.test('Warning headers: one per distinct warning, ASCII only', async (t) => {
  const headers: Record<string, unknown> = {};
  const res = { headersSent: false, setHeader: (name: string, value: unknown) => (headers[name] = value) } as unknown as ServerResponse;
  setWarnings(res, []);
  t.same(headers, {});
  setWarnings(res, ['unknown field "a"', 'unknown field "a"', 'unknown field "bö"']);
  t.same(headers.Warning, ['299 - "unknown field \\"a\\""', '299 - "unknown field \\"b\\u00f6\\""']);
});
