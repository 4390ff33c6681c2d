import { createHash } from 'node:crypto';
import t from 'tap';
import { apiVersionOf, allVerbs, resourceTypes, type ResourceType } from '../../../../src/reference/api/resources.ts';
import { componentSchema, openapiV3, openapiV3Index } from '../../../../src/reference/api/schema/openapi-v3.ts';
import { kubernetesVersion } from '../../../../src/reference/api/version.ts';

type Json = Record<string, any>;

const gvPath = (r: ResourceType) => (r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`);
const collectionPath = (r: ResourceType) => `/${gvPath(r)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
const docOf = (r: ResourceType) => openapiV3(gvPath(r)) as Json;
const gvkOf = (r: ResourceType) => ({ group: r.group, kind: r.kind, version: r.version });
const paramNames = (op: Json) => (op.parameters as Json[]).filter((p) => p.in === 'query').map((p) => p.name as string);

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

t.test('the index lists every served group version under its content hash', async (t) => {
  const index = openapiV3Index();
  const expected = [...new Set(resourceTypes.map(gvPath))].sort();
  t.same(Object.keys(index.paths).sort(), expected);
  for (const [path, { serverRelativeURL }] of Object.entries(index.paths)) {
    const hash = createHash('sha512').update(JSON.stringify(openapiV3(path))).digest('hex').toUpperCase();
    t.equal(serverRelativeURL, `/openapi/v3/${path}?hash=${hash}`, path);
  }
  const coreOnly = openapiV3Index(resourceTypes.filter((r) => r.group === '' && r.kind !== 'Pod'));
  t.same(Object.keys(coreOnly.paths), ['api/v1']);
  t.not(coreOnly.paths['api/v1']!.serverRelativeURL, index.paths['api/v1']!.serverRelativeURL, 'different content, different hash');
  t.equal(openapiV3('api/v1'), openapiV3('api/v1'), 'built once');
});

t.test('documents are found by group version path', async (t) => {
  t.equal(openapiV3('/apis/apps/v1'), openapiV3('apis/apps/v1'));
  t.equal(openapiV3('apis/flowcontrol.apiserver.k8s.io/v1'), undefined);
  const doc = openapiV3('api/v1') as Json;
  t.equal(doc.openapi, '3.0.0');
  t.same(doc.info, { title: 'Kubernetes', version: kubernetesVersion });
  t.equal(kubernetesVersion, 'v1.34.0');
  t.ok(doc.paths['/api/v1/'].get.responses['200'].content['application/json'].schema.$ref.endsWith('.APIResourceList'));
});

const fullTypes = resourceTypes.filter((r) => r.verbs.length === allVerbs.length);

t.test('every resource has its operations, with the parameters kubectl looks for', async (t) => {
  for (const r of fullTypes) {
    const doc = docOf(r);
    const name = `${apiVersionOf(r)} ${r.plural}`;
    const collection = doc.paths[collectionPath(r)];
    const object = doc.paths[`${collectionPath(r)}/{name}`];
    t.same(Object.keys(collection).sort(), ['delete', 'get', 'parameters', 'post'], `${name}: collection operations`);
    t.same(Object.keys(object).sort(), ['delete', 'get', 'parameters', 'patch', 'put'], `${name}: object operations`);
    if (r.namespaced) t.ok(doc.paths[`/${gvPath(r)}/${r.plural}`]?.get, `${name}: list across namespaces`);
    const actions = { get: 'get', put: 'put', patch: 'patch', delete: 'delete' } as Json;
    for (const method of Object.keys(actions)) {
      t.equal(object[method]['x-kubernetes-action'], actions[method], `${name}: ${method} action`);
      t.same(object[method]['x-kubernetes-group-version-kind'], gvkOf(r), `${name}: ${method} kind`);
    }
    t.equal(collection.get['x-kubernetes-action'], 'list');
    t.equal(collection.post['x-kubernetes-action'], 'post');
    t.equal(collection.delete['x-kubernetes-action'], 'deletecollection');
    for (const [method, op] of [['post', collection.post], ['put', object.put], ['patch', object.patch]] as const) {
      for (const p of ['fieldValidation', 'dryRun', 'fieldManager']) t.ok(paramNames(op).includes(p), `${name}: ${method} takes ${p}`);
    }
    t.ok(paramNames(object.patch).includes('force'), `${name}: patch takes force`);
    t.same(Object.keys(object.patch.requestBody.content).sort(), [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ], `${name}: patch content types`);
    t.ok(paramNames(collection.get).includes('watch'), `${name}: list takes watch`);
    t.same(object.parameters.map((p: Json) => p.name), r.namespaced ? ['name', 'namespace'] : ['name'], `${name}: path parameters`);
  }
});

t.test('kubectl finds server-side field validation on every PATCH of a kind', async (t) => {
  // As kubectl's QueryParamVerifierV3 does: the first PATCH operation tagged with the kind must list the parameter.
  for (const r of fullTypes) {
    const patches = Object.values(docOf(r).paths as Json).map((item: Json) => item.patch).filter((op) => op && JSON.stringify(op['x-kubernetes-group-version-kind']) === JSON.stringify(gvkOf(r)));
    t.ok(patches.length > 0, `${r.kind}: a PATCH operation`);
    for (const op of patches) t.ok(op.parameters.some((p: Json) => p.name === 'fieldValidation' && p.in === 'query'), `${r.kind}: ${op.operationId}`);
  }
});

t.test('kubectl explain finds each kind', async (t) => {
  // As kubectl's explain template does: the GVK of an operation on the resource path, then the schema tagged with it.
  for (const r of resourceTypes) {
    const doc = docOf(r);
    const collection = doc.paths[collectionPath(r)];
    const gvk = (collection.get ?? collection.post)['x-kubernetes-group-version-kind'];
    const schemas = Object.values(doc.components.schemas as Json).filter((s: Json) =>
      (s['x-kubernetes-group-version-kind'] ?? []).some((g: Json) => JSON.stringify(g) === JSON.stringify(gvk)),
    );
    t.equal(schemas.length, 1, `${apiVersionOf(r)} ${r.kind}`);
    const metadata = schemas[0]?.properties?.metadata;
    t.ok(metadata?.allOf?.[0]?.$ref ?? metadata?.$ref, `${r.kind}: metadata refers to ObjectMeta`);
  }
  const podSpec = (openapiV3('api/v1') as Json).components.schemas['io.k8s.api.core.v1.PodSpec'];
  t.same(podSpec.properties.containers.items, { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' });
  t.equal(podSpec.properties.containers['x-kubernetes-patch-merge-key'], 'name');
});

t.test('subresources', async (t) => {
  for (const r of resourceTypes) {
    const doc = docOf(r);
    for (const sub of r.subresources) {
      const item = doc.paths[`${collectionPath(r)}/{name}/${sub}`];
      const name = `${r.plural}/${sub}`;
      if (!t.ok(item, name)) continue;
      if (sub === 'finalize') {
        t.same(Object.keys(item).sort(), ['parameters', 'put'], name);
        t.ok(paramNames(item.put).includes('fieldValidation'), `${name} put takes fieldValidation`);
      } else if (sub === 'status' || sub === 'scale' || sub === 'approval') {
        t.same(Object.keys(item).sort(), ['get', 'parameters', 'patch', 'put'], name);
        const gvk = sub === 'scale' ? { group: 'autoscaling', kind: 'Scale', version: 'v1' } : gvkOf(r);
        t.same(item.patch['x-kubernetes-group-version-kind'], gvk, `${name} kind`);
        t.ok(paramNames(item.patch).includes('fieldValidation'), `${name} patch takes fieldValidation`);
      } else if (sub === 'log') {
        t.ok(item.get.responses['200'].content['text/plain'], name);
        t.ok(paramNames(item.get).includes('container'), `${name} takes container`);
      } else if (sub === 'exec' || sub === 'attach' || sub === 'portforward' || sub === 'proxy') {
        t.ok(item.get['x-kubernetes-action'] === 'connect' && item.post['x-kubernetes-action'] === 'connect', `${name} is connected to`);
      } else {
        const kind = sub === 'binding' ? 'Binding' : sub === 'token' ? 'TokenRequest' : 'Eviction';
        t.equal(item.post['x-kubernetes-group-version-kind'].kind, kind, name);
        t.ok(item.post.requestBody.content['*/*'].schema.$ref.endsWith(`.${kind}`), `${name} body`);
      }
    }
  }
});

t.test('every reference resolves within its document', async (t) => {
  for (const path of Object.keys(openapiV3Index().paths)) {
    const doc = openapiV3(path) as Json;
    const unresolved = refs(doc).filter((ref) => !ref.startsWith('#/components/schemas/') || !doc.components.schemas[ref.slice('#/components/schemas/'.length)]);
    t.same(unresolved, [], path);
  }
});

t.test('components move references with siblings into allOf', async (t) => {
  t.same(componentSchema({ description: 'd', $ref: '#/definitions/a.B', 'x-kubernetes-patch-strategy': 'retainKeys' }), {
    allOf: [{ $ref: '#/components/schemas/a.B' }],
    description: 'd',
    'x-kubernetes-patch-strategy': 'retainKeys',
  });
  t.same(componentSchema({ type: 'array', items: { $ref: '#/definitions/a.B' } }), { type: 'array', items: { $ref: '#/components/schemas/a.B' } });
  t.same(componentSchema({ type: 'object', properties: { $ref: { type: 'string' } } }), { type: 'object', properties: { $ref: { type: 'string' } } }, 'a property named $ref is a property');
});

t.test('exec, attach, port forwarding and the node proxy are connect operations with their query parameters', async (t) => {
  const paths = (openapiV3('api/v1') as Json).paths;
  const exec = paths['/api/v1/namespaces/{namespace}/pods/{name}/exec'];
  t.same(Object.keys(exec).sort(), ['get', 'parameters', 'post']);
  t.equal(exec.get.operationId, 'connectCoreV1GetNamespacedPodExec');
  t.equal(exec.post.operationId, 'connectCoreV1PostNamespacedPodExec');
  t.same(exec.post['x-kubernetes-group-version-kind'], { group: '', kind: 'PodExecOptions', version: 'v1' });
  t.same(paramNames(exec.get), ['command', 'container', 'stderr', 'stdin', 'stdout', 'tty']);
  t.same(exec.get.responses['200'].content, { '*/*': { schema: { type: 'string' } } }, 'the answer is a stream, not an object');
  t.notOk(exec.post.requestBody, 'no body');
  t.same(paramNames(paths['/api/v1/namespaces/{namespace}/pods/{name}/attach'].post), ['container', 'stderr', 'stdin', 'stdout', 'tty']);
  const portforward = paths['/api/v1/namespaces/{namespace}/pods/{name}/portforward'];
  t.equal(portforward.get.operationId, 'connectCoreV1GetNamespacedPodPortforward');
  t.same(portforward.get.parameters, [{ name: 'ports', in: 'query', description: 'List of ports to forward Required when using WebSockets', schema: { type: 'integer', uniqueItems: true } }]);
  const proxy = paths['/api/v1/nodes/{name}/proxy'];
  t.same(Object.keys(proxy).sort(), ['delete', 'get', 'head', 'options', 'parameters', 'patch', 'post', 'put']);
  t.equal(proxy.patch.operationId, 'connectCoreV1PatchNodeProxy');
  t.same(proxy.get['x-kubernetes-group-version-kind'], { group: '', kind: 'NodeProxyOptions', version: 'v1' });
  t.same(paramNames(proxy.get), ['path']);
  const withPath = paths['/api/v1/nodes/{name}/proxy/{path}'];
  t.equal(withPath.get.operationId, 'connectCoreV1GetNodeProxyWithPath');
  t.same(withPath.parameters.map((p: Json) => p.name), ['name', 'path']);
  t.notOk(paths['/api/v1/namespaces/{namespace}/pods/{name}/proxy'], 'pods/proxy is not served');
});
