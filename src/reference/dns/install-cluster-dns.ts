// Installs the cluster DNS add-on in a new cluster (as kubeadm's "addon/coredns"
// phase does) and tells when it serves: the coredns Deployment has a ready pod.
import type { ApiClient } from '../../kube/api-client.ts';
import type { KubeObject } from '../api/object.ts';
import { clusterDnsDeploymentName, clusterDnsManifests, clusterDnsNamespace, collectionPath, type ClusterDnsOptions } from './cluster-dns-manifests.ts';

export async function installClusterDns(client: ApiClient, options: ClusterDnsOptions): Promise<void> {
  for (const obj of clusterDnsManifests(options)) await client.create(collectionPath(obj), obj);
}

export async function clusterDnsReady(client: ApiClient): Promise<boolean> {
  const deployment = await client.get<KubeObject & { status?: { readyReplicas?: number } }>(
    `/apis/apps/v1/namespaces/${clusterDnsNamespace}/deployments/${clusterDnsDeploymentName}`,
  );
  return (deployment.status?.readyReplicas ?? 0) > 0;
}
