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

t.test('the flannel section: optional, both files named', async (t) => {
  const flannel = { netConfFile: '/etc/kdrill/kube-flannel/net-conf.json', subnetFile: '/run/flannel/subnet.env' };
  t.same(parseAgentConfig(JSON.stringify({ ...good, flannel }), 'f.json').flannel, flannel);
  t.throws(() => parseAgentConfig(JSON.stringify({ ...good, flannel: { netConfFile: 'x' } }), 'f.json'), { message: 'f.json: field flannel: expected {netConfFile, subnetFile}, got {"netConfFile":"x"}' });
  t.throws(() => parseAgentConfig(JSON.stringify({ ...good, flannel: { ...flannel, backend: 'vxlan' } }), 'f.json'), /field flannel/);
});
