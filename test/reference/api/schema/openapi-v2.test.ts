import t from 'tap';
import { allVerbs, resourceTypes } from '../../../../src/reference/api/resources.ts';
import { openapiV2 } from '../../../../src/reference/api/schema/openapi-v2.ts';

type Json = Record<string, any>;

const doc = openapiV2() as Json;

t.test('document header', async (t) => {
  t.equal(doc.swagger, '2.0');
  t.same(doc.info, { title: 'Kubernetes', version: 'v1.34.0' });
  t.equal(openapiV2(), doc, 'built once');
});

t.test('every resource has its paths', async (t) => {
  for (const r of resourceTypes.filter((r) => r.verbs.length === allVerbs.length)) {
    const base = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
    const collection = `${base}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
    t.ok(doc.paths[collection]?.get, `${collection} list`);
    const patch = doc.paths[`${collection}/{name}`]?.patch;
    t.ok(patch?.parameters.some((p: Json) => p.name === 'fieldValidation' && p.in === 'query'), `${collection} patch takes fieldValidation`);
    t.ok(patch?.consumes.includes('application/strategic-merge-patch+json'), `${collection} patch consumes strategic merge patches`);
    t.same(patch?.['x-kubernetes-group-version-kind'], { group: r.group, kind: r.kind, version: r.version });
    for (const sub of r.subresources) t.ok(doc.paths[`${collection}/{name}/${sub}`], `${collection}/{name}/${sub}`);
  }
});

t.test('a type that serves fewer verbs has only their operations', async (t) => {
  const review = doc.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'];
  t.same(Object.keys(review).filter((k) => k !== 'parameters'), ['post'], 'reviews are created only');
  t.notOk(doc.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/{name}'], 'and have no object path');
  t.same(Object.keys(doc.paths['/api/v1/componentstatuses/{name}']).filter((k) => k !== 'parameters'), ['get'], 'component statuses are read only');
});

t.test('definitions', async (t) => {
  for (const name of [
    'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
    'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
    'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
    'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent',
    'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList',
    'io.k8s.api.autoscaling.v1.Scale',
    'io.k8s.api.core.v1.Binding',
    'io.k8s.api.policy.v1.Eviction',
  ]) {
    t.ok(doc.definitions[name], name);
  }
  t.notOk(doc.definitions['io.k8s.api.flowcontrol.v1.FlowSchema'], 'types that are not served are left out');
  const unresolved: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') {
        if (!doc.definitions[x.replace('#/definitions/', '')]) unresolved.push(x);
      } else walk(x);
    }
  };
  walk(doc);
  t.same(unresolved, [], 'every reference resolves');
});

t.test('connect operations take any content and answer a string', async (t) => {
  const exec = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}/exec'];
  t.match(exec.post, { operationId: 'connectCoreV1PostNamespacedPodExec', consumes: ['*/*'], produces: ['*/*'], 'x-kubernetes-action': 'connect', responses: { '200': { schema: { type: 'string' } } } });
  t.same(exec.post.parameters.map((p: Json) => p.name), ['command', 'container', 'stderr', 'stdin', 'stdout', 'tty']);
  const proxy = doc.paths['/api/v1/nodes/{name}/proxy'];
  t.same(proxy.patch.consumes, ['*/*'], 'a PATCH through the proxy is not an object patch');
  t.same(proxy.parameters.map((p: Json) => [p.name, p.in]), [['name', 'path']]);
  t.same(doc.paths['/api/v1/nodes/{name}/proxy/{path}'].parameters.map((p: Json) => [p.name, p.in]), [['name', 'path'], ['path', 'path']]);
});
