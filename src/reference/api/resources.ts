// The one table of resource types the reference API server serves. Adding a
// built-in type is one line here; discovery, routing, storage keys, OpenAPI and
// kubectl's short names all read this table.

export type Subresource = 'status' | 'scale' | 'binding' | 'log' | 'eviction' | 'finalize';

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
}

interface Row {
  g: string; v: string; kind: string; plural: string; ns: boolean;
  short?: string[]; sub?: Subresource[]; cat?: string[]; gen?: boolean;
}

const rows: Row[] = [
  { g: '', v: 'v1', kind: 'Namespace', plural: 'namespaces', ns: false, short: ['ns'], sub: ['status', 'finalize'] },
  { g: '', v: 'v1', kind: 'Node', plural: 'nodes', ns: false, short: ['no'], sub: ['status'] },
  { g: '', v: 'v1', kind: 'Pod', plural: 'pods', ns: true, short: ['po'], sub: ['status', 'binding', 'log', 'eviction'], cat: ['all'] },
  { g: '', v: 'v1', kind: 'Service', plural: 'services', ns: true, short: ['svc'], sub: ['status'], cat: ['all'] },
  { g: '', v: 'v1', kind: 'Endpoints', plural: 'endpoints', ns: true, short: ['ep'] },
  { g: '', v: 'v1', kind: 'ConfigMap', plural: 'configmaps', ns: true, short: ['cm'] },
  { g: '', v: 'v1', kind: 'Secret', plural: 'secrets', ns: true },
  { g: '', v: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', ns: true, short: ['sa'] },
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
