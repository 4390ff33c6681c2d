// The values the downward API exposes (env valueFrom and downwardAPI volume
// files), as pkg/kubelet's podFieldSelectorRuntimeValue and
// pkg/api/v1/resource's ExtractResourceValueByContainerName compute them.
import { parseQuantity } from '../api/validation/quantity.ts';
import type { Container, ObjectFieldSelector, Pod, ResourceFieldSelector } from './pod-types.ts';

export class DownwardApiError extends Error {}

/** k="v" lines sorted by key, as the kubelet writes metadata.labels and metadata.annotations into a file. */
function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(map![k])}`)
    .join('\n');
}

/** What fieldRef.fieldPath names; `whole maps` (metadata.labels, metadata.annotations) only in volumes. */
export function fieldRefValue(pod: Pod, ref: ObjectFieldSelector, forVolume: boolean): string {
  const path = ref.fieldPath;
  const m = pod.metadata ?? {};
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (subscript) {
    const map = subscript[1] === 'labels' ? m.labels : m.annotations;
    return map?.[subscript[2]!] ?? '';
  }
  const status = pod.status ?? {};
  const ips = (key: 'hostIPs' | 'podIPs') => ((status[key] as { ip: string }[] | undefined) ?? []).map((a) => a.ip);
  switch (path) {
    case 'metadata.name':
      return m.name ?? '';
    case 'metadata.namespace':
      return m.namespace ?? '';
    case 'metadata.uid':
      return m.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return status.hostIP ?? '';
    case 'status.hostIPs':
      return ips('hostIPs').join(',');
    case 'status.podIP':
      return status.podIP ?? '';
    case 'status.podIPs':
      return ips('podIPs').join(',');
  }
  if (forVolume && path === 'metadata.labels') return formatMap(m.labels);
  if (forVolume && path === 'metadata.annotations') return formatMap(m.annotations);
  throw new DownwardApiError(`unsupported fieldPath: ${path}`);
}

/**
 * What resourceFieldRef names, divided by its divisor and rounded up; a limit
 * the container does not set is the node's allocatable amount.
 */
export function resourceFieldValue(pod: Pod, selector: ResourceFieldSelector, containerName: string, nodeAllocatable: Record<string, string>): string {
  const name = selector.containerName || containerName;
  const container: Container | undefined = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);
  if (!container) throw new DownwardApiError(`container ${name} not found`);
  const [kind, resource] = selector.resource.split(/\.(.*)/s) as [string, string | undefined];
  const known = resource === 'cpu' || resource === 'memory' || resource === 'ephemeral-storage' || resource?.startsWith('hugepages-');
  if ((kind !== 'limits' && kind !== 'requests') || !resource || !known) throw new DownwardApiError(`unsupported container resource : ${selector.resource}`);
  const raw = container.resources?.[kind]?.[resource] ?? (kind === 'limits' ? nodeAllocatable[resource] : undefined) ?? 0;
  const amount = parseQuantity(raw)?.nanos ?? 0n;
  const divisor = parseQuantity(selector.divisor ?? '1')?.nanos ?? 1_000_000_000n;
  if (divisor <= 0n) throw new DownwardApiError(`invalid divisor ${String(selector.divisor)}`);
  if (resource === 'cpu') {
    // Counted in millicores on both sides, as upstream's MilliValue().
    const milli = (n: bigint) => (n + 999_999n) / 1_000_000n;
    const d = milli(divisor) || 1n;
    return String((milli(amount) + d - 1n) / d);
  }
  const whole = (n: bigint) => (n + 999_999_999n) / 1_000_000_000n;
  const d = whole(divisor) || 1n;
  return String((whole(amount) + d - 1n) / d);
}
