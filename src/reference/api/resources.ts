// The one table of resource types the reference API server serves. Adding a
// built-in type is one line here; discovery, routing, storage keys, OpenAPI and
// kubectl's short names all read this table.

export type Subresource = 'status' | 'scale' | 'binding' | 'log' | 'eviction' | 'finalize' | 'approval' | 'token' | ConnectSubresource;

/** The subresources that connect a client to a stream on a node (upgrade-handler.ts, subresources/node-proxy.ts) rather than read or write an object. */
export type ConnectSubresource = 'exec' | 'attach' | 'portforward' | 'proxy';

export interface ResourceType {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  kind: string;
  /** The lower-case plural, as in URLs. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  subresources: Subresource[];
  categories: string[];
  /** Whether the type has a spec that bumps metadata.generation when it changes. */
  generation: boolean;
  /** The verbs served; most types serve all of them, reviews only create, ComponentStatus only get and list. */
  verbs: readonly string[];
  /** Extra columns `kubectl get` prints; CustomResourceDefinitions declare them as additionalPrinterColumns. */
  printerColumns?: readonly PrinterColumn[];
}

/** One additionalPrinterColumns entry of a CustomResourceDefinition version. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority: number;
  jsonPath: string;
}

export const allVerbs: readonly string[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const createOnly = ['create'];
const readOnly = ['get', 'list'];

interface Row {
  g: string; v: string; kind: string; plural: string; ns: boolean;
  short?: string[]; sub?: Subresource[]; cat?: string[]; gen?: boolean; verbs?: readonly string[];
}

const rows: Row[] = [
  { g: '', v: 'v1', kind: 'Namespace', plural: 'namespaces', ns: false, short: ['ns'], sub: ['status', 'finalize'] },
  { g: '', v: 'v1', kind: 'Node', plural: 'nodes', ns: false, short: ['no'], sub: ['status', 'proxy'] },
  { g: '', v: 'v1', kind: 'Pod', plural: 'pods', ns: true, short: ['po'], sub: ['status', 'binding', 'log', 'eviction', 'exec', 'attach', 'portforward'], cat: ['all'] },
  { g: '', v: 'v1', kind: 'Service', plural: 'services', ns: true, short: ['svc'], sub: ['status'], cat: ['all'] },
  { g: '', v: 'v1', kind: 'Endpoints', plural: 'endpoints', ns: true, short: ['ep'] },
  { g: '', v: 'v1', kind: 'ConfigMap', plural: 'configmaps', ns: true, short: ['cm'] },
  { g: '', v: 'v1', kind: 'Secret', plural: 'secrets', ns: true },
  { g: '', v: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', ns: true, short: ['sa'], sub: ['token'] },
  { g: '', v: 'v1', kind: 'Event', plural: 'events', ns: true, short: ['ev'] },
  { g: '', v: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', ns: false, short: ['pv'], sub: ['status'] },
  { g: '', v: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', ns: true, short: ['pvc'], sub: ['status'] },
  { g: 'discovery.k8s.io', v: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', ns: true },
  { g: 'events.k8s.io', v: 'v1', kind: 'Event', plural: 'events', ns: true, short: ['ev'] },
  { g: 'storage.k8s.io', v: 'v1', kind: 'StorageClass', plural: 'storageclasses', ns: false, short: ['sc'] },
  { g: 'apps', v: 'v1', kind: 'Deployment', plural: 'deployments', ns: true, short: ['deploy'], sub: ['status', 'scale'], cat: ['all'], gen: true },
  { g: 'apps', v: 'v1', kind: 'ReplicaSet', plural: 'replicasets', ns: true, short: ['rs'], sub: ['status', 'scale'], cat: ['all'], gen: true },
  { g: 'apps', v: 'v1', kind: 'DaemonSet', plural: 'daemonsets', ns: true, short: ['ds'], sub: ['status'], cat: ['all'], gen: true },
  { g: 'apps', v: 'v1', kind: 'StatefulSet', plural: 'statefulsets', ns: true, short: ['sts'], sub: ['status', 'scale'], cat: ['all'], gen: true },
  { g: 'batch', v: 'v1', kind: 'Job', plural: 'jobs', ns: true, sub: ['status'], cat: ['all'], gen: true },
  { g: 'coordination.k8s.io', v: 'v1', kind: 'Lease', plural: 'leases', ns: true },
  { g: 'scheduling.k8s.io', v: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', ns: false, short: ['pc'] },
  { g: 'networking.k8s.io', v: 'v1', kind: 'Ingress', plural: 'ingresses', ns: true, short: ['ing'], sub: ['status'], gen: true },
  { g: '', v: 'v1', kind: 'ReplicationController', plural: 'replicationcontrollers', ns: true, short: ['rc'], sub: ['status', 'scale'], cat: ['all'], gen: true },
  { g: '', v: 'v1', kind: 'PodTemplate', plural: 'podtemplates', ns: true },
  { g: '', v: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', ns: true, short: ['quota'], sub: ['status'] },
  { g: '', v: 'v1', kind: 'LimitRange', plural: 'limitranges', ns: true, short: ['limits'] },
  { g: '', v: 'v1', kind: 'ComponentStatus', plural: 'componentstatuses', ns: false, short: ['cs'], verbs: readOnly },
  { g: 'batch', v: 'v1', kind: 'CronJob', plural: 'cronjobs', ns: true, short: ['cj'], sub: ['status'], cat: ['all'], gen: true },
  { g: 'policy', v: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', ns: true, short: ['pdb'], sub: ['status'], gen: true },
  { g: 'networking.k8s.io', v: 'v1', kind: 'NetworkPolicy', plural: 'networkpolicies', ns: true, short: ['netpol'], gen: true },
  { g: 'networking.k8s.io', v: 'v1', kind: 'IngressClass', plural: 'ingressclasses', ns: false },
  { g: 'autoscaling', v: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', ns: true, short: ['hpa'], sub: ['status'], cat: ['all'], gen: true },
  { g: 'rbac.authorization.k8s.io', v: 'v1', kind: 'Role', plural: 'roles', ns: true },
  { g: 'rbac.authorization.k8s.io', v: 'v1', kind: 'ClusterRole', plural: 'clusterroles', ns: false },
  { g: 'rbac.authorization.k8s.io', v: 'v1', kind: 'RoleBinding', plural: 'rolebindings', ns: true },
  { g: 'rbac.authorization.k8s.io', v: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', ns: false },
  { g: 'authorization.k8s.io', v: 'v1', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', ns: false, verbs: createOnly },
  { g: 'authorization.k8s.io', v: 'v1', kind: 'SubjectAccessReview', plural: 'subjectaccessreviews', ns: false, verbs: createOnly },
  { g: 'authorization.k8s.io', v: 'v1', kind: 'LocalSubjectAccessReview', plural: 'localsubjectaccessreviews', ns: true, verbs: createOnly },
  { g: 'authorization.k8s.io', v: 'v1', kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', ns: false, verbs: createOnly },
  { g: 'authentication.k8s.io', v: 'v1', kind: 'TokenReview', plural: 'tokenreviews', ns: false, verbs: createOnly },
  { g: 'authentication.k8s.io', v: 'v1', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', ns: false, verbs: createOnly },
  { g: 'apiextensions.k8s.io', v: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', ns: false, short: ['crd', 'crds'], sub: ['status'], cat: ['api-extensions'], gen: true },
  { g: 'apiregistration.k8s.io', v: 'v1', kind: 'APIService', plural: 'apiservices', ns: false, sub: ['status'], cat: ['api-extensions'] },
  { g: 'admissionregistration.k8s.io', v: 'v1', kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', ns: false, cat: ['api-extensions'], gen: true },
  { g: 'admissionregistration.k8s.io', v: 'v1', kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', ns: false, cat: ['api-extensions'], gen: true },
  { g: 'admissionregistration.k8s.io', v: 'v1', kind: 'ValidatingAdmissionPolicy', plural: 'validatingadmissionpolicies', ns: false, sub: ['status'], cat: ['api-extensions'], gen: true },
  { g: 'admissionregistration.k8s.io', v: 'v1', kind: 'ValidatingAdmissionPolicyBinding', plural: 'validatingadmissionpolicybindings', ns: false, cat: ['api-extensions'], gen: true },
  { g: 'node.k8s.io', v: 'v1', kind: 'RuntimeClass', plural: 'runtimeclasses', ns: false },
  { g: 'storage.k8s.io', v: 'v1', kind: 'CSIDriver', plural: 'csidrivers', ns: false },
  { g: 'storage.k8s.io', v: 'v1', kind: 'CSINode', plural: 'csinodes', ns: false },
  { g: 'storage.k8s.io', v: 'v1', kind: 'VolumeAttachment', plural: 'volumeattachments', ns: false, sub: ['status'] },
  { g: 'certificates.k8s.io', v: 'v1', kind: 'CertificateSigningRequest', plural: 'certificatesigningrequests', ns: false, short: ['csr'], sub: ['status', 'approval'] },
];

function lowerKind(kind: string): string {
  return kind.toLowerCase();
}

export const resourceTypes: readonly ResourceType[] = rows.map((r) => ({
  group: r.g,
  version: r.v,
  kind: r.kind,
  plural: r.plural,
  singular: lowerKind(r.kind),
  namespaced: r.ns,
  shortNames: r.short ?? [],
  subresources: r.sub ?? [],
  categories: r.cat ?? [],
  generation: r.gen ?? false,
  verbs: r.verbs ?? allVerbs,
}));

export function apiVersionOf(t: ResourceType): string {
  return t.group === '' ? t.version : `${t.group}/${t.version}`;
}

/** Find a type by URL coordinates. */
export function findByPlural(group: string, version: string, plural: string): ResourceType | undefined {
  return resourceTypes.find((t) => t.group === group && t.version === version && t.plural === plural);
}

/** Find a type by apiVersion and kind, as objects name themselves. */
export function findByKind(apiVersion: string, kind: string): ResourceType | undefined {
  return resourceTypes.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
}

/** The served group versions, core first, in the order discovery lists them. */
export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of resourceTypes) seen.set(`${t.group}/${t.version}`, { group: t.group, version: t.version });
  return [...seen.values()];
}
