// Which protobuf package holds the messages of an API group version. The
// generator keeps these files (and the apimachinery files they import) from
// kubectl's descriptors; the decoder finds a body's message type through them.

export interface ProtobufGroupVersion {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  /** The generated.proto that declares the group version's messages, as gogo-protobuf registers it. */
  file: string;
}

function api(group: string, directory: string, version: string): ProtobufGroupVersion {
  return { group, version, file: `k8s.io/api/${directory}/${version}/generated.proto` };
}

/**
 * The stable versions of the built-in groups. apiextensions.k8s.io is not here:
 * kubectl does not link its types, and kube-apiserver takes JSON only for it.
 */
export const protobufGroupVersions: readonly ProtobufGroupVersion[] = [
  api('', 'core', 'v1'),
  api('admissionregistration.k8s.io', 'admissionregistration', 'v1'),
  api('apps', 'apps', 'v1'),
  api('authentication.k8s.io', 'authentication', 'v1'),
  api('authorization.k8s.io', 'authorization', 'v1'),
  api('autoscaling', 'autoscaling', 'v1'),
  api('autoscaling', 'autoscaling', 'v2'),
  api('batch', 'batch', 'v1'),
  api('certificates.k8s.io', 'certificates', 'v1'),
  api('coordination.k8s.io', 'coordination', 'v1'),
  api('discovery.k8s.io', 'discovery', 'v1'),
  api('events.k8s.io', 'events', 'v1'),
  api('flowcontrol.apiserver.k8s.io', 'flowcontrol', 'v1'),
  api('networking.k8s.io', 'networking', 'v1'),
  api('node.k8s.io', 'node', 'v1'),
  api('policy', 'policy', 'v1'),
  api('rbac.authorization.k8s.io', 'rbac', 'v1'),
  api('scheduling.k8s.io', 'scheduling', 'v1'),
  api('storage.k8s.io', 'storage', 'v1'),
  { group: 'meta.k8s.io', version: 'v1', file: 'k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto' },
];

/** k8s.io/api/core/v1/generated.proto → k8s.io.api.core.v1 */
export function protobufPackage(file: string): string {
  return file.replace(/\/generated\.proto$/, '').replaceAll('/', '.');
}

export const metaV1Package = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/**
 * metav1.AddToGroupVersion registers these meta/v1 kinds in every group
 * version, so a DeleteOptions body of a typed client says apiVersion "v1" or
 * "apps/v1".
 */
export const kindsInEveryGroupVersion: ReadonlySet<string> = new Set([
  'WatchEvent',
  'ListOptions',
  'GetOptions',
  'DeleteOptions',
  'CreateOptions',
  'UpdateOptions',
  'PatchOptions',
]);
