// The resources the garbage collector watches for ownerReferences: the
// namespaced kinds the reference API server serves that controllers own or
// that users hang on owners. Upstream discovers them; this list is fixed.

export interface CollectedResource {
  apiVersion: string;
  kind: string;
  /** The API prefix, /api/v1 or /apis/GROUP/VERSION. */
  prefix: string;
  plural: string;
}

function resource(apiVersion: string, kind: string, plural: string): CollectedResource {
  return { apiVersion, kind, plural, prefix: apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}` };
}

export const collectedResources: readonly CollectedResource[] = [
  resource('v1', 'Pod', 'pods'),
  resource('v1', 'ConfigMap', 'configmaps'),
  resource('v1', 'Secret', 'secrets'),
  resource('v1', 'Service', 'services'),
  resource('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'),
  resource('apps/v1', 'Deployment', 'deployments'),
  resource('apps/v1', 'ReplicaSet', 'replicasets'),
  resource('apps/v1', 'DaemonSet', 'daemonsets'),
  resource('apps/v1', 'StatefulSet', 'statefulsets'),
  resource('batch/v1', 'Job', 'jobs'),
  resource('batch/v1', 'CronJob', 'cronjobs'),
  resource('v1', 'ReplicationController', 'replicationcontrollers'),
  resource('discovery.k8s.io/v1', 'EndpointSlice', 'endpointslices'),
];

export function collectionPath(r: CollectedResource): string {
  return `${r.prefix}/${r.plural}`;
}

export function itemPath(r: CollectedResource, namespace: string, name: string): string {
  return `${r.prefix}/namespaces/${namespace}/${r.plural}/${name}`;
}

export function resourceFor(apiVersion: string, kind: string): CollectedResource | undefined {
  return collectedResources.find((r) => r.apiVersion === apiVersion && r.kind === kind);
}
