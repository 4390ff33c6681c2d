import t from 'tap';
import { findByKind } from '../../../../src/reference/api/resources.ts';
import { validateObject } from '../../../../src/reference/api/validation/validate-object.ts';
import {
  configMap, coreEvent, createCauses, daemonSet, defaulted, deployment, endpointSlice, endpoints, eventsEvent, ingress, job, lease,
  namespace, node, persistentVolume, persistentVolumeClaim, pod, priorityClass, replicaSet, secret, service, serviceAccount,
  statefulSet, storageClass, typeOf, updateCauses,
} from './fixtures/objects.ts';

const minimal = {
  pod, deployment, replicaSet, daemonSet, statefulSet, job, service, configMap, secret, namespace, node, persistentVolume,
  persistentVolumeClaim, storageClass, priorityClass, lease, endpoints, endpointSlice, ingress, coreEvent, eventsEvent, serviceAccount,
};

t.test('a minimal object of every served type is valid on create and on an unchanged update', async (t) => {
  for (const [name, make] of Object.entries(minimal)) {
    t.same(createCauses(make()), [], `${name} create`);
    t.same(updateCauses(make(), make()), [], `${name} update`);
  }
});

t.test('every served type is covered by a minimal object', async (t) => {
  const covered = new Set(Object.values(minimal).map((make) => typeOf(make())));
  const served = ['v1/Pod', 'v1/Service', 'v1/Endpoints', 'v1/ConfigMap', 'v1/Secret', 'v1/ServiceAccount', 'v1/Event', 'v1/Namespace', 'v1/Node',
    'v1/PersistentVolume', 'v1/PersistentVolumeClaim', 'discovery.k8s.io/v1/EndpointSlice', 'events.k8s.io/v1/Event',
    'storage.k8s.io/v1/StorageClass', 'apps/v1/Deployment', 'apps/v1/ReplicaSet', 'apps/v1/DaemonSet', 'apps/v1/StatefulSet',
    'batch/v1/Job', 'coordination.k8s.io/v1/Lease', 'scheduling.k8s.io/v1/PriorityClass', 'networking.k8s.io/v1/Ingress'];
  for (const id of served) {
    const kind = id.slice(id.lastIndexOf('/') + 1);
    const type = findByKind(id.slice(0, id.lastIndexOf('/')), kind);
    t.ok(type && covered.has(type), id);
  }
});

t.test('object names follow the rule of their kind', async (t) => {
  const subdomain = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';
  const label = 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')';
  const dns1035 = 'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')';
  const cases: [string, () => Record<string, any>, string, string][] = [
    ['Pod', pod, 'Foo_Bar', `Invalid value: "Foo_Bar": ${subdomain}`],
    ['Deployment', deployment, 'web.v2', ''],
    ['Namespace', namespace, 'team.a', 'Invalid value: "team.a": must not contain dots'],
    ['Service', service, '1web', `Invalid value: "1web": ${dns1035}`],
    ['StatefulSet', statefulSet, 'db_1', `Invalid value: "db_1": ${label}`],
    ['Event', coreEvent, 'Any_Name.x', ''],
    ['Event', coreEvent, 'a/b', 'Invalid value: "a/b": may not contain \'/\''],
  ];
  for (const [kind, make, name, message] of cases) {
    const obj = make();
    obj.metadata.name = name;
    const causes = createCauses(obj).filter((c) => c.field === 'metadata.name');
    t.same(causes, message ? [{ reason: 'FieldValueInvalid', field: 'metadata.name', message }] : [], `${kind} ${name}`);
  }
});

t.test('metadata: name, namespace, labels, annotations, finalizers, owner references', async (t) => {
  const cases: [string, (o: Record<string, any>) => void, { reason: string; field: string; message: string }[]][] = [
    ['no name', (o) => delete o.metadata.name, [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]],
    ['no namespace', (o) => delete o.metadata.namespace, [{ reason: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value' }]],
    ['bad generateName', (o) => { o.metadata.generateName = 'Web-'; }, [{
      reason: 'FieldValueInvalid', field: 'metadata.generateName',
      message: 'Invalid value: "Web-": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    }]],
    ['generateName ending in a dash', (o) => { o.metadata.generateName = 'web-'; }, []],
    ['label key', (o) => { o.metadata.labels = { 'app_': 'x' }; }, [{
      reason: 'FieldValueInvalid', field: 'metadata.labels',
      message: 'Invalid value: "app_": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    }]],
    ['label value too long', (o) => { o.metadata.labels = { app: 'x'.repeat(64) }; }, [{
      reason: 'FieldValueInvalid', field: 'metadata.labels', message: `Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`,
    }]],
    ['label key prefix', (o) => { o.metadata.labels = { 'Example.com/app': 'x' }; }, [{
      reason: 'FieldValueInvalid', field: 'metadata.labels',
      message: 'Invalid value: "Example.com/app": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    }]],
    ['annotations too large', (o) => { o.metadata.annotations = { big: 'x'.repeat(256 * 1024) }; }, [{
      reason: 'FieldValueTooLong', field: 'metadata.annotations', message: 'Too long: may not be more than 262144 bytes',
    }]],
    ['annotation keys are checked lower-cased', (o) => { o.metadata.annotations = { 'Example.COM/Note': 'x' }; }, []],
    ['finalizer', (o) => { o.metadata.finalizers = ['cleanup'] }, [{
      reason: 'FieldValueInvalid', field: 'metadata.finalizers[0]', message: 'Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    }]],
    ['owner reference', (o) => { o.metadata.ownerReferences = [{ apiVersion: 'apps/', kind: 'ReplicaSet', name: 'web-1', uid: 'u' }]; }, [{
      reason: 'FieldValueInvalid', field: 'metadata.ownerReferences.apiVersion', message: 'Invalid value: "apps/": version must not be empty',
    }]],
  ];
  for (const [name, mutate, expected] of cases) {
    const obj = pod();
    mutate(obj);
    t.same(createCauses(obj), expected, name);
  }
});

t.test('a cluster-scoped object may not name a namespace', async (t) => {
  const ns = defaulted({ ...namespace(), metadata: { name: 'team-a', namespace: 'default' } });
  t.same(validateObject(typeOf(ns), ns), [{ reason: 'FieldValueForbidden', field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' }]);
});

t.test('an update may not change identity fields', async (t) => {
  const old = pod();
  const next = pod();
  next.metadata.uid = 'other';
  next.metadata.generation = 0;
  old.metadata.generation = 2;
  t.same(updateCauses(next, old), [
    { reason: 'FieldValueInvalid', field: 'metadata.generation', message: 'Invalid value: 0: must not be decremented' },
    { reason: 'FieldValueInvalid', field: 'metadata.uid', message: 'Invalid value: "other": field is immutable' },
  ]);
  const noVersion = defaulted(pod());
  t.same(validateObject(typeOf(noVersion), noVersion, defaulted(pod())), [
    { reason: 'FieldValueInvalid', field: 'metadata.resourceVersion', message: 'Invalid value: "": must be specified for an update' },
  ]);
});

t.test('type errors come first and replace what the rules say about the same field', async (t) => {
  const obj = pod();
  obj.spec.containers[0].name = 5;
  t.same(createCauses(obj), [{
    reason: 'FieldValueTypeInvalid', field: 'spec.containers[0].name',
    message: 'Invalid value: "integer": spec.containers[0].name in body must be of type string: "integer"',
  }]);
});
