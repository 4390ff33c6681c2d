// The API server's defaulting step, run on every create and update before
// validation: kube-apiserver's defaulters for the type, plus what its strategy
// and default admission plugins add to a new object (a Pod's service
// account, tolerations, priority and starting status; a Job's selector; a
// Namespace's finalizer). Every step only fills what is missing.
//
// A Job's generated selector uses metadata.name and metadata.uid, so the
// caller sets those (and resolves generateName) first.
import type { KubeObject } from '../object.ts';
import type { ResourceType } from '../resources.ts';
import type { Obj } from '../validation/object-access.ts';
import { defaultApiService } from './api-service.ts';
import { defaultCronJob } from './cron-job.ts';
import { defaultCSIDriver } from './csi-driver.ts';
import { defaultDaemonSet } from './daemon-set.ts';
import { defaultDeployment } from './deployment.ts';
import { defaultEndpointSlice } from './endpoint-slice.ts';
import { defaultEndpoints } from './endpoints.ts';
import { defaultCoreEvent, defaultEventsEvent } from './event.ts';
import { defaultHorizontalPodAutoscaler } from './horizontal-pod-autoscaler.ts';
import { defaultJob } from './job.ts';
import { defaultLimitRange } from './limit-range.ts';
import { defaultNamespace } from './namespace.ts';
import { defaultNetworkPolicy } from './network-policy.ts';
import { defaultNode } from './node.ts';
import { defaultPersistentVolumeClaim } from './persistent-volume-claim.ts';
import { defaultPersistentVolume } from './persistent-volume.ts';
import { defaultPod } from './pod.ts';
import { defaultPriorityClass } from './priority-class.ts';
import { defaultReplicaSet } from './replica-set.ts';
import { defaultReplicationController } from './replication-controller.ts';
import { defaultSecret } from './secret.ts';
import { defaultService } from './service.ts';
import { defaultStatefulSet } from './stateful-set.ts';
import { defaultStorageClass } from './storage-class.ts';
import { defaultValidatingAdmissionPolicy } from './validating-admission-policy.ts';
import { defaultMutatingWebhookConfiguration, defaultValidatingWebhookConfiguration } from './webhook-configuration.ts';

export interface DefaultingOptions {
  /**
   * The PriorityClasses that exist, for a Pod's priority (the built-in
   * system-node-critical and system-cluster-critical are known without them).
   */
  priorityClasses?: readonly KubeObject[];
  /** tolerationSeconds of the not-ready and unreachable tolerations every pod gets (upstream 300). */
  defaultTolerationSeconds?: number;
}

const defaulters: Record<string, (o: Obj, options: DefaultingOptions) => void> = {
  '/Pod': (o, options) => defaultPod(o, (options.priorityClasses ?? []) as readonly Obj[], options.defaultTolerationSeconds),
  '/Service': defaultService,
  '/Endpoints': defaultEndpoints,
  '/Secret': defaultSecret,
  '/Event': defaultCoreEvent,
  '/LimitRange': defaultLimitRange,
  '/ReplicationController': defaultReplicationController,
  '/Namespace': defaultNamespace,
  '/Node': defaultNode,
  '/PersistentVolume': defaultPersistentVolume,
  '/PersistentVolumeClaim': defaultPersistentVolumeClaim,
  'apps/Deployment': defaultDeployment,
  'apps/ReplicaSet': defaultReplicaSet,
  'apps/DaemonSet': defaultDaemonSet,
  'apps/StatefulSet': defaultStatefulSet,
  'apiregistration.k8s.io/APIService': defaultApiService,
  'autoscaling/HorizontalPodAutoscaler': defaultHorizontalPodAutoscaler,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  'discovery.k8s.io/EndpointSlice': defaultEndpointSlice,
  'events.k8s.io/Event': defaultEventsEvent,
  'scheduling.k8s.io/PriorityClass': defaultPriorityClass,
  'storage.k8s.io/StorageClass': defaultStorageClass,
  'storage.k8s.io/CSIDriver': defaultCSIDriver,
  'networking.k8s.io/NetworkPolicy': defaultNetworkPolicy,
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': defaultValidatingWebhookConfiguration,
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': defaultMutatingWebhookConfiguration,
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': defaultValidatingAdmissionPolicy,
};

/** Fills in the defaults of this type, in place. */
export function applyDefaults(type: ResourceType, object: KubeObject, options: DefaultingOptions = {}): void {
  defaulters[`${type.group}/${type.kind}`]?.(object as Obj, options);
}
