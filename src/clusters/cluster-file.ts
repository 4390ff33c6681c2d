// The cluster file (clusters/*.yaml): what cluster a run targets and how it is
// made. One format for every provider, so that the same file can describe a
// kind, k3s or reference cluster; a provider ignores nothing silently.
//
//   apiVersion: kdrill.dev/v1
//   kind: Cluster
//   metadata: { name: NAME }            # a DNS label
//   spec:
//     provider: reference | kubeconfig | kind | k3s
//     nodes:                            # kubeconfig: may be empty (the cluster exists)
//       - role: control-plane | worker
//         labels: { KEY: VALUE }
//         taints: [{ key: KEY, value: VALUE, effect: NoSchedule | PreferNoSchedule | NoExecute }]
//         cpu: "4"                      # optional capacity (quantity)
//         memory: 16Gi                  # optional capacity (quantity)
//     networking:                       # optional, defaults shown
//       podSubnet: 10.244.0.0/16
//       serviceSubnet: 10.96.0.0/12
//       backend: vxlan | host-gw        # Flannel backend (default vxlan)
//       subnetManager: kube | etcd      # where flannel leases node subnets (default kube; etcd needs store: etcd)
//       mtu: 1500                       # optional: the nodes' MTU; pods get 50 less with vxlan
//       dnsUpstreams: [IP[:PORT]]       # optional: cluster DNS forwards other names there (none: REFUSED)
//     store: embedded | etcd            # default embedded
//     kubeconfig: { path: PATH, context: NAME }   # provider kubeconfig only; path relative to the file
//     reference:                        # provider reference only
//       simulated: true                 # true: nodes simulated in process; false: nodes in Docker containers
//       nodeMonitorGracePeriodSeconds: 40   # optional: Lease age after which a Node goes Unknown
//       defaultTolerationSeconds: 300   # optional: how long pods stay on a NotReady/unreachable Node

export const clusterApiVersion = 'kdrill.dev/v1';

export type ProviderName = 'reference' | 'kubeconfig' | 'kind' | 'k3s';
export type NodeRole = 'control-plane' | 'worker';
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface ClusterFile {
  apiVersion: typeof clusterApiVersion;
  kind: 'Cluster';
  metadata: { name: string };
  spec: ClusterSpec;
  /** Absolute path of the file it was read from. */
  path: string;
}

export interface ClusterSpec {
  provider: ProviderName;
  nodes: NodeSpec[];
  networking: NetworkingSpec;
  store: 'embedded' | 'etcd';
  /** Absolute kubeconfig path (resolved against the file's folder) and optional context. */
  kubeconfig?: { path: string; context?: string };
  reference?: ReferenceSpec;
}

/** How the reference provider makes the cluster. */
export interface ReferenceSpec {
  /** true: nodes simulated in process; false: nodes are Docker containers running the node agent. */
  simulated: boolean;
  /** A Node whose Lease is this old goes Unknown (kube-controller-manager --node-monitor-grace-period; default 40). */
  nodeMonitorGracePeriodSeconds?: number;
  /** tolerationSeconds of the not-ready/unreachable tolerations every pod gets (default 300). */
  defaultTolerationSeconds?: number;
}

export interface NodeSpec {
  role: NodeRole;
  labels: Record<string, string>;
  taints: Taint[];
  cpu?: string;
  memory?: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

export interface NetworkingSpec {
  podSubnet: string;
  serviceSubnet: string;
  backend: 'vxlan' | 'host-gw';
  /**
   * kube: a node's subnet is its Node's podCIDR and flannel's lease lives in Node annotations (flanneld
   * --kube-subnet-manager, as kind and k3s run it). etcd: flannel leases subnets under /coreos.com/network
   * in the cluster's etcd, and nothing allocates podCIDRs (the seed's first form).
   */
  subnetManager: 'kube' | 'etcd';
  mtu?: number;
  /** Where cluster DNS sends names outside the cluster domain; none (the default): they are answered REFUSED. */
  dnsUpstreams?: string[];
}
