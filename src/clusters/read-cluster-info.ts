// ClusterInfo for the report, read through the API as kubectl would: the
// version from /version, roles from node-role.kubernetes.io/* labels.
import type { ApiClient } from '../kube/api-client.ts';
import type { KubeObject } from '../reference/api/object.ts';
import type { ClusterInfo, NodeInfo } from '../report/model.ts';

const rolePrefix = 'node-role.kubernetes.io/';

interface NodeObject extends KubeObject {
  status?: {
    capacity?: Record<string, string>;
    nodeInfo?: { kubeletVersion?: string };
    conditions?: { type: string; status: string }[];
  };
}

export function nodeInfo(node: NodeObject): NodeInfo {
  const labels = node.metadata?.labels ?? {};
  return {
    name: node.metadata?.name ?? '',
    roles: Object.keys(labels).filter((k) => k.startsWith(rolePrefix) && k.length > rolePrefix.length).map((k) => k.slice(rolePrefix.length)).sort(),
    capacity: { ...(node.status?.capacity ?? {}) },
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion ?? '',
    ready: node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
  };
}

export async function readClusterInfo(client: ApiClient, provider: string, name: string): Promise<ClusterInfo> {
  const version = (await client.get('/version')) as unknown as { gitVersion?: string };
  const nodes = await client.list<NodeObject>('/api/v1/nodes');
  return {
    provider,
    name,
    kubernetesVersion: version.gitVersion ?? '',
    nodes: nodes.items.map(nodeInfo).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
