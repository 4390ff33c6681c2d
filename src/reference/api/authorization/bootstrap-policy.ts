// The default roles and bindings kube-apiserver creates at start
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy), each labelled
// kubernetes.io/bootstrapping=rbac-defaults and annotated for auto-update.
import { controllerRoles } from './bootstrap-controller-roles.ts';
import { eventsRules, read, readWrite, rule, urls, write } from './bootstrap-rules.ts';
import type { PolicyRule } from './policy-rule.ts';
import { rbacGroup, type BindingObject, type RoleObject, type Subject } from './rbac-types.ts';

export const controllerManagerUser = 'system:kube-controller-manager';
export const schedulerUser = 'system:kube-scheduler';
export const kubeProxyUser = 'system:kube-proxy';
/** kdrill's simulated nodes: one kwok-style component that watches every pod and writes for its nodes. */
export const simulatedNodesUser = 'kdrill:simulated-nodes';
export const nodesGroup = 'system:nodes';
export const mastersGroup = 'system:masters';
export const authenticatedGroup = 'system:authenticated';
export const unauthenticatedGroup = 'system:unauthenticated';
export const serviceAccountsGroup = 'system:serviceaccounts';

const aggregateTo = (role: string) => `rbac.authorization.k8s.io/aggregate-to-${role}`;

function metadata(name: string, labels: Record<string, string> = {}): RoleObject['metadata'] {
  return {
    name,
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels },
    annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
  };
}

function clusterRole(name: string, rules: PolicyRule[], labels?: Record<string, string>): RoleObject {
  return { apiVersion: `${rbacGroup}/v1`, kind: 'ClusterRole', metadata: metadata(name, labels), rules };
}

function aggregatedRole(name: string): RoleObject {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'ClusterRole',
    metadata: metadata(name),
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [aggregateTo(name)]: 'true' } }] },
    rules: [],
  };
}

const user = (name: string): Subject => ({ apiGroup: rbacGroup, kind: 'User', name });
const group = (name: string): Subject => ({ apiGroup: rbacGroup, kind: 'Group', name });
const serviceAccount = (namespace: string, name: string): Subject => ({ kind: 'ServiceAccount', name, namespace });

function clusterRoleBinding(name: string, subjects: Subject[], roleName = name): BindingObject {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: metadata(name),
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: roleName },
    subjects,
  };
}

const viewRules: PolicyRule[] = [
  rule(read, [''], ['pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status',
    'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'configmaps']),
  rule(read, [''], ['limitranges', 'resourcequotas', 'bindings', 'events', 'pods/status', 'resourcequotas/status', 'namespaces/status',
    'replicationcontrollers/status', 'pods/log']),
  rule(read, [''], ['namespaces']),
  rule(read, ['discovery.k8s.io'], ['endpointslices']),
  rule(read, ['apps'], ['controllerrevisions', 'statefulsets', 'statefulsets/status', 'statefulsets/scale', 'daemonsets', 'daemonsets/status',
    'deployments', 'deployments/status', 'deployments/scale', 'replicasets', 'replicasets/status', 'replicasets/scale']),
  rule(read, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(read, ['batch'], ['jobs', 'cronjobs', 'cronjobs/status', 'jobs/status']),
  rule(read, ['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses',
    'ingresses/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale', 'networkpolicies']),
  rule(read, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(read, ['networking.k8s.io'], ['networkpolicies', 'ingresses', 'ingresses/status']),
];

const editRules: PolicyRule[] = [
  rule(read, [''], ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy']),
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(write, [''], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
  rule(['create'], [''], ['pods/eviction']),
  rule(write, [''], ['replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/proxy',
    'persistentvolumeclaims', 'configmaps', 'secrets', 'events']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(write, ['apps'], ['statefulsets', 'statefulsets/scale', 'daemonsets', 'deployments', 'deployments/scale', 'deployments/rollback',
    'replicasets', 'replicasets/scale']),
  rule(write, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(write, ['batch'], ['jobs', 'cronjobs']),
  rule(write, ['extensions'], ['daemonsets', 'deployments', 'deployments/scale', 'deployments/rollback', 'ingresses', 'replicasets',
    'replicasets/scale', 'replicationcontrollers/scale', 'networkpolicies']),
  rule(write, ['policy'], ['poddisruptionbudgets']),
  rule(write, ['networking.k8s.io'], ['networkpolicies', 'ingresses']),
  rule(readWrite, ['coordination.k8s.io'], ['leases']),
];

const adminRules: PolicyRule[] = [
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
  rule(readWrite, [rbacGroup], ['roles', 'rolebindings']),
];

export function bootstrapClusterRoles(): RoleObject[] {
  return [
    clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
    clusterRole('system:discovery', [urls(['get'], ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*',
      '/readyz', '/version', '/version/'])]),
    clusterRole('system:monitoring', [urls(['get'], ['/metrics', '/metrics/slis', '/livez', '/readyz', '/healthz', '/livez/*', '/readyz/*', '/healthz/*'])]),
    clusterRole('system:basic-user', [
      rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
      rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    ]),
    clusterRole('system:public-info-viewer', [urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])]),
    aggregatedRole('admin'),
    aggregatedRole('edit'),
    aggregatedRole('view'),
    clusterRole('system:aggregate-to-admin', adminRules, { [aggregateTo('admin')]: 'true' }),
    clusterRole('system:aggregate-to-edit', editRules, { [aggregateTo('admin')]: 'true', [aggregateTo('edit')]: 'true' }),
    clusterRole('system:aggregate-to-view', viewRules, { [aggregateTo('admin')]: 'true', [aggregateTo('edit')]: 'true', [aggregateTo('view')]: 'true' }),
    clusterRole('system:node', nodeRules()),
    clusterRole('system:node-proxier', [
      rule(['list', 'watch'], [''], ['services', 'endpoints']),
      rule(['get', 'list', 'watch'], [''], ['nodes']),
      rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices']),
      ...eventsRules(),
    ]),
    clusterRole('system:auth-delegator', [
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    ]),
    clusterRole('system:kube-controller-manager', [
      ...eventsRules(),
      rule(['create'], ['coordination.k8s.io'], ['leases']),
      rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-controller-manager']),
      rule(['create'], [''], ['secrets', 'serviceaccounts']),
      rule(['delete'], [''], ['secrets']),
      rule(['get'], [''], ['namespaces', 'secrets', 'serviceaccounts', 'configmaps']),
      rule(['update'], [''], ['secrets', 'serviceaccounts']),
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
      rule(['list', 'watch'], ['*'], ['*']),
      rule(['create'], [''], ['serviceaccounts/token']),
    ]),
    clusterRole('system:kube-scheduler', [
      ...eventsRules(),
      rule(['create'], ['coordination.k8s.io'], ['leases']),
      rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-scheduler']),
      rule(read, [''], ['nodes']),
      rule(['get', 'list', 'watch', 'delete'], [''], ['pods']),
      rule(['create'], [''], ['pods/binding', 'bindings']),
      rule(['patch', 'update'], [''], ['pods/status']),
      rule(read, [''], ['services', 'replicationcontrollers']),
      rule(read, ['apps', 'extensions'], ['replicasets']),
      rule(read, ['apps'], ['statefulsets']),
      rule(read, ['policy'], ['poddisruptionbudgets']),
      rule(read, [''], ['persistentvolumeclaims', 'persistentvolumes']),
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
      rule(read, ['storage.k8s.io'], ['csinodes']),
      rule(read, [''], ['namespaces']),
      rule(read, ['storage.k8s.io'], ['csidrivers']),
      rule(read, ['storage.k8s.io'], ['csistoragecapacities']),
    ]),
    clusterRole('system:volume-scheduler', [
      rule(['get', 'list', 'watch', 'update', 'patch'], [''], ['persistentvolumes']),
      rule(read, ['storage.k8s.io'], ['storageclasses']),
      rule(['get', 'list', 'watch', 'update', 'patch'], [''], ['persistentvolumeclaims']),
    ]),
    clusterRole('system:persistent-volume-provisioner', [
      rule(['get', 'list', 'watch', 'create', 'delete'], [''], ['persistentvolumes']),
      rule(['get', 'list', 'watch', 'update'], [''], ['persistentvolumeclaims']),
      rule(read, ['storage.k8s.io'], ['storageclasses']),
      rule(['watch'], [''], ['events']),
      ...eventsRules(),
    ]),
    clusterRole('system:service-account-issuer-discovery', [urls(['get'], ['/.well-known/openid-configuration', '/.well-known/openid-configuration/',
      '/openid/v1/jwks', '/openid/v1/jwks/'])]),
    clusterRole(simulatedNodesUser, [
      rule(['get', 'list', 'watch', 'create', 'update', 'patch'], [''], ['nodes', 'nodes/status']),
      rule(read, [''], ['pods']),
      rule(['update', 'patch'], [''], ['pods/status']),
      rule(['delete'], [''], ['pods']),
      rule(['get', 'create', 'update', 'patch'], ['coordination.k8s.io'], ['leases']),
      ...eventsRules(),
    ]),
    ...controllerRoles.map((c) => clusterRole(`system:controller:${c.name}`, c.rules)),
  ];
}

/** What every node holds through RBAC; the node authorizer narrows reads of secrets and the like to its own pods'. */
export function nodeRules(): PolicyRule[] {
  return [
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews', 'localsubjectaccessreviews']),
    rule(read, [''], ['services']),
    rule(['create', 'get', 'list', 'watch'], [''], ['nodes']),
    rule(['update', 'patch'], [''], ['nodes/status']),
    rule(['update', 'patch'], [''], ['nodes']),
    ...eventsRules(),
    rule(read, [''], ['pods']),
    rule(['create', 'delete'], [''], ['pods']),
    rule(['update', 'patch'], [''], ['pods/status']),
    rule(['create'], [''], ['pods/eviction']),
    rule(['get'], [''], ['configmaps', 'secrets']),
    rule(['get'], [''], ['persistentvolumeclaims', 'persistentvolumes']),
    rule(['get'], [''], ['endpoints']),
    rule(['get', 'create', 'update', 'patch', 'delete'], ['coordination.k8s.io'], ['leases']),
    rule(['create'], [''], ['serviceaccounts/token']),
    rule(read, ['node.k8s.io'], ['runtimeclasses']),
  ];
}

export function bootstrapClusterRoleBindings(): BindingObject[] {
  return [
    clusterRoleBinding('cluster-admin', [group(mastersGroup)]),
    // kubeadm's: the API server's kubelet client certificate carries this group (O=kubeadm:cluster-admins).
    clusterRoleBinding('kubeadm:cluster-admins', [group('kubeadm:cluster-admins')], 'cluster-admin'),
    clusterRoleBinding('system:monitoring', [group('system:monitoring')]),
    clusterRoleBinding('system:discovery', [group(authenticatedGroup)]),
    clusterRoleBinding('system:basic-user', [group(authenticatedGroup)]),
    clusterRoleBinding('system:public-info-viewer', [group(authenticatedGroup), group(unauthenticatedGroup)]),
    clusterRoleBinding('system:node-proxier', [user(kubeProxyUser)]),
    clusterRoleBinding('system:kube-controller-manager', [user(controllerManagerUser)]),
    clusterRoleBinding('system:kube-scheduler', [user(schedulerUser)]),
    clusterRoleBinding('system:volume-scheduler', [user(schedulerUser)]),
    clusterRoleBinding('system:node', []),
    clusterRoleBinding('system:service-account-issuer-discovery', [group(serviceAccountsGroup)]),
    clusterRoleBinding(simulatedNodesUser, [user(simulatedNodesUser)]),
    clusterRoleBinding('kdrill:hostpath-provisioner', [user(controllerManagerUser)], 'system:persistent-volume-provisioner'),
    ...controllerRoles.map((c) => clusterRoleBinding(`system:controller:${c.name}`, [serviceAccount('kube-system', c.name), user(controllerManagerUser)])),
  ];
}
