// CustomResourceDefinitions driven by the real @kubernetes/client-node on an
// in-process control plane: aggregated discovery and OpenAPI for the CRD's
// types, a cluster-scoped custom resource, every verb through
// CustomObjectsApi, a watch, names that conflict, invalid CRDs, namespace
// deletion taking custom resources with it, and CRDs served again after a restart.
import t from 'tap';
import { request } from 'node:https';
import { ApiextensionsV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { apiError } from '../fixtures/api-error.ts';
import { startTestControlPlane } from '../fixtures/control-plane.ts';
import { recordWatch } from '../fixtures/watch-events.ts';

function gizmoCrd(scope: 'Cluster' | 'Namespaced' = 'Cluster', plural = 'gizmos', kind = 'Gizmo'): V1CustomResourceDefinition {
  return {
    metadata: { name: `${plural}.tools.example.org` },
    spec: {
      group: 'tools.example.org',
      scope,
      names: { plural, kind, shortNames: ['gz'] },
      versions: [{
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { weight: { type: 'integer', _default: 5 }, tags: { type: 'array', items: { type: 'string' } } } } } } },
      }],
    },
  };
}

function asCrd(object: unknown): V1CustomResourceDefinition {
  return object as V1CustomResourceDefinition;
}

async function raw(kc: KubeConfig, path: string, accept: string): Promise<{ status: number; type: string; body: Record<string, any> }> {
  const cluster = kc.getCurrentCluster()!;
  const url = new URL(path, cluster.server);
  const options: import('node:https').RequestOptions = { method: 'GET', hostname: url.hostname, port: url.port, path: url.pathname, headers: { accept } };
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any> }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function established(t: Parameters<typeof recordWatch>[0], kc: KubeConfig, name: string): Promise<void> {
  const w = await recordWatch(t, kc, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { fieldSelector: `metadata.name=${name}` });
  await w.until((events) => events.some((e) => asCrd(e.object).status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false), `${name} Established`);
  w.abort();
}

t.test('a cluster-scoped CRD: discovery, OpenAPI, every verb, a watch', async (t) => {
  const cp = await startTestControlPlane(t);
  const kc = cp.kubeConfig();
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  await ext.createCustomResourceDefinition({ body: gizmoCrd() });
  await established(t, kc, 'gizmos.tools.example.org');

  const aggregated = await raw(kc, '/apis', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json');
  t.equal(aggregated.type, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
  const group = (aggregated.body.items as { metadata: { name: string }; versions: { version: string; resources: { resource: string; scope: string }[] }[] }[]).find((g) => g.metadata.name === 'tools.example.org');
  t.same(group?.versions.map((v) => [v.version, v.resources.map((r) => `${r.resource} ${r.scope}`)]), [['v1alpha1', ['gizmos Cluster']]]);
  const legacy = await raw(kc, '/apis', 'application/json');
  t.equal(legacy.type, 'application/json');
  t.ok((legacy.body.groups as { name: string }[]).some((g) => g.name === 'tools.example.org'));

  const index = await raw(kc, '/openapi/v3', 'application/json');
  t.ok('apis/tools.example.org/v1alpha1' in index.body.paths);
  const doc = await raw(kc, '/openapi/v3/apis/tools.example.org/v1alpha1', 'application/json');
  const schema = doc.body.components.schemas['org.example.tools.v1alpha1.Gizmo'];
  t.same(schema['x-kubernetes-group-version-kind'], [{ group: 'tools.example.org', kind: 'Gizmo', version: 'v1alpha1' }]);
  t.same(schema.properties.spec.properties.weight, { type: 'integer', default: 5 });
  t.ok(doc.body.paths['/apis/tools.example.org/v1alpha1/gizmos/{name}'].get);
  const v2 = await raw(kc, '/openapi/v2', 'application/json');
  t.ok(v2.body.definitions['org.example.tools.v1alpha1.GizmoList']);
  t.same(v2.body.definitions['org.example.tools.v1alpha1.Gizmo'].properties.spec.properties.weight, { type: 'integer' }, 'v2 has no defaults');

  const watch = await recordWatch(t, kc, '/apis/tools.example.org/v1alpha1/gizmos', {});
  const created = (await custom.createClusterCustomObject({ group: 'tools.example.org', version: 'v1alpha1', plural: 'gizmos', body: { apiVersion: 'tools.example.org/v1alpha1', kind: 'Gizmo', metadata: { name: 'g1' }, spec: { tags: ['a'] } } })) as Record<string, any>;
  t.equal(created.spec.weight, 5, 'defaulted');
  t.equal(created.metadata.generation, 1);
  const replaced = (await custom.replaceClusterCustomObject({ group: 'tools.example.org', version: 'v1alpha1', plural: 'gizmos', name: 'g1', body: { ...created, spec: { weight: 7 } } })) as Record<string, any>;
  t.equal(replaced.metadata.generation, 2);
  const listed = (await custom.listClusterCustomObject({ group: 'tools.example.org', version: 'v1alpha1', plural: 'gizmos' })) as Record<string, any>;
  t.equal(listed.kind, 'GizmoList');
  t.same((listed.items as { metadata: { name: string } }[]).map((i) => i.metadata.name), ['g1']);
  const bad = await apiError(custom.createClusterCustomObject({ group: 'tools.example.org', version: 'v1alpha1', plural: 'gizmos', body: { apiVersion: 'tools.example.org/v1alpha1', kind: 'Gizmo', metadata: { name: 'G2' }, spec: { weight: 'heavy' } } }));
  t.equal(bad.code, 422);
  t.same(bad.status.details?.causes?.map((c) => c.field), ['metadata.name', 'spec.weight']);
  await custom.deleteClusterCustomObject({ group: 'tools.example.org', version: 'v1alpha1', plural: 'gizmos', name: 'g1' });
  const events = await watch.until((e) => e.some((x) => x.type === 'DELETED'), 'the delete');
  t.same(events.map((e) => [e.type, e.object.metadata?.name]), [['ADDED', 'g1'], ['MODIFIED', 'g1'], ['DELETED', 'g1']]);
});

t.test('a CRD being deleted waits for its objects and refuses new ones', async (t) => {
  const cp = await startTestControlPlane(t);
  const kc = cp.kubeConfig();
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  await ext.createCustomResourceDefinition({ body: gizmoCrd() });
  await established(t, kc, 'gizmos.tools.example.org');
  const gizmo = (name: string, finalizers: string[] = []) => ({ apiVersion: 'tools.example.org/v1alpha1', kind: 'Gizmo', metadata: { name, finalizers } });
  const gizmos = { group: 'tools.example.org', version: 'v1alpha1', plural: 'gizmos' };
  await custom.createClusterCustomObject({ ...gizmos, body: gizmo('held', ['example.org/hold']) });
  const crdWatch = await recordWatch(t, kc, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { fieldSelector: 'metadata.name=gizmos.tools.example.org' });
  await ext.deleteCustomResourceDefinition({ name: 'gizmos.tools.example.org' });
  const events = await crdWatch.until((e) => e.some((x) => asCrd(x.object).status?.conditions?.some((c) => c.type === 'Terminating') ?? false), 'Terminating');
  const terminating = asCrd(events[events.length - 1]!.object);
  t.same(terminating.metadata?.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
  t.match(terminating.status?.conditions?.find((c) => c.type === 'Terminating'), { status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' });
  const refused = await apiError(custom.createClusterCustomObject({ ...gizmos, body: gizmo('late') }));
  t.same([refused.code, refused.status.reason, refused.status.message], [405, 'MethodNotAllowed', 'create not allowed while custom resource definition is terminating']);
  const held = (await custom.getClusterCustomObject({ ...gizmos, name: 'held' })) as { metadata: { deletionTimestamp?: string } };
  t.ok(held.metadata.deletionTimestamp, 'the object is being deleted, held by its finalizer');
  await custom.patchClusterCustomObject({ ...gizmos, name: 'held', body: [{ op: 'remove', path: '/metadata/finalizers' }] });
  await crdWatch.until((e) => e.some((x) => x.type === 'DELETED'), 'the CRD gone');
  const gone = await apiError(ext.readCustomResourceDefinition({ name: 'gizmos.tools.example.org' }));
  t.equal(gone.code, 404);
});

t.test('CRD names: conflicts are not accepted, invalid CRDs are refused', async (t) => {
  const cp = await startTestControlPlane(t);
  const kc = cp.kubeConfig();
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  await ext.createCustomResourceDefinition({ body: gizmoCrd() });
  await established(t, kc, 'gizmos.tools.example.org');
  // Another plural, the same kind (so the same singular) in the group.
  await ext.createCustomResourceDefinition({ body: gizmoCrd('Cluster', 'gadgets', 'Gizmo') });
  const w = await recordWatch(t, kc, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { fieldSelector: 'metadata.name=gadgets.tools.example.org' });
  const events = await w.until((e) => e.some((x) => asCrd(x.object).status?.conditions?.some((c) => c.type === 'NamesAccepted') ?? false), 'names checked');
  const last = asCrd(events[events.length - 1]!.object);
  const conditions = Object.fromEntries(last.status!.conditions!.map((c) => [c.type, [c.status, c.reason, c.message]]));
  t.same(conditions, {
    NamesAccepted: ['False', 'NameConflict', '"gizmo" is already in use'],
    Established: ['False', 'NotAccepted', 'not all names are accepted'],
  });
  const invalid = await apiError(ext.createCustomResourceDefinition({ body: { ...gizmoCrd(), metadata: { name: 'wrong.tools.example.org' } } }));
  t.equal(invalid.code, 422);
  t.equal(invalid.status.message, 'CustomResourceDefinition.apiextensions.k8s.io "wrong.tools.example.org" is invalid: metadata.name: Invalid value: "wrong.tools.example.org": must be spec.names.plural+"."+spec.group');
});

t.test('deleting a namespace deletes its custom resources; CRDs are served after a restart', async (t) => {
  const first = await startTestControlPlane(t);
  const dataDir = first.dataDir;
  let kc = first.kubeConfig();
  await kc.makeApiClient(ApiextensionsV1Api).createCustomResourceDefinition({ body: gizmoCrd('Namespaced') });
  await established(t, kc, 'gizmos.tools.example.org');
  const core = kc.makeApiClient(CoreV1Api);
  let custom = kc.makeApiClient(CustomObjectsApi);
  for (const ns of ['doomed', 'kept']) {
    await core.createNamespace({ body: { metadata: { name: ns } } });
    await custom.createNamespacedCustomObject({ group: 'tools.example.org', version: 'v1alpha1', plural: 'gizmos', namespace: ns, body: { apiVersion: 'tools.example.org/v1alpha1', kind: 'Gizmo', metadata: { name: 'g' }, spec: {} } });
  }
  const nsWatch = await recordWatch(t, kc, '/api/v1/namespaces', { fieldSelector: 'metadata.name=doomed' });
  await core.deleteNamespace({ name: 'doomed' });
  await nsWatch.until((e) => e.some((x) => x.type === 'DELETED'), 'the namespace gone');
  nsWatch.abort();
  const all = (await custom.listClusterCustomObject({ group: 'tools.example.org', version: 'v1alpha1', plural: 'gizmos' })) as { items: { metadata: { namespace: string } }[] };
  t.same(all.items.map((i) => i.metadata.namespace), ['kept']);

  await first.stop();
  const second = await startTestControlPlane(t, { dataDir });
  kc = second.kubeConfig();
  custom = kc.makeApiClient(CustomObjectsApi);
  const again = (await custom.getNamespacedCustomObject({ group: 'tools.example.org', version: 'v1alpha1', plural: 'gizmos', namespace: 'kept', name: 'g' })) as Record<string, any>;
  t.equal(again.spec.weight, 5);
});
