import { readFileSync } from 'node:fs';
import t from 'tap';
import { apiVersionOf, resourceTypes } from '../../../../src/reference/api/resources.ts';
import { definitionsFile } from '../../../../src/reference/api/schema/definitions.ts';
import { generateSchema, serializeSchema } from '../../../../src/reference/api/schema/generator/generate-schema.ts';
import type { GeneratedSchema } from '../../../../src/reference/api/schema/definitions.ts';

const first = generateSchema();
const text = serializeSchema(first);

t.test('the generator is deterministic and the committed file is up to date', async (t) => {
  t.equal(serializeSchema(generateSchema()), text, 'two runs produce the same text');
  t.ok(readFileSync(definitionsFile, 'utf8') === text, 'definitions.json matches a fresh run (regenerate: node src/reference/api/schema/generate.ts)');
});

const defs = first.definitions;
const gvkOf = (name: string) => defs[name]?.['x-kubernetes-group-version-kind'];

t.test('every served kind and its list have a definition tagged with their group, version and kind', async (t) => {
  const expected: Record<string, string> = {
    'v1/Namespace': 'io.k8s.api.core.v1.Namespace',
    'v1/Node': 'io.k8s.api.core.v1.Node',
    'v1/Pod': 'io.k8s.api.core.v1.Pod',
    'v1/Service': 'io.k8s.api.core.v1.Service',
    'v1/Endpoints': 'io.k8s.api.core.v1.Endpoints',
    'v1/ConfigMap': 'io.k8s.api.core.v1.ConfigMap',
    'v1/Secret': 'io.k8s.api.core.v1.Secret',
    'v1/ServiceAccount': 'io.k8s.api.core.v1.ServiceAccount',
    'v1/Event': 'io.k8s.api.core.v1.Event',
    'v1/PersistentVolume': 'io.k8s.api.core.v1.PersistentVolume',
    'v1/PersistentVolumeClaim': 'io.k8s.api.core.v1.PersistentVolumeClaim',
    'discovery.k8s.io/v1/EndpointSlice': 'io.k8s.api.discovery.v1.EndpointSlice',
    'events.k8s.io/v1/Event': 'io.k8s.api.events.v1.Event',
    'storage.k8s.io/v1/StorageClass': 'io.k8s.api.storage.v1.StorageClass',
    'apps/v1/Deployment': 'io.k8s.api.apps.v1.Deployment',
    'apps/v1/ReplicaSet': 'io.k8s.api.apps.v1.ReplicaSet',
    'apps/v1/DaemonSet': 'io.k8s.api.apps.v1.DaemonSet',
    'apps/v1/StatefulSet': 'io.k8s.api.apps.v1.StatefulSet',
    'batch/v1/Job': 'io.k8s.api.batch.v1.Job',
    'coordination.k8s.io/v1/Lease': 'io.k8s.api.coordination.v1.Lease',
    'scheduling.k8s.io/v1/PriorityClass': 'io.k8s.api.scheduling.v1.PriorityClass',
    'networking.k8s.io/v1/Ingress': 'io.k8s.api.networking.v1.Ingress',
    'v1/ReplicationController': 'io.k8s.api.core.v1.ReplicationController',
    'v1/PodTemplate': 'io.k8s.api.core.v1.PodTemplate',
    'v1/ResourceQuota': 'io.k8s.api.core.v1.ResourceQuota',
    'v1/LimitRange': 'io.k8s.api.core.v1.LimitRange',
    'v1/ComponentStatus': 'io.k8s.api.core.v1.ComponentStatus',
    'batch/v1/CronJob': 'io.k8s.api.batch.v1.CronJob',
    'policy/v1/PodDisruptionBudget': 'io.k8s.api.policy.v1.PodDisruptionBudget',
    'networking.k8s.io/v1/NetworkPolicy': 'io.k8s.api.networking.v1.NetworkPolicy',
    'networking.k8s.io/v1/IngressClass': 'io.k8s.api.networking.v1.IngressClass',
    'autoscaling/v2/HorizontalPodAutoscaler': 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
    'rbac.authorization.k8s.io/v1/Role': 'io.k8s.api.rbac.v1.Role',
    'rbac.authorization.k8s.io/v1/ClusterRole': 'io.k8s.api.rbac.v1.ClusterRole',
    'rbac.authorization.k8s.io/v1/RoleBinding': 'io.k8s.api.rbac.v1.RoleBinding',
    'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'io.k8s.api.rbac.v1.ClusterRoleBinding',
    'authorization.k8s.io/v1/SelfSubjectAccessReview': 'io.k8s.api.authorization.v1.SelfSubjectAccessReview',
    'authorization.k8s.io/v1/SubjectAccessReview': 'io.k8s.api.authorization.v1.SubjectAccessReview',
    'authorization.k8s.io/v1/LocalSubjectAccessReview': 'io.k8s.api.authorization.v1.LocalSubjectAccessReview',
    'authorization.k8s.io/v1/SelfSubjectRulesReview': 'io.k8s.api.authorization.v1.SelfSubjectRulesReview',
    'authentication.k8s.io/v1/TokenReview': 'io.k8s.api.authentication.v1.TokenReview',
    'authentication.k8s.io/v1/SelfSubjectReview': 'io.k8s.api.authentication.v1.SelfSubjectReview',
    'apiextensions.k8s.io/v1/CustomResourceDefinition': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    'apiregistration.k8s.io/v1/APIService': 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService',
    'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': 'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': 'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': 'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicy',
    'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': 'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBinding',
    'node.k8s.io/v1/RuntimeClass': 'io.k8s.api.node.v1.RuntimeClass',
    'storage.k8s.io/v1/CSIDriver': 'io.k8s.api.storage.v1.CSIDriver',
    'storage.k8s.io/v1/CSINode': 'io.k8s.api.storage.v1.CSINode',
    'storage.k8s.io/v1/VolumeAttachment': 'io.k8s.api.storage.v1.VolumeAttachment',
    'certificates.k8s.io/v1/CertificateSigningRequest': 'io.k8s.api.certificates.v1.CertificateSigningRequest',
  };
  t.same(Object.keys(expected).sort(), resourceTypes.map((r) => `${apiVersionOf(r)}/${r.kind}`).sort(), 'the table covers resources.ts');
  for (const r of resourceTypes) {
    const name = expected[`${apiVersionOf(r)}/${r.kind}`]!;
    const gvk = { group: r.group, kind: r.kind, version: r.version };
    t.same(gvkOf(name), [gvk], `${name} is ${apiVersionOf(r)} ${r.kind}`);
    t.ok(defs[name]?.properties?.metadata?.$ref?.endsWith('.ObjectMeta'), `${name} has object metadata`);
    t.ok(defs[name]!.description, `${name} is described`);
    if (!r.verbs.includes('list')) continue;
    t.same(gvkOf(`${name}List`), [{ ...gvk, kind: `${r.kind}List` }], `${name}List is its list`);
    t.ok(defs[`${name}List`]?.properties?.items?.items?.$ref?.endsWith(`/${name}`), `${name}List holds ${name} items`);
  }
});

t.test('the meta and subresource types are present', async (t) => {
  const gvks: [string, { group: string; kind: string; version: string }][] = [
    ['io.k8s.apimachinery.pkg.apis.meta.v1.Status', { group: '', kind: 'Status', version: 'v1' }],
    ['io.k8s.api.autoscaling.v1.Scale', { group: 'autoscaling', kind: 'Scale', version: 'v1' }],
    ['io.k8s.api.core.v1.Binding', { group: '', kind: 'Binding', version: 'v1' }],
    ['io.k8s.api.policy.v1.Eviction', { group: 'policy', kind: 'Eviction', version: 'v1' }],
  ];
  for (const [name, gvk] of gvks) t.same(gvkOf(name), [gvk], name);
  for (const kind of ['DeleteOptions', 'WatchEvent']) {
    const list = gvkOf(`io.k8s.apimachinery.pkg.apis.meta.v1.${kind}`) ?? [];
    for (const gv of [{ group: '', version: 'v1' }, { group: 'apps', version: 'v1' }, { group: 'events.k8s.io', version: 'v1' }]) {
      t.ok(list.some((g) => g.group === gv.group && g.version === gv.version && g.kind === kind), `${kind} is a kind of ${gv.group}/${gv.version}`);
    }
  }
  for (const name of ['ListMeta', 'APIResourceList', 'Patch', 'Time', 'MicroTime', 'FieldsV1', 'ManagedFieldsEntry', 'OwnerReference', 'LabelSelector']) {
    t.ok(defs[`io.k8s.apimachinery.pkg.apis.meta.v1.${name}`], name);
  }
  t.same(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'], { ...defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'], type: 'string', format: 'int-or-string' });
  t.equal(defs['io.k8s.apimachinery.pkg.api.resource.Quantity']?.type, 'string');
  t.equal(defs['io.k8s.apimachinery.pkg.version.Info']?.properties?.gitVersion?.type, 'string');
});

t.test('field shapes follow the model types', async (t) => {
  const podSpec = defs['io.k8s.api.core.v1.PodSpec']!;
  t.same(podSpec.required, ['containers']);
  t.equal(podSpec.properties!.activeDeadlineSeconds!.type, 'integer');
  t.equal(podSpec.properties!.activeDeadlineSeconds!.format, 'int64');
  t.same(podSpec.properties!.nodeSelector!.additionalProperties, { type: 'string' });
  t.equal(podSpec.properties!.affinity!.$ref, '#/definitions/io.k8s.api.core.v1.Affinity');
  t.equal(podSpec.properties!.affinity!.description, "If specified, the pod's scheduling constraints", 'descriptions of references come from kubernetes-models');
  const limits = defs['io.k8s.api.core.v1.ResourceRequirements']!.properties!.limits!;
  t.equal(limits.additionalProperties?.$ref, '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity', 'resource lists hold quantities');
  t.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!.properties!.creationTimestamp!.$ref, '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time');
  t.equal(defs['io.k8s.api.coordination.v1.LeaseSpec']!.properties!.renewTime!.$ref, '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime');
  t.equal(defs['io.k8s.api.core.v1.ContainerPort']!.properties!.containerPort!.format, 'int32');
  t.equal(defs['io.k8s.api.core.v1.ServicePort']!.properties!.targetPort!.$ref, '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString');
  t.same(defs['io.k8s.api.core.v1.Secret']!.properties!.data!.additionalProperties, { type: 'string', format: 'byte' });
  t.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry']!.properties!.fieldsV1!.$ref, '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1');
  t.match(defs['io.k8s.api.admissionregistration.v1.RuleWithOperations']!.properties!.resources!.description, "'*/scale' means all scale subresources", 'escaped comment text is restored');
  t.notMatch(JSON.stringify(first), /\\'|&#39;|&quot;/, 'no escapes from the generators survive');
});

t.test('the merge directives are written into the definitions', async (t) => {
  t.same(defs['io.k8s.api.core.v1.PodSpec']!.properties!.containers, {
    ...defs['io.k8s.api.core.v1.PodSpec']!.properties!.containers,
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['name'],
    'x-kubernetes-patch-merge-key': 'name',
    'x-kubernetes-patch-strategy': 'merge',
  });
  t.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']!['x-kubernetes-map-type'], 'atomic');
  t.equal(defs['io.k8s.api.apps.v1.DeploymentSpec']!.properties!.strategy!['x-kubernetes-patch-strategy'], 'retainKeys');
});

t.test('operation parameters come from the client API', async (t) => {
  const params: GeneratedSchema['operationParameters'] = first.operationParameters;
  const names = (op: keyof typeof params) => params[op].map((p) => p.name);
  for (const op of ['post', 'put', 'patch'] as const) {
    t.ok(names(op).includes('fieldValidation'), `${op} takes fieldValidation`);
    t.ok(names(op).includes('fieldManager'), `${op} takes fieldManager`);
    t.ok(names(op).includes('dryRun'), `${op} takes dryRun`);
  }
  t.ok(names('patch').includes('force'));
  for (const p of ['watch', 'labelSelector', 'fieldSelector', 'resourceVersion', 'limit', 'continue', 'allowWatchBookmarks']) t.ok(names('list').includes(p), `list takes ${p}`);
  for (const p of ['container', 'follow', 'previous', 'tailLines', 'timestamps', 'sinceSeconds']) t.ok(names('log').includes(p), `log takes ${p}`);
  t.same(names('exec'), ['command', 'container', 'stderr', 'stdin', 'stdout', 'tty']);
  t.same(names('attach'), ['container', 'stderr', 'stdin', 'stdout', 'tty']);
  t.same(names('portforward'), ['ports']);
  t.same(names('proxy'), ['path']);
  t.same(params.list.find((p) => p.name === 'limit'), { ...params.list.find((p) => p.name === 'limit'), type: 'integer', in: 'query' });
  t.ok(params.list.every((p) => p.description), 'every list parameter is described');
});
