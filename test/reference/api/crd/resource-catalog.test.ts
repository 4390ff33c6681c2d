import t from 'tap';
import type { IncomingMessage } from 'node:http';
import { apiGroupDiscoveryList, wantsAggregatedDiscovery } from '../../../../src/reference/api/aggregated-discovery.ts';
import type { CustomResourceDefinition } from '../../../../src/reference/api/crd/crd-object.ts';
import { customResourceTypes } from '../../../../src/reference/api/crd/custom-resource-type.ts';
import { ResourceCatalog } from '../../../../src/reference/api/crd/resource-catalog.ts';
import { compareVersionPriority } from '../../../../src/reference/api/crd/version-priority.ts';
import { apiGroupDocument, apiResourceList } from '../../../../src/reference/api/discovery.ts';
import { resourceTypes } from '../../../../src/reference/api/resources.ts';

const crd: CustomResourceDefinition = {
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Cluster',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'], categories: ['all'] },
    versions: [
      { name: 'v1beta1', served: true, storage: false },
      { name: 'v1alpha1', served: false, storage: false },
      { name: 'v1', served: true, storage: true, subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } }, additionalPrinterColumns: [{ name: 'Size', type: 'string', jsonPath: '.spec.size' }] },
    ],
  },
};

t.test('version priority: GA, then beta, then alpha, then the rest by name', async (t) => {
  t.same(['v1alpha1', 'foo', 'v2', 'v1beta2', 'v1', 'v10beta1', 'bar', 'v1beta1'].sort(compareVersionPriority), ['v2', 'v1', 'v10beta1', 'v1beta2', 'v1beta1', 'v1alpha1', 'bar', 'foo']);
});

t.test('a CRD serves one type per served version', async (t) => {
  const types = customResourceTypes(crd, crd.spec.names);
  t.same(types.map((x) => x.version), ['v1beta1', 'v1']);
  const v1 = types[1]!;
  t.same(v1.subresources, ['status', 'scale']);
  t.same(v1.printerColumns, [{ name: 'Size', type: 'string', jsonPath: '.spec.size', priority: 0 }]);
  t.equal(v1.custom.storageVersion, 'v1');
  t.equal(v1.namespaced, false);
  t.same(types[0]!.subresources, []);
});

t.test('the catalog adds and withdraws a CRD\'s types; discovery follows', async (t) => {
  const catalog = new ResourceCatalog();
  const before = catalog.types();
  t.equal(catalog.types(), before, 'the same array while nothing changes');
  catalog.serve('widgets.example.com', customResourceTypes(crd, crd.spec.names));
  t.not(catalog.types(), before, 'a new array once the types change');
  t.equal(catalog.types().length, resourceTypes.length + 2);
  t.equal(catalog.findByPlural('example.com', 'v1', 'widgets')?.kind, 'Widget');
  t.same(apiGroupDocument('example.com', catalog.types()), {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: 'example.com',
    versions: [{ groupVersion: 'example.com/v1', version: 'v1' }, { groupVersion: 'example.com/v1beta1', version: 'v1beta1' }],
    preferredVersion: { groupVersion: 'example.com/v1', version: 'v1' },
  });
  const list = apiResourceList('example.com', 'v1', catalog.types())!;
  t.same((list.resources as { name: string }[]).map((r) => r.name), ['widgets', 'widgets/status', 'widgets/scale']);
  catalog.markTerminating('widgets.example.com');
  t.ok(catalog.isTerminating('widgets.example.com'));
  catalog.withdraw('widgets.example.com');
  t.notOk(catalog.isTerminating('widgets.example.com'));
  t.equal(catalog.findByPlural('example.com', 'v1', 'widgets'), undefined);
  t.equal(apiGroupDocument('example.com', catalog.types()), undefined);
});

t.test('aggregated discovery: asked for by Accept, every group and version in one list', async (t) => {
  const req = (accept: string) => ({ headers: { accept } }) as IncomingMessage;
  t.ok(wantsAggregatedDiscovery(req('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json')));
  t.notOk(wantsAggregatedDiscovery(req('application/json, */*')));
  t.notOk(wantsAggregatedDiscovery(req('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList')));
  const catalog = new ResourceCatalog();
  catalog.serve('widgets.example.com', customResourceTypes(crd, crd.spec.names));
  const core = apiGroupDiscoveryList(catalog.types(), true) as { items: { metadata: object; versions: { version: string; resources: { resource: string }[] }[] }[] };
  t.equal(core.items.length, 1);
  t.same(core.items[0]!.metadata, {});
  t.ok(core.items[0]!.versions[0]!.resources.some((r) => r.resource === 'pods'));
  const groups = apiGroupDiscoveryList(catalog.types(), false) as { kind: string; apiVersion: string; items: { metadata: { name: string }; versions: { version: string; freshness: string; resources: Record<string, unknown>[] }[] }[] };
  t.equal(groups.kind, 'APIGroupDiscoveryList');
  t.equal(groups.apiVersion, 'apidiscovery.k8s.io/v2');
  const example = groups.items.find((g) => g.metadata.name === 'example.com')!;
  t.same(example.versions.map((v) => v.version), ['v1', 'v1beta1']);
  t.same(example.versions[0]!.resources, [{
    resource: 'widgets',
    responseKind: { group: 'example.com', version: 'v1', kind: 'Widget' },
    scope: 'Cluster',
    singularResource: 'widget',
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['wd'],
    categories: ['all'],
    subresources: [
      { subresource: 'status', responseKind: { group: 'example.com', version: 'v1', kind: 'Widget' }, verbs: ['get', 'patch', 'update'] },
      { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
    ],
  }]);
  const apps = groups.items.find((g) => g.metadata.name === 'apps')!;
  t.ok(apps.versions[0]!.resources.some((r) => r.resource === 'deployments'));
});
