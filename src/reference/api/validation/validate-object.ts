// The API server's validation step: the field errors kube-apiserver would
// answer a create (no `old`) or an update of this object with, after
// defaulting. Empty means valid. Hand-written rules follow upstream's
// pkg/apis/*/validation; the kind's OpenAPI schema adds type, enum and
// format errors the rules do not word themselves.
import type { KubeObject } from '../object.ts';
import type { ResourceType } from '../resources.ts';
import { validateApiService } from './api-service.ts';
import { validateCertificateSigningRequest, validateCertificateSigningRequestUpdate } from './certificate-signing-request.ts';
import { validateConfigMap } from './config-map.ts';
import { validateCronJob } from './cron-job.ts';
import { validateCSIDriver, validateCSIDriverUpdate } from './csi-driver.ts';
import { validateCSINode } from './csi-node.ts';
import { validateDaemonSetSpec } from './daemon-set.ts';
import { validateDeploymentSpec, validateReplicaSetSpec, validateSelectorUnchanged } from './deployment.ts';
import { validateEndpointSlice, validateEndpointSliceUpdate } from './endpoint-slice.ts';
import { validateEndpointSubsets } from './endpoints.ts';
import { validateCoreEvent, validateCoreEventCreate, validateEventsEventCreate, validateEventsEventUpdate } from './event.ts';
import { validateHorizontalPodAutoscaler } from './horizontal-pod-autoscaler.ts';
import { validateImmutableData } from './immutable-data.ts';
import { validateIngressClass, validateIngressClassUpdate } from './ingress-class.ts';
import { validateIngressSpec } from './ingress.ts';
import { validateJobCreate, validateJobUpdate } from './job.ts';
import { validateLeaseSpec } from './lease.ts';
import { validateLimitRange } from './limit-range.ts';
import { dns1035LabelName, dnsLabelName, dnsSubdomainName, pathSegmentName, type NameRule } from './names.ts';
import { validateNamespaceSpec, validateNamespaceStatus } from './namespace.ts';
import { validateNetworkPolicy } from './network-policy.ts';
import { validateNode, validateNodeUpdate } from './node.ts';
import { str, type Obj } from './object-access.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { validatePersistentVolumeClaimSpec } from './persistent-volume-claim-spec.ts';
import { validatePersistentVolumeClaimUpdate } from './persistent-volume-claim.ts';
import { validatePersistentVolumeSpec, validatePersistentVolumeUpdate } from './persistent-volume.ts';
import { validatePodDisruptionBudget } from './pod-disruption-budget.ts';
import { validatePodCreate, validatePodStatusUpdate, validatePodUpdate } from './pod.ts';
import { validatePriorityClass, validatePriorityClassUpdate } from './priority-class.ts';
import { clusterRoleBindingRules, roleBindingRules, validateClusterRole, validateRole } from './rbac.ts';
import { validateReplicationController } from './replication-controller.ts';
import { validateResourceQuota } from './resource-quota.ts';
import { validateRuntimeClass, validateRuntimeClassUpdate } from './runtime-class.ts';
import { schemaCauses } from './schema-check.ts';
import { validateSecret } from './secret.ts';
import { validateServiceSpec, validateServiceUpdate } from './service.ts';
import { validateStatefulSetSpec, validateStatefulSetSpecUpdate } from './stateful-set.ts';
import { invalid, type StatusCause } from './status-cause.ts';
import { validateStorageClass, validateStorageClassUpdate } from './storage-class.ts';
import { validateValidatingAdmissionPolicy, validateValidatingAdmissionPolicyBinding } from './validating-admission-policy.ts';
import { validateVolumeAttachment, validateVolumeAttachmentUpdate } from './volume-attachment.ts';
import { validateMutatingWebhookConfiguration, validateValidatingWebhookConfiguration } from './webhook-configuration.ts';

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
  '/ReplicationController': { name: dnsSubdomainName, ...always(validateReplicationController) },
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
  'apiregistration.k8s.io/APIService': { name: pathSegmentName, ...always(validateApiService) },
  'autoscaling/HorizontalPodAutoscaler': { name: dnsSubdomainName, ...always(validateHorizontalPodAutoscaler) },
  'batch/Job': { name: dnsSubdomainName, create: validateJobCreate, update: validateJobUpdate },
  'batch/CronJob': { name: dnsSubdomainName, ...always(validateCronJob) },
  'certificates.k8s.io/CertificateSigningRequest': {
    name: dnsSubdomainName,
    create: validateCertificateSigningRequest,
    update: validateCertificateSigningRequestUpdate,
    status: validateCertificateSigningRequestUpdate,
  },
  'coordination.k8s.io/Lease': { name: dnsSubdomainName, ...always(validateLeaseSpec) },
  'discovery.k8s.io/EndpointSlice': {
    name: dnsSubdomainName,
    create: validateEndpointSlice,
    update: (o, old) => [...validateEndpointSlice(o), ...validateEndpointSliceUpdate(o, old)],
  },
  'events.k8s.io/Event': { name: dnsSubdomainName, create: validateEventsEventCreate, update: validateEventsEventUpdate },
  'networking.k8s.io/Ingress': { name: dnsSubdomainName, ...always(validateIngressSpec) },
  // RBAC names are path segments (system:node and the like), as upstream's ValidateRBACName.
  'rbac.authorization.k8s.io/Role': { name: pathSegmentName, ...always(validateRole) },
  'rbac.authorization.k8s.io/ClusterRole': { name: pathSegmentName, ...always(validateClusterRole) },
  'rbac.authorization.k8s.io/RoleBinding': { name: pathSegmentName, ...roleBindingRules },
  'rbac.authorization.k8s.io/ClusterRoleBinding': { name: pathSegmentName, ...clusterRoleBindingRules },
  'policy/PodDisruptionBudget': { name: dnsSubdomainName, ...always(validatePodDisruptionBudget) },
  '/ResourceQuota': { name: dnsSubdomainName, ...always(validateResourceQuota) },
  '/LimitRange': { name: dnsSubdomainName, ...always(validateLimitRange) },
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': { name: dnsSubdomainName, ...always(validateValidatingWebhookConfiguration) },
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': { name: dnsSubdomainName, ...always(validateMutatingWebhookConfiguration) },
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': { name: dnsSubdomainName, ...always(validateValidatingAdmissionPolicy) },
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding': { name: dnsSubdomainName, ...always(validateValidatingAdmissionPolicyBinding) },
  'networking.k8s.io/NetworkPolicy': { name: dnsSubdomainName, ...always(validateNetworkPolicy) },
  'networking.k8s.io/IngressClass': { name: dnsSubdomainName, create: validateIngressClass, update: validateIngressClassUpdate },
  'node.k8s.io/RuntimeClass': { name: dnsSubdomainName, create: validateRuntimeClass, update: validateRuntimeClassUpdate },
  'storage.k8s.io/CSIDriver': { name: dnsSubdomainName, create: validateCSIDriver, update: validateCSIDriverUpdate },
  'storage.k8s.io/CSINode': { name: dnsSubdomainName, ...always(validateCSINode) },
  'storage.k8s.io/VolumeAttachment': { name: dnsSubdomainName, create: validateVolumeAttachment, update: validateVolumeAttachmentUpdate },
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
