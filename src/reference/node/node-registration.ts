// The Node this agent registers, as the kubelet builds it
// (kubelet_node_status.go initialNode, nodestatus setters): well-known labels
// and the configured ones, the configured taints (--register-with-taints),
// capacity from the configuration or the machine, addresses, nodeInfo with
// kdrill's versions, the kubelet endpoint's port, and the images it holds.
import { readFileSync } from 'node:fs';
import type { KubeObject } from '../api/object.ts';
import { kubernetesVersion } from '../api/version.ts';
import type { NodeAgentConfig } from './agent-config.ts';
import type { NodeImage } from './image-store.ts';
import { fileSystemBytes, goArch, machineCpu, machineIdentity, machineMemory } from './machine-facts.ts';
import { nodeConditions } from './node-conditions.ts';

const kdrillVersion = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** kubelet --node-status-max-images. */
const maxImages = 50;

export function nodeCapacity(config: NodeAgentConfig): Record<string, string> {
  return {
    cpu: config.capacity.cpu ?? machineCpu(),
    memory: config.capacity.memory ?? machineMemory(),
    pods: String(config.capacity.pods ?? 110),
    'ephemeral-storage': `${Math.floor(fileSystemBytes(config.rootDir) / 1024)}Ki`,
  };
}

/** status.images: largest first, at most 50, each with every name the image has. */
export function nodeImages(images: NodeImage[]): { names: string[]; sizeBytes: number }[] {
  return [...images]
    .sort((a, b) => b.sizeBytes - a.sizeBytes)
    .slice(0, maxImages)
    .map((i) => ({ names: [...i.names], sizeBytes: i.sizeBytes }));
}

/** The status fields the agent reports about itself (conditions aside). */
export function nodeStatusFields(config: NodeAgentConfig, images: NodeImage[]): Record<string, unknown> {
  const capacity = nodeCapacity(config);
  const identity = machineIdentity();
  return {
    capacity,
    // No system reservations or eviction thresholds: what the node has, pods may use.
    allocatable: { ...capacity },
    addresses: [
      { type: 'InternalIP', address: config.nodeIP },
      { type: 'Hostname', address: config.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: config.serving.port } },
    nodeInfo: {
      ...identity,
      containerRuntimeVersion: `kdrill://${kdrillVersion}`,
      kubeletVersion: kubernetesVersion,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: goArch(),
    },
    images: nodeImages(images),
  };
}

export function nodeLabels(config: NodeAgentConfig): Record<string, string> {
  const architecture = goArch();
  return {
    'beta.kubernetes.io/arch': architecture,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': architecture,
    'kubernetes.io/hostname': config.nodeName,
    'kubernetes.io/os': 'linux',
    ...config.labels,
  };
}

export function nodeObject(config: NodeAgentConfig, images: NodeImage[], nowMs: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: config.nodeName,
      labels: nodeLabels(config),
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: config.taints.length > 0 ? { taints: config.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect })) } : {},
    // Not Ready until the runtime (and the pods' network) is up, as a kubelet before its CNI is.
    status: { ...nodeStatusFields(config, images), conditions: nodeConditions(undefined, false, nowMs) },
  };
}
