// What a node container is given: kind-style names, the agent configuration
// (roles, taints, capacity, DNS, paths), a kubeconfig with the node's identity
// and a serving certificate for its name and address, signed by the cluster CA.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { planNodes } from '../../src/clusters/container-cluster-names.ts';
import { clusterDnsAddress, nodeAgentConfig, writeNodeFiles } from '../../src/clusters/container-node-files.ts';
import { createEtcdPki } from '../../src/clusters/etcd-pki.ts';
import { createCertificateAuthority } from '../../src/reference/api/pki.ts';
import type { NodeAgentConfig } from '../../src/reference/node/agent-config.ts';

const networking = { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', backend: 'vxlan' as const, subnetManager: 'kube' as const };
const worker = (labels: Record<string, string> = {}) => ({ role: 'worker' as const, labels, taints: [] });
const controlPlane = { role: 'control-plane' as const, labels: {}, taints: [] };

t.test('nodes are named as kind names them, the control plane first', async (t) => {
  const planned = planNodes('demo', [worker(), controlPlane, worker(), worker()]);
  t.same(planned.map((n) => n.name), ['demo-control-plane', 'demo-worker', 'demo-worker2', 'demo-worker3']);
  t.same(planNodes('solo', [controlPlane]).map((n) => n.name), ['solo-control-plane']);
});

t.test('the cluster DNS address is the tenth of the service subnet', async (t) => {
  t.equal(clusterDnsAddress('10.96.0.0/12'), '10.96.0.10');
  t.equal(clusterDnsAddress('172.20.255.0/24'), '172.20.255.10');
  t.equal(clusterDnsAddress('10.0.0.250/24'), '10.0.1.4', 'carries into the next octet');
});

t.test('agent configuration: roles, taints, capacity', async (t) => {
  const ca = createCertificateAuthority();
  const [cp, w] = planNodes('demo', [controlPlane, { ...worker({ zone: 'a' }), cpu: '2', memory: '4Gi', taints: [{ key: 'dedicated', value: 'x', effect: 'NoExecute' as const }] }]);
  const input = { nodeIP: '172.18.0.2', apiServer: 'https://demo-control-plane:6443', ca, networking };
  const cpConfig = nodeAgentConfig({ ...input, node: cp!, hasWorkers: true });
  t.same(cpConfig.labels, { 'node-role.kubernetes.io/control-plane': '' });
  t.same(cpConfig.taints, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }], 'tainted when there are workers, as kubeadm does');
  t.same(nodeAgentConfig({ ...input, node: cp!, hasWorkers: false }).taints, [], 'a single-node cluster takes pods on its control plane');
  const wConfig = nodeAgentConfig({ ...input, node: w!, hasWorkers: true });
  t.same(wConfig.labels, { zone: 'a' });
  t.same(wConfig.taints, [{ key: 'dedicated', value: 'x', effect: 'NoExecute' }]);
  t.same(wConfig.capacity, { cpu: '2', memory: '4Gi' });
  t.same(cpConfig.capacity, {}, 'no capacity given: the agent reads the machine');
  t.same(wConfig.clusterDNS, ['10.96.0.10']);
  t.equal(wConfig.rootDir, '/var/lib/kdrill');
  t.equal(wConfig.podLogDir, '/var/log/pods');
  t.equal(wConfig.serving.port, 10250);
  t.equal(wConfig.nodeName, 'demo-worker');
  t.equal(wConfig.mtu, undefined, 'the pods take the node network\'s MTU unless the file gives one');
  t.equal(nodeAgentConfig({ ...input, networking: { ...networking, mtu: 1450 }, node: w!, hasWorkers: true }).mtu, 1450);
});

t.test('node files: identity, serving certificate, config, start marker', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-node-files-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const ca = createCertificateAuthority();
  const [, node] = planNodes('demo', [controlPlane, worker()]);
  await writeNodeFiles(dir, { node: node!, nodeIP: '172.18.0.3', apiServer: 'https://demo-control-plane:6443', ca, networking, hasWorkers: true });

  const config = JSON.parse(await readFile(join(dir, 'node-agent.json'), 'utf8')) as NodeAgentConfig;
  t.equal(config.nodeIP, '172.18.0.3');
  t.equal(config.kubeconfig, '/etc/kdrill/kubeconfig');
  await stat(join(dir, 'start'));
  t.same(config.flannel, { netConfFile: '/etc/kdrill/kube-flannel/net-conf.json', subnetFile: '/run/flannel/subnet.env' });
  t.same(JSON.parse(await readFile(join(dir, 'kube-flannel', 'net-conf.json'), 'utf8')), { Network: '10.244.0.0/16', Backend: { Type: 'vxlan' } }, 'flannel\'s net-conf, as the ConfigMap kube-flannel-cfg has it');

  const kubeconfig = parse(await readFile(join(dir, 'kubeconfig'), 'utf8')) as {
    clusters: { cluster: { server: string } }[];
    users: { name: string; user: Record<string, string> }[];
  };
  t.equal(kubeconfig.clusters[0]?.cluster.server, 'https://demo-control-plane:6443');
  const identity = new X509Certificate(Buffer.from(kubeconfig.users[0]!.user['client-certificate-data']!, 'base64'));
  t.match(identity.subject, /CN=system:node:demo-worker/);
  t.match(identity.subject, /O=system:nodes/);
  t.ok(identity.checkIssued(new X509Certificate(ca.cert)), 'signed by the cluster CA');

  const serving = new X509Certificate(await readFile(join(dir, 'pki', 'kubelet.crt')));
  t.equal(serving.checkIP('172.18.0.3'), '172.18.0.3', 'the serving certificate covers the node address');
  t.equal(serving.checkHost('demo-worker'), 'demo-worker', 'and its name');
  t.equal(await readFile(join(dir, 'pki', 'ca.crt'), 'utf8'), ca.cert);
  t.equal((await stat(join(dir, 'pki', 'kubelet.key'))).mode & 0o777, 0o600);
});

t.test('node files with flannel\'s etcd subnet manager: etcd\'s URL and prefix, and a client certificate of the etcd CA', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-node-files-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const ca = createCertificateAuthority();
  const pki = await createEtcdPki(join(dir, 'control-plane-pki'), { dnsNames: ['demo-control-plane'], ipAddresses: ['172.18.0.2'] });
  const [, node] = planNodes('demo', [controlPlane, worker()]);
  const nodeDir = join(dir, 'node');
  await writeNodeFiles(nodeDir, {
    node: node!, nodeIP: '172.18.0.3', apiServer: 'https://demo-control-plane:6443', ca, networking: { ...networking, subnetManager: 'etcd' }, hasWorkers: true,
    flannelEtcd: { pki, endpoint: 'https://demo-control-plane:2379' },
  });
  const config = JSON.parse(await readFile(join(nodeDir, 'node-agent.json'), 'utf8')) as NodeAgentConfig;
  t.same(config.flannel, {
    subnetFile: '/run/flannel/subnet.env',
    etcd: {
      endpoints: ['https://demo-control-plane:2379'],
      prefix: '/coreos.com/network',
      caFile: '/etc/kdrill/pki/etcd-ca.crt',
      certFile: '/etc/kdrill/pki/flannel-etcd-client.crt',
      keyFile: '/etc/kdrill/pki/flannel-etcd-client.key',
    },
  });
  const client = new X509Certificate(await readFile(join(nodeDir, 'pki', 'flannel-etcd-client.crt')));
  t.ok(client.checkIssued(new X509Certificate(pki.ca.cert)), 'signed by the etcd CA');
  t.notOk(client.checkIssued(new X509Certificate(ca.cert)), 'not by the cluster CA: a kubelet certificate does not open etcd');
  t.match(client.subject, /CN=flannel:demo-worker/);
  t.equal((await stat(join(nodeDir, 'pki', 'flannel-etcd-client.key'))).mode & 0o777, 0o600);
  const server = new X509Certificate(await readFile(join(dir, 'control-plane-pki', 'etcd', 'server.crt')));
  t.equal(server.checkHost('demo-control-plane'), 'demo-control-plane', 'etcd\'s serving certificate covers the name nodes dial');
});
