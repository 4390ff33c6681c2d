import t from 'tap';
import type { JSONSchemaProps } from '../../../../src/reference/api/crd/crd-object.ts';
import { validateAgainstSchema } from '../../../../src/reference/api/crd/schema-validation.ts';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'string', enum: ['small', 'large'] },
        replicas: { type: 'integer', minimum: 0, maximum: 10 },
        name: { type: 'string', pattern: '^[a-z]+$', minLength: 2, maxLength: 5 },
        ratio: { type: 'number', multipleOf: 0.5 },
        port: { 'x-kubernetes-int-or-string': true },
        when: { type: 'string', format: 'date-time' },
        note: { type: 'string', nullable: true },
        tags: { type: 'array', maxItems: 2, uniqueItems: true, items: { type: 'string' } },
        items: { type: 'array', minItems: 1, items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
};

function messages(value: unknown): string[] {
  return validateAgainstSchema(schema, value).map((c) => `${c.reason} ${c.field}: ${c.message}`);
}

t.test('a valid object has no errors', async (t) => {
  t.same(messages({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a', whatever: 1 }, spec: { size: 'small', replicas: 3, name: 'abc', ratio: 1.5, port: 'http', when: '2024-01-02T03:04:05Z', note: null, tags: ['a'], items: [{ name: 'x' }], labels: { a: 'b' } } }), []);
  t.same(messages({ spec: { size: 'large', port: 8080 } }), []);
});

t.test('field errors as apiextensions-apiserver words them', async (t) => {
  t.same(messages({ spec: {} }), ['FieldValueRequired spec.size: Required value']);
  t.same(messages({ spec: { size: 'huge' } }), ['FieldValueNotSupported spec.size: Unsupported value: "huge": supported values: "small", "large"']);
  t.same(messages({ spec: { size: 'small', replicas: 11 } }), ['FieldValueInvalid spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10']);
  t.same(messages({ spec: { size: 'small', replicas: -1 } }), ['FieldValueInvalid spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0']);
  t.same(messages({ spec: { size: 'small', replicas: 'x' } }), ['FieldValueTypeInvalid spec.replicas: Invalid value: "x": spec.replicas in body must be of type integer: "string"']);
  t.same(messages({ spec: { size: 'small', replicas: 1.5 } }), ['FieldValueTypeInvalid spec.replicas: Invalid value: 1.5: spec.replicas in body must be of type integer: "number"']);
  t.same(messages({ spec: { size: 'small', name: 'A' } }), [
    'FieldValueInvalid spec.name: Invalid value: "A": spec.name in body should be at least 2 chars long',
    "FieldValueInvalid spec.name: Invalid value: \"A\": spec.name in body should match '^[a-z]+$'",
  ]);
  t.same(messages({ spec: { size: 'small', name: 'abcdef' } }), ['FieldValueTooLong spec.name: Too long: may not be more than 5 bytes']);
  t.same(messages({ spec: { size: 'small', ratio: 0.7 } }), ['FieldValueInvalid spec.ratio: Invalid value: 0.7: spec.ratio in body should be a multiple of 0.5']);
  t.same(messages({ spec: { size: 'small', port: true } }), ['FieldValueTypeInvalid spec.port: Invalid value: true: spec.port in body must be of type integer,string: "boolean"']);
  t.same(messages({ spec: { size: 'small', when: 'yesterday' } }), ['FieldValueInvalid spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"']);
  t.same(messages({ spec: { size: 'small', tags: ['a', 'b', 'c'] } }), ['FieldValueTooMany spec.tags: Too many: 3: must have at most 2 items']);
  t.same(messages({ spec: { size: 'small', tags: ['a', 'a'] } }), ['FieldValueInvalid spec.tags: Invalid value: ["a","a"]: spec.tags in body shouldn\'t contain duplicates']);
  t.same(messages({ spec: { size: 'small', items: [] } }), ['FieldValueInvalid spec.items: Invalid value: []: spec.items in body should have at least 1 items']);
  t.same(messages({ spec: { size: 'small', items: [{ name: 'a' }, {}] } }), ['FieldValueRequired spec.items[1].name: Required value']);
  t.same(messages({ spec: { size: 'small', labels: { a: 1 } } }), ['FieldValueTypeInvalid spec.labels.a: Invalid value: 1: spec.labels.a in body must be of type string: "integer"']);
  t.same(messages({ spec: { size: 'small', when: null } }), ['FieldValueTypeInvalid spec.when: Invalid value: "": spec.when in body must be of type string: "null"']);
});

t.test('embedded resources must say their apiVersion and kind', async (t) => {
  const s: JSONSchemaProps = { type: 'object', properties: { template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } };
  t.same(validateAgainstSchema(s, { template: { apiVersion: 'v1', kind: 'Pod' } }), []);
  t.same(validateAgainstSchema(s, { template: { kind: '' } }).map((c) => `${c.field}: ${c.message}`), ['template.apiVersion: Required value: must not be empty', 'template.kind: Required value: must not be empty']);
});

t.test('list-type set and map hold each value or key once', async (t) => {
  const s: JSONSchemaProps = {
    type: 'object',
    properties: {
      tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
      ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name', 'protocol'], items: { type: 'object', properties: { name: { type: 'string' }, protocol: { type: 'string' }, port: { type: 'integer' } } } },
    },
  };
  t.same(validateAgainstSchema(s, { tags: ['a', 'b'], ports: [{ name: 'http', protocol: 'TCP', port: 80 }, { name: 'http', protocol: 'UDP', port: 80 }] }), []);
  t.same(validateAgainstSchema(s, { tags: ['a', 'b', 'a'], ports: [{ name: 'http', protocol: 'TCP', port: 80 }, { protocol: 'TCP', name: 'http', port: 81 }] }).map((c) => `${c.reason} ${c.field}: ${c.message}`), [
    'FieldValueDuplicate tags[2]: Duplicate value: "a"',
    'FieldValueDuplicate ports[1]: Duplicate value: {"name":"http","protocol":"TCP"}',
  ]);
});

t.test('allOf, anyOf, oneOf and not', async (t) => {
  const s: JSONSchemaProps = { type: 'object', properties: { v: { type: 'integer', anyOf: [{ minimum: 5 }, { maximum: 0 }], not: { enum: [7] } } } };
  t.same(validateAgainstSchema(s, { v: 6 }), []);
  t.same(validateAgainstSchema(s, { v: 3 }).map((c) => c.message), ['Invalid value: 3: v in body must validate at least one schema (anyOf)']);
  t.same(validateAgainstSchema(s, { v: 7 }).map((c) => c.message), ['Invalid value: 7: v in body must not validate the schema (not)']);
  const one: JSONSchemaProps = { type: 'object', properties: { v: { type: 'integer', oneOf: [{ minimum: 1 }, { minimum: 2 }] } } };
  t.same(validateAgainstSchema(one, { v: 1 }), []);
  t.same(validateAgainstSchema(one, { v: 3 }).map((c) => c.message), ['Invalid value: 3: v in body must validate one and only one schema (oneOf)']);
});
