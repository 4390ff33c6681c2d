// The system:controller:* roles of the controllers kdrill runs, as upstream's
// bootstrappolicy/controller_policy.go grants them. kdrill's controller
// manager runs every controller under its own identity (upstream's default
// without --use-service-account-credentials), so the bindings name both the
// controller's service account in kube-system and that user.
import { eventsRules, read, rule } from './bootstrap-rules.ts';
import type { PolicyRule } from './policy-rule.ts';

export interface ControllerRole {
  /** The controller's service account in kube-system, and the role's name after system:controller:. */
  name: string;
  rules: PolicyRule[];
}

export const controllerRoles: ControllerRole[] = [
  {
    name: 'replicaset-controller',
    rules: [
      rule(['get', 'list', 'watch', 'update'], ['apps', 'extensions'], ['replicasets']),
      rule(['update'], ['apps', 'extensions'], ['replicasets/status', 'replicasets/finalizers']),
      rule(['list', 'watch', 'patch', 'create', 'delete'], [''], ['pods']),
      ...eventsRules(),
    ],
  },
  {
    name: 'deployment-controller',
    rules: [
      rule(['get', 'list', 'watch', 'update'], ['apps', 'extensions'], ['deployments']),
      rule(['update'], ['apps', 'extensions'], ['deployments/status', 'deployments/finalizers']),
      rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], ['apps', 'extensions'], ['replicasets']),
      rule(['get', 'list', 'watch', 'update'], [''], ['pods']),
      ...eventsRules(),
    ],
  },
  {
    name: 'daemon-set-controller',
    rules: [
      rule(read, ['apps', 'extensions'], ['daemonsets']),
      rule(['update'], ['apps', 'extensions'], ['daemonsets/status', 'daemonsets/finalizers']),
      rule(['list', 'watch'], [''], ['nodes']),
      rule(['list', 'watch', 'create', 'delete', 'patch'], [''], ['pods']),
      rule(['create'], [''], ['pods/binding']),
      rule(['get', 'list', 'watch', 'create', 'delete', 'update', 'patch'], ['apps'], ['controllerrevisions']),
      ...eventsRules(),
    ],
  },
  {
    name: 'statefulset-controller',
    rules: [
      rule(['list', 'watch'], [''], ['pods']),
      rule(read, ['apps'], ['statefulsets']),
      rule(['update'], ['apps'], ['statefulsets/status', 'statefulsets/finalizers']),
      rule(['get', 'create', 'delete', 'update', 'patch'], [''], ['pods']),
      rule(['get', 'create', 'delete', 'update', 'patch', 'list', 'watch'], ['apps'], ['controllerrevisions']),
      rule(['get', 'create'], [''], ['persistentvolumeclaims']),
      rule(['update', 'delete'], [''], ['persistentvolumeclaims']),
      ...eventsRules(),
    ],
  },
  {
    name: 'job-controller',
    rules: [
      rule(['get', 'list', 'watch', 'update', 'patch'], ['batch'], ['jobs']),
      rule(['update', 'patch'], ['batch'], ['jobs/status']),
      rule(['update'], ['batch'], ['jobs/finalizers']),
      rule(['list', 'watch', 'create', 'delete', 'patch'], [''], ['pods']),
      ...eventsRules(),
    ],
  },
  {
    name: 'generic-garbage-collector',
    rules: [rule(['get', 'list', 'watch', 'patch', 'update', 'delete'], ['*'], ['*']), ...eventsRules()],
  },
  {
    name: 'endpoint-controller',
    rules: [
      rule(read, [''], ['services', 'pods']),
      rule(['get', 'list', 'create', 'update', 'delete'], [''], ['endpoints']),
      rule(['create'], [''], ['endpoints/restricted']),
      ...eventsRules(),
    ],
  },
  {
    name: 'endpointslice-controller',
    rules: [
      rule(read, [''], ['services', 'pods', 'nodes']),
      rule(['get', 'list', 'create', 'update', 'delete'], ['discovery.k8s.io'], ['endpointslices']),
      ...eventsRules(),
    ],
  },
  {
    name: 'node-controller',
    rules: [
      rule(['get', 'list', 'update', 'delete', 'patch'], [''], ['nodes']),
      rule(['patch', 'update'], [''], ['nodes/status']),
      rule(['patch', 'update'], [''], ['pods/status']),
      rule(['list', 'delete'], [''], ['pods']),
      ...eventsRules(),
    ],
  },
  {
    name: 'persistent-volume-binder',
    rules: [
      rule(['get', 'list', 'watch', 'update', 'create', 'delete'], [''], ['persistentvolumes']),
      rule(['update'], [''], ['persistentvolumes/status']),
      rule(['get', 'list', 'watch', 'update'], [''], ['persistentvolumeclaims']),
      rule(['update'], [''], ['persistentvolumeclaims/status']),
      rule(['list', 'watch', 'get', 'create', 'delete'], [''], ['pods']),
      rule(read, ['storage.k8s.io'], ['storageclasses']),
      ...eventsRules(),
    ],
  },
  {
    name: 'replication-controller',
    rules: [
      rule(['get', 'list', 'watch', 'update'], [''], ['replicationcontrollers']),
      rule(['update'], [''], ['replicationcontrollers/status', 'replicationcontrollers/finalizers']),
      rule(['list', 'watch', 'patch', 'create', 'delete'], [''], ['pods']),
      ...eventsRules(),
    ],
  },
  {
    name: 'cronjob-controller',
    rules: [
      rule(['get', 'list', 'watch', 'update'], ['batch'], ['cronjobs']),
      rule(['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'], ['batch'], ['jobs']),
      rule(['update'], ['batch'], ['cronjobs/status', 'cronjobs/finalizers']),
      rule(['list', 'delete'], [''], ['pods']),
      ...eventsRules(),
    ],
  },
  {
    name: 'disruption-controller',
    rules: [
      rule(read, ['apps', 'extensions'], ['deployments', 'replicasets', 'statefulsets']),
      rule(read, [''], ['replicationcontrollers']),
      rule(read, ['policy'], ['poddisruptionbudgets']),
      rule(['update'], ['policy'], ['poddisruptionbudgets/status']),
      rule(['get'], ['*'], ['*/scale']),
      rule(['patch', 'update'], [''], ['pods/status']),
      ...eventsRules(),
    ],
  },
  {
    name: 'resourcequota-controller',
    rules: [rule(['list', 'watch'], ['*'], ['*']), rule(['update'], [''], ['resourcequotas/status']), ...eventsRules()],
  },
  {
    name: 'horizontal-pod-autoscaler',
    rules: [
      rule(read, ['autoscaling'], ['horizontalpodautoscalers']),
      rule(['update'], ['autoscaling'], ['horizontalpodautoscalers/status']),
      rule(['get', 'update'], ['*'], ['*/scale']),
      rule(['list'], [''], ['pods']),
      rule(['list', 'get'], ['metrics.k8s.io'], ['pods']),
      rule(['get', 'list'], ['custom.metrics.k8s.io', 'external.metrics.k8s.io'], ['*']),
      ...eventsRules(),
    ],
  },
  {
    name: 'certificate-controller',
    rules: [
      rule(['get', 'list', 'watch', 'delete'], ['certificates.k8s.io'], ['certificatesigningrequests']),
      rule(['update'], ['certificates.k8s.io'], ['certificatesigningrequests/status', 'certificatesigningrequests/approval']),
      rule(['approve', 'sign'], ['certificates.k8s.io'], ['signers']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
      ...eventsRules(),
    ],
  },
  {
    name: 'ttl-after-finished-controller',
    rules: [rule(['get', 'list', 'watch', 'delete'], ['batch'], ['jobs']), ...eventsRules()],
  },
  {
    name: 'pod-garbage-collector',
    rules: [
      rule(['list', 'watch', 'delete'], [''], ['pods']),
      rule(['get', 'list'], [''], ['nodes']),
      rule(['patch'], [''], ['pods/status']),
    ],
  },
  {
    name: 'service-controller',
    rules: [
      rule(read, [''], ['services']),
      rule(['patch', 'update'], [''], ['services/status']),
      rule(['list', 'watch'], [''], ['nodes']),
      ...eventsRules(),
    ],
  },
  {
    name: 'validatingadmissionpolicy-status-controller',
    rules: [
      rule(read, ['admissionregistration.k8s.io'], ['validatingadmissionpolicies']),
      rule(['get', 'patch', 'update'], ['admissionregistration.k8s.io'], ['validatingadmissionpolicies/status']),
      ...eventsRules(),
    ],
  },
  {
    name: 'serviceaccount-controller',
    rules: [rule(['create'], [''], ['serviceaccounts']), ...eventsRules()],
  },
  {
    name: 'root-ca-cert-publisher',
    rules: [rule(['create', 'update'], [''], ['configmaps']), ...eventsRules()],
  },
  {
    name: 'clusterrole-aggregation-controller',
    rules: [rule(['escalate', 'get', 'list', 'watch', 'update', 'patch'], ['rbac.authorization.k8s.io'], ['clusterroles'])],
  },
];
