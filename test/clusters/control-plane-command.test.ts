// What the control-plane container runs, by cluster file: the embedded store
// alone; or etcd with TLS and client-certificate auth, the control plane on it,
// and with flannel's etcd subnet manager the network config put into etcd and
// no node podCIDRs allocated.
import t from 'tap';
import type { ClusterFile } from '../../src/clusters/cluster-file.ts';
import { controlPlaneCommand, etcdctlEnv } from '../../src/clusters/control-plane-command.ts';

function file(store: 'embedded' | 'etcd', subnetManager: 'kube' | 'etcd'): ClusterFile {
  return {
    apiVersion: 'kdrill.dev/v1',
    kind: 'Cluster',
    metadata: { name: 'demo' },
    spec: {
      provider: 'reference',
      nodes: [{ role: 'control-plane', labels: {}, taints: [] }],
      networking: { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', backend: 'vxlan', subnetManager },
      store,
      reference: { simulated: false, nodeMonitorGracePeriodSeconds: 10 },
    },
    path: '/x/demo.yaml',
  };
}

const script = (f: ClusterFile) => {
  const command = controlPlaneCommand('demo', 'demo-control-plane', f);
  t.same(command.slice(0, 2), ['/bin/bash', '-c']);
  return command[2]!;
};

t.test('embedded store: the control plane and, once it serves, the node agent', async (t) => {
  const s = script(file('embedded', 'kube'));
  t.notMatch(s, /\betcd\b/);
  t.match(s, /kdrill\.js control-plane --data-dir \/var\/lib\/kdrill\/control-plane --address 0\.0\.0\.0 --port 6443 --name demo --cluster-cidr 10\.244\.0\.0\/16 --node-monitor-grace-period 10 &/);
  t.notMatch(s, /--allocate-node-cidrs/);
  t.match(s, /wait \$control_plane$/);
});

t.test('store etcd: etcd with TLS first, the control plane on it over https', async (t) => {
  const s = script(file('etcd', 'kube'));
  const env = etcdctlEnv();
  t.match(s, /^etcd --name=demo-control-plane --data-dir=\/var\/lib\/etcd --listen-client-urls=https:\/\/0\.0\.0\.0:2379 --advertise-client-urls=https:\/\/demo-control-plane:2379 /);
  t.match(s, /--client-cert-auth=true/);
  t.match(s, /--trusted-ca-file=\/var\/lib\/kdrill\/control-plane\/pki\/etcd\/ca\.crt/);
  t.match(s, /until etcdctl endpoint health/);
  t.match(s, `--store etcd --etcd-endpoints ${env.ETCDCTL_ENDPOINTS} --etcd-cafile ${env.ETCDCTL_CACERT} --etcd-certfile ${env.ETCDCTL_CERT} --etcd-keyfile ${env.ETCDCTL_KEY}`);
  t.notMatch(s, /coreos\.com/, 'flannel keeps its leases in Node annotations');
  t.match(s, /wait -n \$etcd \$control_plane$/, 'the container ends with either');
  t.equal(env.ETCDCTL_ENDPOINTS, 'https://127.0.0.1:2379');
});

t.test('flannel\'s etcd subnet manager: config put at /coreos.com/network/config, no podCIDRs allocated', async (t) => {
  const s = script(file('etcd', 'etcd'));
  t.match(s, /etcdctl put \/coreos\.com\/network\/config "\$\(cat \/etc\/kdrill\/kube-flannel\/net-conf\.json\)"/);
  t.ok(s.indexOf('etcdctl put') < s.indexOf('kdrill.js control-plane'), 'before any node agent can start');
  t.match(s, /--allocate-node-cidrs=false/);
});
