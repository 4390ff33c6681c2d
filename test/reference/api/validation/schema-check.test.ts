import t from 'tap';
import type { KubeObject } from '../../../../src/reference/api/object.ts';
import { findByKind, type ResourceType } from '../../../../src/reference/api/resources.ts';
import { schemaCauses as check } from '../../../../src/reference/api/validation/schema-check.ts';

/** The check on a loosely written object, wrong types and all. */
function schemaCauses(type: ResourceType, obj: object): ReturnType<typeof check> {
  return check(type, obj as KubeObject);
}

const pods = findByKind('v1', 'Pod')!;
const daemonSets = findByKind('apps/v1', 'DaemonSet')!;
const slices = findByKind('discovery.k8s.io/v1', 'EndpointSlice')!;
const priorityClasses = findByKind('scheduling.k8s.io/v1', 'PriorityClass')!;
const events = findByKind('v1', 'Event')!;
const leases = findByKind('coordination.k8s.io/v1', 'Lease')!;

t.test('wrong types, unknown enum values and malformed quantities', async (t) => {
  t.same(schemaCauses(pods, {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', labels: { 'app.kubernetes.io/name': 5 } },
    spec: {
      containers: [{ name: 'a', image: 'b', ports: [{ containerPort: 'http' }], resources: { limits: { cpu: 'lots', memory: true } } }],
      terminationGracePeriodSeconds: 1.5, dnsPolicy: 'Fast',
    },
  }), [
    { reason: 'FieldValueTypeInvalid', field: 'metadata.labels[app.kubernetes.io/name]', message: 'Invalid value: "integer": metadata.labels[app.kubernetes.io/name] in body must be of type string: "integer"' },
    { reason: 'FieldValueTypeInvalid', field: 'spec.containers[0].ports[0].containerPort', message: 'Invalid value: "string": spec.containers[0].ports[0].containerPort in body must be of type integer: "string"' },
    { reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.limits[cpu]', message: 'Invalid value: "lots": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'' },
    { reason: 'FieldValueTypeInvalid', field: 'spec.containers[0].resources.limits[memory]', message: 'Invalid value: "boolean": spec.containers[0].resources.limits[memory] in body must be of type number or string: "boolean"' },
    { reason: 'FieldValueNotSupported', field: 'spec.dnsPolicy', message: 'Unsupported value: "Fast": supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"' },
    { reason: 'FieldValueTypeInvalid', field: 'spec.terminationGracePeriodSeconds', message: 'Invalid value: "number": spec.terminationGracePeriodSeconds in body must be of type integer: "number"' },
  ]);
});

t.test('null reads as absent, as Go decodes it', async (t) => {
  t.same(schemaCauses(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', creationTimestamp: null }, spec: { containers: [{ name: null, image: 'b' }] } }), [
    { reason: 'FieldValueRequired', field: 'spec.containers[0].name', message: 'Required value' },
  ]);
});

t.test('requirements kube-apiserver does not enforce are dropped', async (t) => {
  t.same(schemaCauses(daemonSets, { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'x' }, spec: {} }), [], 'DaemonSet selector and template');
  t.same(schemaCauses(slices, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'x' }, addressType: 'IPv4' }), [], 'EndpointSlice endpoints');
  t.same(schemaCauses(priorityClasses, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'x' } }), [], 'PriorityClass value');
  t.same(schemaCauses(events, { apiVersion: 'v1', kind: 'Event', metadata: { name: 'x' } }), [], 'Event involvedObject');
  t.same(schemaCauses(pods, {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' },
    spec: { containers: [{ name: 'a', image: 'b', lifecycle: { preStop: { sleep: {} } }, readinessProbe: { httpGet: { port: 80, httpHeaders: [{ name: 'X-A' }] } } }] },
  }), [], 'sleep seconds and header values');
});

t.test('a type without a schema here has no schema findings', async (t) => {
  t.same(schemaCauses(leases, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'x' }, spec: { leaseDurationSeconds: 'long' } }), [
    { reason: 'FieldValueTypeInvalid', field: 'spec.leaseDurationSeconds', message: 'Invalid value: "string": spec.leaseDurationSeconds in body must be of type integer: "string"' },
  ]);
});
