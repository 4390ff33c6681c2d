// Which printer prints which type: upstream's printer for every built-in type
// that has one, the additionalPrinterColumns of custom resources, and the
// default NAME / CREATED AT table for the rest.
import type { ResourceType } from '../resources.ts';
import { certificateSigningRequestPrinter, clusterRoleBindingPrinter, roleBindingPrinter } from './access-printers.ts';
import { cronJobPrinter, jobPrinter } from './batch-printers.ts';
import { componentStatusPrinter, leasePrinter, namespacePrinter, nodePrinter, priorityClassPrinter, runtimeClassPrinter } from './cluster-printers.ts';
import { configMapPrinter, resourceQuotaPrinter, secretPrinter, serviceAccountPrinter } from './config-printers.ts';
import { customResourcePrinter } from './custom-resource-printer.ts';
import { defaultPrinter } from './default-printer.ts';
import { coreEventPrinter, eventsV1EventPrinter } from './event-printer.ts';
import { apiServicePrinter, validatingAdmissionPolicyBindingPrinter, validatingAdmissionPolicyPrinter, webhookConfigurationPrinter } from './extension-printers.ts';
import { endpointSlicePrinter, endpointsPrinter, ingressClassPrinter, ingressPrinter, networkPolicyPrinter, servicePrinter } from './network-printers.ts';
import { podPrinter } from './pod-printer.ts';
import { horizontalPodAutoscalerPrinter, podDisruptionBudgetPrinter } from './policy-printers.ts';
import { csiDriverPrinter, csiNodePrinter, persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter, volumeAttachmentPrinter } from './storage-printers.ts';
import type { Printer } from './table-types.ts';
import { daemonSetPrinter, deploymentPrinter, podTemplatePrinter, replicaSetPrinter, replicationControllerPrinter, statefulSetPrinter } from './workload-printers.ts';

/** By "group/Kind" ("/Pod", "apps/Deployment"). */
const builtIn = new Map<string, Printer>([
  ['/Pod', podPrinter],
  ['/PodTemplate', podTemplatePrinter],
  ['/ReplicationController', replicationControllerPrinter],
  ['/Service', servicePrinter],
  ['/Endpoints', endpointsPrinter],
  ['/Node', nodePrinter],
  ['/Event', coreEventPrinter],
  ['/Namespace', namespacePrinter],
  ['/Secret', secretPrinter],
  ['/ServiceAccount', serviceAccountPrinter],
  ['/PersistentVolume', persistentVolumePrinter],
  ['/PersistentVolumeClaim', persistentVolumeClaimPrinter],
  ['/ComponentStatus', componentStatusPrinter],
  ['/ConfigMap', configMapPrinter],
  ['/ResourceQuota', resourceQuotaPrinter],
  ['apps/Deployment', deploymentPrinter],
  ['apps/ReplicaSet', replicaSetPrinter],
  ['apps/DaemonSet', daemonSetPrinter],
  ['apps/StatefulSet', statefulSetPrinter],
  ['batch/Job', jobPrinter],
  ['batch/CronJob', cronJobPrinter],
  ['events.k8s.io/Event', eventsV1EventPrinter],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter],
  ['networking.k8s.io/Ingress', ingressPrinter],
  ['networking.k8s.io/IngressClass', ingressClassPrinter],
  ['networking.k8s.io/NetworkPolicy', networkPolicyPrinter],
  ['policy/PodDisruptionBudget', podDisruptionBudgetPrinter],
  ['autoscaling/HorizontalPodAutoscaler', horizontalPodAutoscalerPrinter],
  ['coordination.k8s.io/Lease', leasePrinter],
  ['scheduling.k8s.io/PriorityClass', priorityClassPrinter],
  ['node.k8s.io/RuntimeClass', runtimeClassPrinter],
  ['rbac.authorization.k8s.io/RoleBinding', roleBindingPrinter],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', clusterRoleBindingPrinter],
  ['certificates.k8s.io/CertificateSigningRequest', certificateSigningRequestPrinter],
  ['storage.k8s.io/StorageClass', storageClassPrinter],
  ['storage.k8s.io/CSIDriver', csiDriverPrinter],
  ['storage.k8s.io/CSINode', csiNodePrinter],
  ['storage.k8s.io/VolumeAttachment', volumeAttachmentPrinter],
  ['apiregistration.k8s.io/APIService', apiServicePrinter],
  ['admissionregistration.k8s.io/ValidatingWebhookConfiguration', webhookConfigurationPrinter],
  ['admissionregistration.k8s.io/MutatingWebhookConfiguration', webhookConfigurationPrinter],
  ['admissionregistration.k8s.io/ValidatingAdmissionPolicy', validatingAdmissionPolicyPrinter],
  ['admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding', validatingAdmissionPolicyBindingPrinter],
]);

const customResourcePrinters = new WeakMap<readonly unknown[], Printer>();

/** Whether upstream has a printer of its own for this built-in type. */
export function hasBuiltInPrinter(t: Pick<ResourceType, 'group' | 'kind'>): boolean {
  return builtIn.has(`${t.group}/${t.kind}`);
}

export function printerFor(t: ResourceType): Printer {
  if (t.printerColumns) {
    let p = customResourcePrinters.get(t.printerColumns);
    if (!p) customResourcePrinters.set(t.printerColumns, (p = customResourcePrinter(t.printerColumns)));
    return p;
  }
  return builtIn.get(`${t.group}/${t.kind}`) ?? defaultPrinter;
}
