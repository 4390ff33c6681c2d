import t from 'tap';
import type { CustomResourceDefinition } from '../../../../src/reference/api/crd/crd-object.ts';
import { typeInfoFor } from '../../../../src/reference/api/crd/crd-type-info.ts';
import { customResourceTypes } from '../../../../src/reference/api/crd/custom-resource-type.ts';
import { applyConfiguration } from '../../../../src/reference/api/patch/server-side-apply.ts';
import { findByKind } from '../../../../src/reference/api/resources.ts';
import { builtinTypeInfo } from '../../../../src/reference/api/schema/type-info.ts';

const crd: CustomResourceDefinition = {
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', kind: 'Widget' },
    versions: [{
      name: 'v1',
      served: true,
      storage: true,
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              properties: {
                ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } } },
                tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
                args: { type: 'array', items: { type: 'string' } },
                selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { app: { type: 'string' }, tier: { type: 'string' } } },
                labels: { type: 'object', additionalProperties: { type: 'string' } },
                template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } } },
              },
            },
          },
        },
      },
    }],
  },
};
const widgets = customResourceTypes(crd, crd.spec.names)[0]!;

t.test('a custom resource\'s schema as TypeInfo', async (t) => {
  const info = typeInfoFor(widgets);
  const root = info.rootType('example.com/v1', 'Widget')!;
  t.equal(info.field(root, 'metadata')?.type, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  const spec = info.field(root, 'spec')!.type!;
  t.match(info.field(spec, 'ports'), { list: true, listType: 'map', listMapKeys: ['name'] });
  t.match(info.field(spec, 'tags'), { list: true, listType: 'set' });
  t.equal(info.field(spec, 'args')?.listType, undefined, 'a list without a list-type (atomic for apply)');
  t.match(info.field(spec, 'selector'), { mapType: 'atomic' });
  t.match(info.field(spec, 'labels'), { map: true });
  const template = info.field(spec, 'template')!.type!;
  t.equal(info.field(template, 'metadata')?.type, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'an embedded resource has ObjectMeta');
  t.equal(info.field(spec, 'nothing'), undefined);
  t.equal(info.field('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'labels')?.map, true, 'built-in definitions still resolve');
  t.equal(typeInfoFor(findByKind('v1', 'Pod')!), builtinTypeInfo());
});

t.test('server-side apply merges by the schema\'s markers', async (t) => {
  const apply = (manager: string, spec: Record<string, unknown>, live?: Record<string, unknown>) => applyConfiguration({
    live: live as never,
    applied: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec } as never,
    manager,
    force: false,
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    typeInfo: typeInfoFor(widgets),
    now: new Date('2026-01-01T00:00:00Z'),
  }).object;
  const first = apply('a', { ports: [{ name: 'http', port: 80 }], tags: ['x'], args: ['1'], selector: { app: 'w' } });
  const second = apply('b', { ports: [{ name: 'https', port: 443 }], tags: ['y'] }, first as never);
  t.same((second.spec as Record<string, unknown>).ports, [{ name: 'http', port: 80 }, { name: 'https', port: 443 }], 'a list-map merges by key');
  t.same((second.spec as Record<string, unknown>).tags, ['x', 'y'], 'a set merges by value');
  t.throws(() => apply('b', { args: ['2'] }, second as never), /conflict/i, 'an atomic list belongs to its manager as a whole');
  t.throws(() => apply('b', { selector: { tier: 'web' } }, second as never), /conflict/i, 'an atomic map too');
});
