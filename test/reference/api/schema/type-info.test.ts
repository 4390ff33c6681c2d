import t from 'tap';
import { builtinTypeInfo, typeInfoOf } from '../../../../src/reference/api/schema/type-info.ts';

const info = builtinTypeInfo();
const core = 'io.k8s.api.core.v1.';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

t.test('root types by apiVersion and kind', async (t) => {
  t.equal(info.rootType('v1', 'Pod'), `${core}Pod`);
  t.equal(info.rootType('v1', 'PodList'), `${core}PodList`);
  t.equal(info.rootType('apps/v1', 'Deployment'), 'io.k8s.api.apps.v1.Deployment');
  t.equal(info.rootType('v1', 'Event'), `${core}Event`);
  t.equal(info.rootType('events.k8s.io/v1', 'Event'), 'io.k8s.api.events.v1.Event');
  t.equal(info.rootType('discovery.k8s.io/v1', 'EndpointSlice'), 'io.k8s.api.discovery.v1.EndpointSlice');
  t.equal(info.rootType('autoscaling/v1', 'Scale'), 'io.k8s.api.autoscaling.v1.Scale');
  t.equal(info.rootType('apps/v1', 'DeleteOptions'), `${meta}DeleteOptions`);
  t.equal(info.rootType('v1', 'Status'), `${meta}Status`);
  t.equal(info.rootType('v1', 'Deployment'), undefined, 'a kind of another group');
  t.equal(info.rootType('example.com/v1', 'Widget'), undefined, 'an unknown kind');
});

t.test('fields of known types', async (t) => {
  const cases: [string, string, object][] = [
    [`${core}PodSpec`, 'containers', { type: `${core}Container`, list: true, patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    [`${core}PodSpec`, 'volumes', { type: `${core}Volume`, list: true, patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    [`${core}PodSpec`, 'tolerations', { type: `${core}Toleration`, list: true, listType: 'atomic' }],
    [`${core}PodSpec`, 'nodeSelector', { map: true, mapType: 'atomic' }],
    [`${core}PodSpec`, 'imagePullSecrets', { type: `${core}LocalObjectReference`, list: true, patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'], mapType: 'atomic' }],
    [`${core}PodSpec`, 'affinity', { type: `${core}Affinity` }],
    [`${core}PodSpec`, 'restartPolicy', {}],
    [`${core}Container`, 'ports', { type: `${core}ContainerPort`, list: true, patchStrategy: 'merge', patchMergeKey: 'containerPort', listType: 'map', listMapKeys: ['containerPort', 'protocol'] }],
    [`${core}Container`, 'env', { type: `${core}EnvVar`, list: true, patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    [`${core}Container`, 'volumeMounts', { type: `${core}VolumeMount`, list: true, patchStrategy: 'merge', patchMergeKey: 'mountPath', listType: 'map', listMapKeys: ['mountPath'] }],
    [`${core}Container`, 'args', { list: true, listType: 'atomic' }],
    [`${core}ResourceRequirements`, 'limits', { map: true }],
    [`${core}PodStatus`, 'conditions', { type: `${core}PodCondition`, list: true, patchStrategy: 'merge', patchMergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
    [`${core}ServiceSpec`, 'ports', { type: `${core}ServicePort`, list: true, patchStrategy: 'merge', patchMergeKey: 'port', listType: 'map', listMapKeys: ['port', 'protocol'] }],
    [`${core}ServiceSpec`, 'selector', { map: true, mapType: 'atomic' }],
    [`${core}ServicePort`, 'targetPort', {}],
    [`${core}PersistentVolumeSpec`, 'claimRef', { type: `${core}ObjectReference`, mapType: 'granular' }],
    [`${core}PersistentVolumeClaimSpec`, 'dataSource', { type: `${core}TypedLocalObjectReference`, mapType: 'atomic' }],
    [`${meta}ObjectMeta`, 'finalizers', { list: true, patchStrategy: 'merge', listType: 'set' }],
    [`${meta}ObjectMeta`, 'ownerReferences', { type: `${meta}OwnerReference`, list: true, patchStrategy: 'merge', patchMergeKey: 'uid', listType: 'map', listMapKeys: ['uid'], mapType: 'atomic' }],
    [`${meta}ObjectMeta`, 'labels', { map: true }],
    [`${meta}ObjectMeta`, 'creationTimestamp', {}],
    [`${meta}ObjectMeta`, 'managedFields', { type: `${meta}ManagedFieldsEntry`, list: true, listType: 'atomic' }],
    [`${meta}ManagedFieldsEntry`, 'fieldsV1', { type: `${meta}FieldsV1` }],
    ['io.k8s.api.apps.v1.DeploymentSpec', 'selector', { type: `${meta}LabelSelector`, mapType: 'atomic' }],
    ['io.k8s.api.apps.v1.DeploymentSpec', 'strategy', { type: 'io.k8s.api.apps.v1.DeploymentStrategy', patchStrategy: 'retainKeys' }],
    ['io.k8s.api.apps.v1.DeploymentSpec', 'template', { type: `${core}PodTemplateSpec` }],
    ['io.k8s.api.batch.v1.JobStatus', 'conditions', { type: 'io.k8s.api.batch.v1.JobCondition', list: true, patchStrategy: 'merge', patchMergeKey: 'type', listType: 'atomic' }],
    ['io.k8s.api.discovery.v1.EndpointSlice', 'endpoints', { type: 'io.k8s.api.discovery.v1.Endpoint', list: true, listType: 'atomic' }],
    [`${core}ConfigMap`, 'data', { map: true }],
  ];
  for (const [type, field, expected] of cases) t.same(info.field(type, field), expected, `${type.split('.').pop()}.${field}`);
});

t.test('unknown types and fields', async (t) => {
  t.equal(info.field(`${core}PodSpec`, 'noSuchField'), undefined);
  t.equal(info.field('io.example.v1.Widget', 'spec'), undefined);
});

t.test('a TypeInfo over other definitions', async (t) => {
  const custom = typeInfoOf({
    'x.Root': {
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: 'x.io', version: 'v1', kind: 'Root' }],
      properties: { items: { type: 'object', additionalProperties: { $ref: '#/definitions/x.Item' } } },
    },
    'x.Item': { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: {} },
  });
  t.equal(custom.rootType('x.io/v1', 'Root'), 'x.Root');
  t.same(custom.field('x.Root', 'items'), { map: true, type: 'x.Item' }, 'the map type of a struct describes fields that hold it directly, not maps of it');
});
