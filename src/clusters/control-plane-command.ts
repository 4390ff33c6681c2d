// What the control-plane container runs: with store: etcd, etcd first (TLS,
// client-certificate auth, as kubeadm's static pod runs it) and, once it is
// healthy, flannel's network config put at /coreos.com/network/config when
// flannel leases subnets there; then `kdrill control-plane` on the embedded
// store or on that etcd; and, once the API server serves, the node agent. The
// container ends when etcd or the control plane ends.
import { nodeAgentLoop, nodePaths } from '../reference/images/node-image-recipe.ts';
import type { ClusterFile } from './cluster-file.ts';
import { etcdClientPort, etcdPeerPort, etcdPkiFiles } from './etcd-pki.ts';
import { nodeLifecycleFlags } from './node-lifecycle-timings.ts';

export const apiServerPort = 6443;
export const controlPlaneDataDir = `${nodePaths.rootDir}/control-plane`;
const pkiDir = `${controlPlaneDataDir}/pki`;
const etcdDataDir = '/var/lib/etcd';
/** flannel's default --etcd-prefix. */
export const flannelEtcdPrefix = '/coreos.com/network';
/** The net-conf.json every node's /etc/kdrill holds (see container-node-files.ts); with etcd it is put at PREFIX/config. */
export const flannelNetConfPath = `${nodePaths.configDir}/kube-flannel/net-conf.json`;

/** etcdctl's environment in the control-plane container, so that `docker exec NODE etcdctl get ...` works as on a kubeadm node with the flags given. */
export function etcdctlEnv(): Record<string, string> {
  return {
    ETCDCTL_API: '3',
    ETCDCTL_ENDPOINTS: `https://127.0.0.1:${etcdClientPort}`,
    ETCDCTL_CACERT: `${pkiDir}/${etcdPkiFiles.ca}`,
    ETCDCTL_CERT: `${pkiDir}/${etcdPkiFiles.apiServerClientCert}`,
    ETCDCTL_KEY: `${pkiDir}/${etcdPkiFiles.apiServerClientKey}`,
  };
}

function etcdCommand(nodeName: string): string {
  const peer = `http://127.0.0.1:${etcdPeerPort}`;
  return [
    'etcd',
    `--name=${nodeName}`,
    `--data-dir=${etcdDataDir}`,
    `--listen-client-urls=https://0.0.0.0:${etcdClientPort}`,
    `--advertise-client-urls=https://${nodeName}:${etcdClientPort}`,
    `--cert-file=${pkiDir}/${etcdPkiFiles.serverCert}`,
    `--key-file=${pkiDir}/${etcdPkiFiles.serverKey}`,
    `--trusted-ca-file=${pkiDir}/${etcdPkiFiles.ca}`,
    '--client-cert-auth=true',
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=${nodeName}=${peer}`,
    '--logger=zap',
    '--log-outputs=stderr',
    '--log-level=warn',
  ].join(' ');
}

export function controlPlaneCommand(cluster: string, nodeName: string, file: ClusterFile): string[] {
  const etcd = file.spec.store === 'etcd';
  const env = etcdctlEnv();
  const storeFlags = etcd
    ? ['--store', 'etcd', '--etcd-endpoints', env.ETCDCTL_ENDPOINTS, '--etcd-cafile', env.ETCDCTL_CACERT, '--etcd-certfile', env.ETCDCTL_CERT, '--etcd-keyfile', env.ETCDCTL_KEY]
    : [];
  const flannelInEtcd = file.spec.networking.subnetManager === 'etcd';
  const flags = [
    '--data-dir', controlPlaneDataDir, '--address', '0.0.0.0', '--port', String(apiServerPort), '--name', cluster,
    '--cluster-cidr', file.spec.networking.podSubnet,
    ...(flannelInEtcd ? ['--allocate-node-cidrs=false'] : []),
    ...storeFlags,
    ...nodeLifecycleFlags(file.spec.reference),
  ];
  const script = [
    ...(etcd
      ? [
          `${etcdCommand(nodeName)} &`,
          'etcd=$!',
          'until etcdctl endpoint health >/dev/null 2>&1; do kill -0 $etcd || exit 1; sleep 0.2; done',
          // As flannel's documentation has the administrator do before flanneld starts.
          ...(flannelInEtcd ? [`etcdctl put ${flannelEtcdPrefix}/config "$(cat ${flannelNetConfPath})" >/dev/null`] : []),
        ]
      : []),
    `${nodePaths.node} ${nodePaths.kdrill}/bin/kdrill.js control-plane ${flags.join(' ')} &`,
    'control_plane=$!',
    // The node agent starts once the API server serves (the control plane writes its kubeconfig then).
    `(until [ -e ${controlPlaneDataDir}/kubeconfig ]; do sleep 0.2; done; ${nodeAgentLoop}) &`,
    etcd ? 'wait -n $etcd $control_plane' : 'wait $control_plane',
  ].join('\n');
  return ['/bin/bash', '-c', script];
}
