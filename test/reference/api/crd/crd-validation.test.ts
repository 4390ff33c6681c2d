import t from 'tap';
import { defaultCrd } from '../../../../src/reference/api/crd/crd-defaults.ts';
import type { CustomResourceDefinition } from '../../../../src/reference/api/crd/crd-object.ts';
import { validateCrd } from '../../../../src/reference/api/crd/crd-validation.ts';

function crd(over: Partial<CustomResourceDefinition['spec']> = {}, name = 'widgets.example.com'): CustomResourceDefinition {
  const c: CustomResourceDefinition = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } } }],
      ...over,
    },
  };
  defaultCrd(c, true);
  return c;
}

function errors(c: CustomResourceDefinition, old?: CustomResourceDefinition): string[] {
  return validateCrd(c, old).map((e) => `${e.field}: ${e.message}`);
}

t.test('defaults: singular, listKind, conversion None, the storage version stored', async (t) => {
  const c = crd();
  t.equal(c.spec.names.singular, 'widget');
  t.equal(c.spec.names.listKind, 'WidgetList');
  t.same(c.spec.conversion, { strategy: 'None' });
  t.same(c.status, { conditions: [], acceptedNames: { plural: '', kind: '' }, storedVersions: ['v1'] });
  t.same(errors(c), []);
});

t.test('names, group, scope and versions', async (t) => {
  t.same(errors(crd({}, 'gadgets.example.com')), ['metadata.name: Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group']);
  t.same(errors(crd({ group: 'example' }, 'widgets.example')), ['spec.group: Invalid value: "example": should be a domain with at least one dot']);
  t.same(errors(crd({ scope: 'Galaxy' as never })), ['spec.scope: Unsupported value: "Galaxy": supported values: "Cluster", "Namespaced"']);
  t.match(errors(crd({ names: { plural: 'Widgets', kind: 'Widget', listKind: 'WidgetList', singular: 'widget' } }, 'Widgets.example.com')), [/^spec\.names\.plural: Invalid value: "Widgets": a DNS-1035 label must consist of lower case alphanumeric characters/]);
  t.same(errors(crd({ names: { plural: 'widgets', kind: 'Widget', listKind: 'Widget', singular: 'widget' } })), ['spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same']);
  const two = crd({ versions: [
    { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
    { name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
  ] });
  t.match(errors(two), [/^spec\.versions: Invalid value: .*: must have exactly one version marked as storage version$/]);
  const dup = crd({ versions: [
    { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
    { name: 'v1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
  ] });
  t.match(errors(dup), [/^spec\.versions: Invalid value: .*: must contain unique version names$/]);
  t.same(errors(crd({ versions: [{ name: 'v1', served: true, storage: true }] })), ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required']);
  const old = crd();
  t.same(errors(crd({ scope: 'Cluster' }), old), [], 'the scope may change until the CRD is established');
  old.status!.conditions = [{ type: 'Established', status: 'True' }];
  t.same(errors(crd({ scope: 'Cluster' }), old), ['spec.scope: Invalid value: "Cluster": field is immutable']);
  t.same(errors(crd({ conversion: { strategy: 'Webhook' } })), ['spec.conversion.strategy: Unsupported value: "Webhook": supported values: "None"']);
  const unstored = crd();
  unstored.status!.storedVersions = ['v0'];
  t.same(errors(unstored), [
    'status.storedVersions: Invalid value: {"name":"v1","schema":{"openAPIV3Schema":{"properties":{"spec":{"type":"object"}},"type":"object"}},"served":true,"storage":true}: must have the storage version v1',
    'status.storedVersions[0]: Invalid value: "v0": must appear in spec.versions',
  ]);
});

t.test('schemas must be structural', async (t) => {
  const withSchema = (openAPIV3Schema: Record<string, unknown>) => crd({ versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }] });
  const p = 'spec.versions[0].schema.openAPIV3Schema';
  t.same(errors(withSchema({ type: 'string' })), [`${p}.type: Invalid value: "string": must be object at the root`]);
  t.same(errors(withSchema({ type: 'object', properties: { spec: { properties: { a: { type: 'string' } } } } })), [`${p}.properties[spec].type: Required value: must not be empty for specified object fields`]);
  t.same(errors(withSchema({ type: 'object', properties: { list: { type: 'array' } } })), [`${p}.properties[list].items: Required value: must be specified`]);
  t.same(errors(withSchema({ type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true } } })), [], 'int-or-string needs no type');
  t.same(errors(withSchema({ type: 'object', properties: { free: { 'x-kubernetes-preserve-unknown-fields': false, type: 'object' } } })), [`${p}.properties[free].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`]);
  t.same(errors(withSchema({ type: 'object', properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } } })), [`${p}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`]);
  t.same(errors(withSchema({ type: 'object', properties: { l: { type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object' } } } })), [`${p}.properties[l].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`]);
  t.same(errors(withSchema({ type: 'object', properties: { m: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } } } })), [`${p}.properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`]);
  t.match(errors(withSchema({ type: 'object', properties: { s: { type: 'string', pattern: '[/-.]' } } })), [/^spec\.versions\[0\]\.schema\.openAPIV3Schema\.properties\[s\]\.pattern: Invalid value: "\[\/-\.\]": must be a valid regular expression, but isn't: /]);
  t.same(errors(withSchema({ type: 'object', properties: { s: { type: 'string', pattern: '^\\pL+$' } } })), [], 'RE2 forms u mode refuses compile without it');
});

t.test('subresources and printer columns', async (t) => {
  const c = crd({ versions: [{
    name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } },
    subresources: { scale: { specReplicasPath: '.replicas', statusReplicasPath: '.status.replicas' } },
    additionalPrinterColumns: [{ name: 'Size', type: 'color', jsonPath: '.spec.size' }],
  }] });
  t.same(errors(c), [
    'spec.versions[0].subresources.scale.specReplicasPath: Invalid value: ".replicas": should be a json path under .spec',
    'spec.versions[0].additionalPrinterColumns[0].type: Unsupported value: "color": supported values: "integer", "number", "string", "boolean", "date"',
  ]);
});
