// The files a node container reads from /etc/kdrill (a folder of the cluster's
// state dir on the host, bind-mounted): the node agent's configuration, a
// kubeconfig with the node's identity (system:node:NAME in system:nodes, as the
// kubelet's), its kubelet serving certificate for its name and address, and
// the CA. Written once the node's address is known; the start marker goes last.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { kubeProxyUser } from '../reference/api/authorization/bootstrap-policy.ts';
import { issueClientCertificate, issueServerCertificate, type CertificateAndKey } from '../reference/api/pki.ts';
import { nodePaths } from '../reference/images/node-image-recipe.ts';
import type { NodeAgentConfig, NodeTaint } from '../reference/node/agent-config.ts';
import { netConfJson } from '../reference/node/network/flannel/net-conf.ts';
import type { NetworkingSpec } from './cluster-file.ts';
import type { PlannedNode } from './container-cluster-names.ts';
import { flannelEtcdPrefix, flannelNetConfPath } from './control-plane-command.ts';
import { issueFlannelEtcdClient, type EtcdPki } from './etcd-pki.ts';

export const controlPlaneRoleLabel = 'node-role.kubernetes.io/control-plane';
export const kubeletPort = 10250;

export interface NodeFilesInput {
  node: PlannedNode;
  nodeIP: string;
  /** https://NAME-control-plane:6443, resolved by Docker's DNS on the cluster network. */
  apiServer: string;
  ca: CertificateAndKey;
  networking: NetworkingSpec;
  /** Whether the cluster has workers: then the control-plane Node is tainted NoSchedule, as kubeadm does. */
  hasWorkers: boolean;
  /** With flannel's etcd subnet manager: the etcd PKI (for the node's client certificate) and etcd's client URL. */
  flannelEtcd?: { pki: EtcdPki; endpoint: string };
}

/** The cluster DNS Service's address: the tenth of the service subnet, as kubeadm picks it (10.96.0.10). */
export function clusterDnsAddress(serviceSubnet: string): string {
  const [base] = serviceSubnet.split('/');
  const octets = base!.split('.').map(Number);
  const value = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) + 10;
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

const subnetFile = '/run/flannel/subnet.env';
/** flannel's etcd client files (flanneld --etcd-cafile, --etcd-certfile, --etcd-keyfile), relative to /etc/kdrill. */
const flannelEtcdFiles = { ca: 'pki/etcd-ca.crt', cert: 'pki/flannel-etcd-client.crt', key: 'pki/flannel-etcd-client.key' };
const kubeProxyKubeconfigFile = 'kube-proxy.kubeconfig';

export function nodeAgentConfig(input: NodeFilesInput): NodeAgentConfig {
  const { node } = input;
  const controlPlane = node.spec.role === 'control-plane';
  const taints: NodeTaint[] = [...node.spec.taints];
  if (controlPlane && input.hasWorkers) taints.push({ key: controlPlaneRoleLabel, effect: 'NoSchedule' });
  return {
    nodeName: node.name,
    kubeconfig: `${nodePaths.configDir}/kubeconfig`,
    nodeIP: input.nodeIP,
    labels: { ...(controlPlane ? { [controlPlaneRoleLabel]: '' } : {}), ...node.spec.labels },
    taints,
    capacity: { ...(node.spec.cpu ? { cpu: node.spec.cpu } : {}), ...(node.spec.memory ? { memory: node.spec.memory } : {}) },
    rootDir: nodePaths.rootDir,
    podLogDir: nodePaths.podLogDir,
    clusterDomain: 'cluster.local',
    clusterDNS: [clusterDnsAddress(input.networking.serviceSubnet)],
    serving: {
      port: kubeletPort,
      certFile: `${nodePaths.configDir}/pki/kubelet.crt`,
      keyFile: `${nodePaths.configDir}/pki/kubelet.key`,
      clientCAFile: `${nodePaths.configDir}/pki/ca.crt`,
    },
    bridge: 'cni0',
    ...(input.networking.mtu ? { mtu: input.networking.mtu } : {}),
    flannel: input.flannelEtcd
      ? {
          subnetFile,
          etcd: {
            endpoints: [input.flannelEtcd.endpoint],
            prefix: flannelEtcdPrefix,
            caFile: `${nodePaths.configDir}/${flannelEtcdFiles.ca}`,
            certFile: `${nodePaths.configDir}/${flannelEtcdFiles.cert}`,
            keyFile: `${nodePaths.configDir}/${flannelEtcdFiles.key}`,
          },
        }
      : { netConfFile: flannelNetConfPath, subnetFile },
    kubeProxy: { kubeconfig: `${nodePaths.configDir}/${kubeProxyKubeconfigFile}`, clusterCIDR: input.networking.podSubnet },
    containerLogMaxSize: '10Mi',
    containerLogMaxFiles: 5,
    leaseRenewSeconds: 10,
    statusReportSeconds: 300,
  };
}

function kubeconfigFor(user: string, server: string, ca: string, identity: CertificateAndKey): string {
  const b64 = (pem: string) => Buffer.from(pem).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kdrill', cluster: { server, 'certificate-authority-data': b64(ca) } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(identity.cert), 'client-key-data': b64(identity.key) } }],
    contexts: [{ name: 'kdrill', context: { cluster: 'kdrill', user } }],
    'current-context': 'kdrill',
  }, { lineWidth: 0 });
}

/** Writes the node's /etc/kdrill into `dir`, start marker last. */
export async function writeNodeFiles(dir: string, input: NodeFilesInput): Promise<NodeAgentConfig> {
  const { name } = input.node;
  const identity = issueClientCertificate(input.ca, `system:node:${name}`, ['system:nodes']);
  const serving = issueServerCertificate(input.ca, { dnsNames: [name], ipAddresses: [input.nodeIP] });
  const config = nodeAgentConfig(input);
  await mkdir(join(dir, 'pki'), { recursive: true, mode: 0o700 });
  await writeFile(join(dir, 'pki', 'ca.crt'), input.ca.cert);
  await writeFile(join(dir, 'pki', 'kubelet.crt'), serving.cert);
  await writeFile(join(dir, 'pki', 'kubelet.key'), serving.key, { mode: 0o600 });
  await writeFile(join(dir, 'kubeconfig'), kubeconfigFor(`system:node:${name}`, input.apiServer, input.ca.cert, identity), { mode: 0o600 });
  // kube-proxy's own identity: the node's may not list EndpointSlices; the user system:kube-proxy is bound to
  // system:node-proxier by the bootstrap policy (kubeadm binds a kube-system ServiceAccount instead).
  const kubeProxyIdentity = issueClientCertificate(input.ca, kubeProxyUser, []);
  await writeFile(join(dir, kubeProxyKubeconfigFile), kubeconfigFor(kubeProxyUser, input.apiServer, input.ca.cert, kubeProxyIdentity), { mode: 0o600 });
  // The ConfigMap kube-flannel-cfg's net-conf.json, as flannel's DaemonSet mounts it (in /etc/kube-flannel); with
  // the etcd subnet manager, the control plane puts the same JSON at PREFIX/config.
  await mkdir(join(dir, 'kube-flannel'), { recursive: true });
  await writeFile(join(dir, relative(nodePaths.configDir, flannelNetConfPath)), netConfJson({ network: input.networking.podSubnet, backend: input.networking.backend }));
  if (input.flannelEtcd) {
    const client = issueFlannelEtcdClient(input.flannelEtcd.pki, name);
    await writeFile(join(dir, flannelEtcdFiles.ca), input.flannelEtcd.pki.ca.cert);
    await writeFile(join(dir, flannelEtcdFiles.cert), client.cert);
    await writeFile(join(dir, flannelEtcdFiles.key), client.key, { mode: 0o600 });
  }
  await writeFile(join(dir, 'node-agent.json'), JSON.stringify(config, null, 2) + '\n');
  await writeFile(join(dir, 'start'), '');
  return config;
}
