import t from 'tap';
import { parseAgentConfig } from '../../../src/reference/node/read-agent-config.ts';

const good = {
  nodeName: 'w1',
  kubeconfig: '/etc/kdrill/kubeconfig',
  nodeIP: '172.18.0.3',
  labels: { 'node-role.kubernetes.io/worker': '' },
  taints: [{ key: 'k', effect: 'NoSchedule' }],
  capacity: { cpu: '2' },
  rootDir: '/var/lib/kdrill',
  podLogDir: '/var/log/pods',
  clusterDomain: 'cluster.local',
  clusterDNS: ['10.96.0.10'],
  serving: { port: 10250, certFile: 'a', keyFile: 'b', clientCAFile: 'c' },
  bridge: 'cni0',
  containerLogMaxSize: '10Mi',
  containerLogMaxFiles: 5,
  leaseRenewSeconds: 10,
  statusReportSeconds: 300,
};

t.test('a NodeAgentConfig file is checked field by field', async (t) => {
  t.same(parseAgentConfig(JSON.stringify(good), 'f.json'), good);
  t.throws(() => parseAgentConfig('{', 'f.json'), /^f\.json: not JSON/);
  t.throws(() => parseAgentConfig(JSON.stringify({ ...good, nodeIP: 'x' }), 'f.json'), { message: 'f.json: field nodeIP: expected an IPv4 address, got "x"' });
  t.throws(() => parseAgentConfig(JSON.stringify({ ...good, taints: [{ key: 'k', effect: 'Sometimes' }] }), 'f.json'), /field taints/);
  t.throws(() => parseAgentConfig(JSON.stringify({ ...good, extra: 1 }), 'f.json'), { message: 'f.json: unknown field extra' });
  const { bridge: _bridge, ...missing } = good;
  t.throws(() => parseAgentConfig(JSON.stringify(missing), 'f.json'), { message: 'f.json: field bridge: expected a device name, got undefined' });
});

t.test('the flannel section: optional; subnet.env and one subnet manager, kube or etcd', async (t) => {
  const kube = { netConfFile: '/etc/kdrill/kube-flannel/net-conf.json', subnetFile: '/run/flannel/subnet.env' };
  t.same(parseAgentConfig(JSON.stringify({ ...good, flannel: kube }), 'f.json').flannel, kube);
  const etcd = {
    subnetFile: '/run/flannel/subnet.env',
    etcd: { endpoints: ['https://172.18.0.2:2379'], prefix: '/coreos.com/network', caFile: '/etc/kdrill/etcd/ca.crt', certFile: '/etc/kdrill/etcd/flannel.crt', keyFile: '/etc/kdrill/etcd/flannel.key' },
  };
  t.same(parseAgentConfig(JSON.stringify({ ...good, flannel: etcd }), 'f.json').flannel, etcd);
  const refused = (flannel: unknown) => () => parseAgentConfig(JSON.stringify({ ...good, flannel }), 'f.json');
  t.throws(refused({ netConfFile: 'x' }), { message: 'f.json: field flannel: subnetFile: expected a path, got undefined' });
  t.throws(refused({ ...kube, etcd: etcd.etcd }), { message: 'f.json: field flannel: give netConfFile (the kube subnet manager) or etcd (the etcd subnet manager), not both' });
  t.throws(refused({ subnetFile: 's' }), { message: 'f.json: field flannel: give netConfFile (the kube subnet manager) or etcd (the etcd subnet manager)' });
  t.throws(refused({ ...kube, backend: 'vxlan' }), { message: 'f.json: field flannel: unknown field flannel.backend' });
  t.throws(refused('x'), { message: 'f.json: field flannel: expected {subnetFile, netConfFile} or {subnetFile, etcd}, got "x"' });
  t.throws(refused({ ...etcd, etcd: { ...etcd.etcd, endpoints: ['http://172.18.0.2:2379'] } }), /field flannel: etcd\.endpoints: expected a list of https:\/\/HOST:PORT URLs/);
  t.throws(refused({ ...etcd, etcd: { ...etcd.etcd, endpoints: [] } }), /etcd\.endpoints/);
  t.throws(refused({ ...etcd, etcd: { ...etcd.etcd, prefix: 'coreos.com' } }), { message: 'f.json: field flannel: etcd.prefix: expected a key prefix such as /coreos.com/network, got "coreos.com"' });
  const { keyFile: _keyFile, ...noKey } = etcd.etcd;
  t.throws(refused({ ...etcd, etcd: noKey }), { message: 'f.json: field flannel: etcd.keyFile: expected a path, got undefined' });
  t.throws(refused({ ...etcd, etcd: { ...etcd.etcd, username: 'u' } }), { message: 'f.json: field flannel: unknown field etcd.username' });
});
