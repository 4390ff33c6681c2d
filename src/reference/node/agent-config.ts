// The node agent's configuration: one JSON file per node, written by whoever
// starts the node (the container cluster provider writes
// /etc/kdrill/node-agent.json into each node container) and read by
// `kdrill node-agent --config FILE`. Paths inside are paths on the node.

export interface NodeTaint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface NodeAgentConfig {
  nodeName: string;
  /** Kubeconfig with the node's identity (user system:node:NAME, group system:nodes). */
  kubeconfig: string;
  /** The node's address on the cluster network (InternalIP). */
  nodeIP: string;
  labels: Record<string, string>;
  taints: NodeTaint[];
  /** Capacity to report; each absent value is read from the container's limits or the machine. */
  capacity: { cpu?: string; memory?: string; pods?: number };
  /** Where the agent keeps pods, volumes and its image store (kubelet: /var/lib/kubelet). */
  rootDir: string;
  /** CRI log directory (kubelet: /var/log/pods). */
  podLogDir: string;
  clusterDomain: string;
  /** Address of the cluster DNS Service written into pods' resolv.conf. */
  clusterDNS: string[];
  /** Serving certificate of the kubelet endpoint (port 10250) and the CA its clients must present. */
  serving: { port: number; certFile: string; keyFile: string; clientCAFile: string };
  /** The bridge pods' veths join (cni0). */
  bridge: string;
  /**
   * The node's MTU. With flannel: default its interface on the cluster network's, and pods and the bridge
   * get flannel's MTU (this less 50 with vxlan). Without: the pods' and the bridge's MTU, default 1500.
   */
  mtu?: number;
  /** flannel in the agent's process; where subnet.env goes, and one of its two subnet managers. */
  flannel?: FlannelConfig;
  /** kube-proxy (iptables mode) in the agent's process: kube-proxy's own kubeconfig (system:kube-proxy) and the cluster's pod CIDR. */
  kubeProxy?: { kubeconfig: string; clusterCIDR: string };
  containerLogMaxSize: string;
  containerLogMaxFiles: number;
  /** Seconds between Lease renewals (kubelet: 10). */
  leaseRenewSeconds: number;
  /** Seconds between NodeStatus reports when nothing changed (kubelet: 300 via nodeStatusReportFrequency). */
  statusReportSeconds: number;
}

/**
 * flannel's subnet manager: `kube` (flanneld --kube-subnet-manager: the Node's podCIDR is the subnet, the
 * lease lives in Node annotations, net-conf.json comes from the ConfigMap kube-flannel-cfg, here as a file)
 * or `etcd` (flanneld --etcd-endpoints: the subnet is leased under PREFIX/subnets/ with a TTL, and the
 * net-conf is read from PREFIX/config). Exactly one of netConfFile and etcd is given.
 */
export interface FlannelConfig {
  /** flannel: /run/flannel/subnet.env */
  subnetFile: string;
  /** kube subnet manager: net-conf.json. */
  netConfFile?: string;
  /** etcd subnet manager: flanneld's --etcd-endpoints, --etcd-prefix (flannel: /coreos.com/network) and --etcd-cafile/certfile/keyfile. */
  etcd?: FlannelEtcdConfig;
}

export interface FlannelEtcdConfig {
  endpoints: string[];
  prefix: string;
  caFile: string;
  certFile: string;
  keyFile: string;
}
