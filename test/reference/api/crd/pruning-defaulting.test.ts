import t from 'tap';
import type { JSONSchemaProps } from '../../../../src/reference/api/crd/crd-object.ts';
import { applySchemaDefaults } from '../../../../src/reference/api/crd/defaulting.ts';
import { prunedFields } from '../../../../src/reference/api/crd/pruning.ts';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        size: { type: 'string', default: 'small' },
        limits: { type: 'object', default: { cpu: 1 }, properties: { cpu: { type: 'integer' }, memory: { type: 'integer', default: 64 } } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, protocol: { type: 'string', default: 'TCP' } } },
        },
        labels: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'string' } } } },
        empty: { type: 'object' },
        note: { type: 'string', nullable: true, default: 'n' },
      },
    },
  },
};

t.test('pruning drops what the schema does not specify and reports it', async (t) => {
  const obj = {
    apiVersion: 'x/v1',
    kind: 'X',
    metadata: { name: 'a' },
    top: 1,
    spec: {
      size: 'large',
      bogus: true,
      free: { anything: 1, known: { a: 'x', b: 'pruned' } },
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 'y', z: 1 }, other: 2 },
      ports: [{ name: 'http', extra: 1 }],
      labels: { one: { v: 'a', w: 'b' } },
      empty: { gone: 1 },
    },
  };
  const found = prunedFields(schema, obj, true);
  t.same(found.map((f) => f.path), ['top', 'spec.bogus', 'spec.free.known.b', 'spec.template.spec.z', 'spec.template.other', 'spec.ports[0].extra', 'spec.labels.one.w', 'spec.empty.gone']);
  t.equal(found.find((f) => f.path === 'spec.ports[0].extra')!.typedPath, '.spec.ports[name="http"].extra');
  t.same(obj, {
    apiVersion: 'x/v1',
    kind: 'X',
    metadata: { name: 'a' },
    spec: {
      size: 'large',
      free: { anything: 1, known: { a: 'x' } },
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 'y' } },
      ports: [{ name: 'http' }],
      labels: { one: { v: 'a' } },
      empty: {},
    },
  });
  const kept = { spec: { bogus: 1 } };
  t.equal(prunedFields(schema, kept, false).length, 1);
  t.same(kept, { spec: { bogus: 1 } }, 'without prune the object stays');
});

t.test('defaulting fills absent fields at every depth', async (t) => {
  const obj: Record<string, unknown> = { spec: { ports: [{ name: 'a' }, { name: 'b', protocol: 'UDP' }], note: null } };
  applySchemaDefaults(schema, obj);
  t.same(obj, {
    spec: {
      size: 'small',
      limits: { cpu: 1, memory: 64 },
      ports: [{ name: 'a', protocol: 'TCP' }, { name: 'b', protocol: 'UDP' }],
      note: null,
    },
  });
  const none: Record<string, unknown> = {};
  applySchemaDefaults(schema, none);
  t.same(none, {}, 'a missing spec is not created: it has no default');
});
