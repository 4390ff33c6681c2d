// What a simulated node writes about itself, in the forms the kubelet writes:
// the Node it registers (pkg/kubelet/kubelet_node_status.go), the node
// conditions of its status setters (pkg/kubelet/nodestatus/setters.go) and its
// Lease in kube-node-lease (pkg/kubelet/nodelease via component-helpers).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { KubeObject } from '../api/object.ts';
import { kubernetesVersion } from '../api/version.ts';

const kdrillVersion = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface NodeShape {
  name: string;
  /** Its InternalIP: an address for display and for hostIP, never contacted. */
  internalIP: string;
  cpu: string;
  memory: string;
  pods: number;
  ephemeralStorage: string;
  labels: Record<string, string>;
}

export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** RFC 3339 to the second, as metav1.Time serializes. */
export function timeNow(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** RFC 3339 to the microsecond, as metav1.MicroTime serializes. */
export function microTimeNow(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

/** The conditions a healthy kubelet reports, in its order. */
const healthyConditions: Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>[] = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];

/**
 * The kubelet's conditions with a fresh heartbeat; a condition keeps its
 * lastTransitionTime unless its status changes (e.g. after the node lifecycle
 * controller set it Unknown). Conditions others own (NetworkUnavailable) stay.
 */
export function kubeletConditions(current: NodeCondition[] | undefined, nowMs: number): NodeCondition[] {
  const now = timeNow(nowMs);
  const byType = new Map((current ?? []).map((c) => [c.type, c]));
  const others = (current ?? []).filter((c) => !healthyConditions.some((h) => h.type === c.type));
  return [
    ...others,
    ...healthyConditions.map((c) => {
      const before = byType.get(c.type);
      const lastTransitionTime = before && before.status === c.status && before.lastTransitionTime ? before.lastTransitionTime : now;
      return { type: c.type, status: c.status, lastHeartbeatTime: now, lastTransitionTime, reason: c.reason, message: c.message };
    }),
  ];
}

export function nodeObject(shape: NodeShape, nowMs: number): KubeObject {
  const resources = { cpu: shape.cpu, memory: shape.memory, pods: String(shape.pods), 'ephemeral-storage': shape.ephemeralStorage };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: shape.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': shape.name,
        'kubernetes.io/os': 'linux',
        ...shape.labels,
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {},
    status: {
      capacity: resources,
      // No system reservations or eviction thresholds: what the node has, pods may use.
      allocatable: resources,
      conditions: kubeletConditions(undefined, nowMs),
      addresses: [
        { type: 'InternalIP', address: shape.internalIP },
        { type: 'Hostname', address: shape.name },
      ],
      // No kubelet API serves a simulated node: port 0 tells the API server so (kubelet-client.ts).
      daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
      nodeInfo: {
        machineID: randomUUID().replaceAll('-', ''),
        systemUUID: randomUUID(),
        bootID: randomUUID(),
        kernelVersion: `kdrill-simulated-${kdrillVersion}`,
        osImage: `kdrill simulated node ${kdrillVersion}`,
        containerRuntimeVersion: `kdrill://${kdrillVersion}`,
        kubeletVersion: kubernetesVersion,
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
      images: [],
    },
  };
}

export function nodeLease(node: KubeObject, leaseDurationSeconds: number, nowMs: number): KubeObject {
  const name = node.metadata?.name ?? '';
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      namespace: 'kube-node-lease',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata?.uid ?? '' }],
    },
    spec: { holderIdentity: name, leaseDurationSeconds, renewTime: microTimeNow(nowMs) },
  };
}

/** The n-th simulated node's InternalIP in 172.30.0.0/16, .1 to .254 of each /24 (for display only, never contacted). */
export function simulatedInternalIP(index: number): string {
  return `172.30.${Math.floor(index / 254) % 256}.${(index % 254) + 1}`;
}
