// The API server's validation step: the field errors kube-apiserver would
// answer a create (no `old`) or an update of this object with, after
// defaulting. Empty means valid. Hand-written rules follow upstream's
// pkg/apis/*/validation; the kind's OpenAPI schema adds type, enum and
// format errors the rules do not word themselves.
import type { KubeObject } from '../object.ts';
import type { ResourceType } from '../resources.ts';
import { validateConfigMap } from './config-map.ts';
import { validateDaemonSetSpec } from './daemon-set.ts';
import { validateDeploymentSpec, validateReplicaSetSpec, validateSelectorUnchanged } from './deployment.ts';
import { validateEndpointSlice, validateEndpointSliceUpdate } from './endpoint-slice.ts';
import { validateEndpointSubsets } from './endpoints.ts';
import { validateCoreEvent, validateCoreEventCreate, validateEventsEventCreate, validateEventsEventUpdate } from './event.ts';
import { validateImmutableData } from './immutable-data.ts';
import { validateIngressSpec } from './ingress.ts';
import { validateJobCreate, validateJobUpdate } from './job.ts';
import { validateLeaseSpec } from './lease.ts';
import { dns1035LabelName, dnsLabelName, dnsSubdomainName, type NameRule } from './names.ts';
import { validateNamespaceSpec, validateNamespaceStatus } from './namespace.ts';
import { validateNode, validateNodeUpdate } from './node.ts';
import { str, type Obj } from './object-access.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { validatePersistentVolumeClaimSpec } from './persistent-volume-claim-spec.ts';
import { validatePersistentVolumeClaimUpdate } from './persistent-volume-claim.ts';
import { validatePersistentVolumeSpec, validatePersistentVolumeUpdate } from './persistent-volume.ts';
import { validatePodCreate, validatePodStatusUpdate, validatePodUpdate } from './pod.ts';
import { validatePriorityClass, validatePriorityClassUpdate } from './priority-class.ts';
import { schemaCauses } from './schema-check.ts';
import { validateSecret } from './secret.ts';
import { validateServiceSpec, validateServiceUpdate } from './service.ts';
import { validateStatefulSetSpec, validateStatefulSetSpecUpdate } from './stateful-set.ts';
import { invalid, type StatusCause } from './status-cause.ts';
import { validateStorageClass, validateStorageClassUpdate } from './storage-class.ts';

interface TypeRules {
  /** What metadata.name must look like; 'none' when upstream runs no ObjectMeta checks (core Events). */
  name: NameRule | 'none';
  /** Rules on create. */
  create?(o: Obj): StatusCause[];
  /** Rules on update (for a whole-object write). */
  update?(o: Obj, old: Obj): StatusCause[];
  /** Rules on a write to the status subresource. */
  status?(o: Obj, old: Obj): StatusCause[];
}

function always(rule: (o: Obj) => StatusCause[]): Pick<TypeRules, 'create' | 'update'> {
  return { create: rule, update: (o) => rule(o) };
}

const rules: Record<string, TypeRules> = {
  '/Pod': { name: dnsSubdomainName, create: validatePodCreate, update: validatePodUpdate, status: validatePodStatusUpdate },
  '/Service': { name: dns1035LabelName, create: validateServiceSpec, update: validateServiceUpdate },
  '/Endpoints': { name: dnsSubdomainName, ...always(validateEndpointSubsets) },
  '/ConfigMap': {
    name: dnsSubdomainName,
    create: validateConfigMap,
    update: (o, old) => [...validateImmutableData(o, old, ['data', 'binaryData']), ...validateConfigMap(o)],
  },
  '/Secret': {
    name: dnsSubdomainName,
    create: validateSecret,
    update: (o, old) => [
      ...(str(o.type) === str(old.type) ? [] : [invalid('type', str(o.type), 'field is immutable')]),
      ...validateImmutableData(o, old, ['data']),
      ...validateSecret(o),
    ],
  },
  '/ServiceAccount': { name: dnsSubdomainName },
  '/Event': { name: 'none', create: validateCoreEventCreate, update: validateCoreEvent },
  '/Namespace': { name: dnsLabelName, create: validateNamespaceSpec, status: validateNamespaceStatus },
  '/Node': { name: dnsSubdomainName, create: validateNode, update: validateNodeUpdate, status: validateNodeUpdate },
  '/PersistentVolume': {
    name: dnsSubdomainName,
    create: (o) => validatePersistentVolumeSpec(o.spec),
    update: (o, old) => [...validatePersistentVolumeSpec(o.spec), ...validatePersistentVolumeUpdate(o, old)],
  },
  '/PersistentVolumeClaim': {
    name: dnsSubdomainName,
    create: (o) => validatePersistentVolumeClaimSpec(o.spec, 'spec'),
    update: (o, old) => [...validatePersistentVolumeClaimSpec(o.spec, 'spec'), ...validatePersistentVolumeClaimUpdate(o, old)],
  },
  'apps/Deployment': {
    name: dnsSubdomainName,
    create: (o) => validateDeploymentSpec(o.spec),
    update: (o, old) => [...validateDeploymentSpec(o.spec), ...validateSelectorUnchanged(o.spec, old.spec)],
  },
  'apps/ReplicaSet': {
    name: dnsSubdomainName,
    create: (o) => validateReplicaSetSpec(o.spec),
    update: (o, old) => [...validateReplicaSetSpec(o.spec), ...validateSelectorUnchanged(o.spec, old.spec)],
  },
  'apps/DaemonSet': {
    name: dnsSubdomainName,
    create: (o) => validateDaemonSetSpec(o.spec),
    update: (o, old) => [...validateDaemonSetSpec(o.spec), ...validateSelectorUnchanged(o.spec, old.spec)],
  },
  'apps/StatefulSet': {
    name: dnsLabelName,
    create: (o) => validateStatefulSetSpec(o.spec),
    update: (o, old) => [...validateStatefulSetSpec(o.spec), ...validateStatefulSetSpecUpdate(o.spec, old.spec)],
  },
  'batch/Job': { name: dnsSubdomainName, create: validateJobCreate, update: validateJobUpdate },
  'coordination.k8s.io/Lease': { name: dnsSubdomainName, ...always(validateLeaseSpec) },
  'discovery.k8s.io/EndpointSlice': {
    name: dnsSubdomainName,
    create: validateEndpointSlice,
    update: (o, old) => [...validateEndpointSlice(o), ...validateEndpointSliceUpdate(o, old)],
  },
  'events.k8s.io/Event': { name: dnsSubdomainName, create: validateEventsEventCreate, update: validateEventsEventUpdate },
  'networking.k8s.io/Ingress': { name: dnsSubdomainName, ...always(validateIngressSpec) },
  'scheduling.k8s.io/PriorityClass': {
    name: dnsSubdomainName,
    create: validatePriorityClass,
    update: (o, old) => [...validatePriorityClass(o), ...validatePriorityClassUpdate(o, old)],
  },
  'storage.k8s.io/StorageClass': {
    name: dnsSubdomainName,
    create: validateStorageClass,
    update: (o, old) => [...validateStorageClass(o), ...validateStorageClassUpdate(o, old)],
  },
};

const defaultRules: TypeRules = { name: dnsSubdomainName };

function typeRules(type: ResourceType): TypeRules {
  return rules[`${type.group}/${type.kind}`] ?? defaultRules;
}

function handWrittenCauses(type: ResourceType, o: Obj, old: Obj | undefined, subresource: string | undefined): StatusCause[] {
  const r = typeRules(type);
  if (!old) {
    const meta = r.name === 'none' ? [] : validateObjectMeta(o.metadata, type.namespaced, r.name);
    return [...meta, ...(r.create?.(o) ?? [])];
  }
  const meta = r.name === 'none' ? [] : validateObjectMetaUpdate(o.metadata, old.metadata);
  if (subresource === 'status') return [...meta, ...(r.status?.(o, old) ?? [])];
  if (subresource === 'binding') return meta;
  return [...meta, ...(r.update?.(o, old) ?? [])];
}

/** Whether `field` is `parent` or lies inside it. */
function within(field: string, parent: string): boolean {
  return field === parent || field.startsWith(`${parent}.`) || field.startsWith(`${parent}[`);
}

/**
 * Type errors first (upstream fails such a body before validating it), then
 * the hand-written rules, then what the schema found on fields the rules did
 * not speak about (nor about anything containing them); each distinct error once.
 */
function combine(hand: StatusCause[], schema: StatusCause[]): StatusCause[] {
  const typeErrors = schema.filter((c) => c.reason === 'FieldValueTypeInvalid');
  const typeFields = new Set(typeErrors.map((c) => c.field));
  const handFields = hand.map((c) => c.field);
  const all = [
    ...typeErrors,
    ...hand.filter((c) => !typeFields.has(c.field)),
    ...schema.filter((c) => c.reason !== 'FieldValueTypeInvalid' && !typeFields.has(c.field) && !handFields.some((f) => within(c.field, f))),
  ];
  const seen = new Set<string>();
  return all.filter((c) => {
    const id = `${c.reason}\u0000${c.field}\u0000${c.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * The field errors for this object, in the order kube-apiserver lists them.
 * `old` is the stored object on update; `subresource` is the subresource
 * written ('status' uses the status rules, 'binding' checks metadata only).
 */
export function validateObject(type: ResourceType, object: KubeObject, old?: KubeObject, subresource?: string): StatusCause[] {
  const o = object as Obj;
  return combine(handWrittenCauses(type, o, old as Obj | undefined, subresource), schemaCauses(type, object));
}
