// Cluster files: valid ones load with defaults filled in; bad ones are
// rejected with file, line, field and the expected form.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { nodeLifecycleFlags, nodeLifecycleTimings } from '../../src/clusters/node-lifecycle-timings.ts';
import { ClusterFileError } from '../../src/clusters/cluster-file-error.ts';
import { loadClusterFile, parseClusterFile } from '../../src/clusters/load-cluster-file.ts';
import { repoRoot } from '../helpers/control-plane.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

const header = 'apiVersion: kdrill.dev/v1\nkind: Cluster\nmetadata:\n  name: c\n';

t.test('the example cluster files in clusters/ load', async (t) => {
  const reference = await loadClusterFile(join(repoRoot, 'clusters', 'reference-simulated.yaml'));
  t.equal(reference.spec.provider, 'reference');
  t.equal(reference.spec.nodes.filter((n) => n.role === 'worker').length, 3);
  t.same(reference.spec.reference, { simulated: true });
  const kubeconfig = await loadClusterFile(join(repoRoot, 'clusters', 'kubeconfig.yaml'));
  t.equal(kubeconfig.spec.kubeconfig?.path, join(repoRoot, 'kubeconfig'), 'path resolved against the file');
  t.equal(kubeconfig.spec.kubeconfig?.context, 'kind-kdrill');
  const etcd = await loadClusterFile(join(repoRoot, 'clusters', 'reference-etcd.yaml'));
  t.same([etcd.spec.store, etcd.spec.networking.subnetManager, etcd.spec.reference?.simulated], ['etcd', 'etcd', false]);
});

t.test('a full file keeps every field', async (t) => {
  const c = await loadClusterFile(join(fixtures, 'valid-full.yaml'));
  t.equal(c.spec.store, 'etcd');
  t.same(c.spec.networking, { podSubnet: '10.100.0.0/16', serviceSubnet: '10.200.0.0/16', backend: 'host-gw', subnetManager: 'kube', mtu: 1400 });
  t.same(c.spec.nodes[1], { role: 'worker', labels: { zone: 'a', disk: 'ssd' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }], cpu: '2', memory: '8Gi' });
  t.same(c.spec.nodes[0]?.taints, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
});

t.test('defaults: embedded store, Flannel vxlan, kubeadm subnets', async (t) => {
  const c = parseClusterFile(`${header}spec:\n  provider: reference\n  nodes:\n    - role: control-plane\n`, 'c.yaml', '/x/c.yaml');
  t.equal(c.spec.store, 'embedded');
  t.same(c.spec.networking, { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', backend: 'vxlan', subnetManager: 'kube' });
  t.same(c.spec.nodes, [{ role: 'control-plane', labels: {}, taints: [] }]);
});

t.test('networking: DNS upstreams, none by default', async (t) => {
  const c = parseClusterFile(`${header}spec:\n  provider: reference\n  nodes: [{role: control-plane}]\n  networking:\n    dnsUpstreams: [192.168.1.1, '10.0.0.2:5353']\n`, 'c.yaml', '/x/c.yaml');
  t.same(c.spec.networking.dnsUpstreams, ['192.168.1.1', '10.0.0.2:5353']);
});

t.test('networking: flannel\'s etcd subnet manager, on a reference cluster in containers with store: etcd', async (t) => {
  const c = parseClusterFile(`${header}spec:\n  provider: reference\n  nodes: [{role: control-plane}]\n  store: etcd\n  networking:\n    subnetManager: etcd\n  reference:\n    simulated: false\n`, 'c.yaml', '/x/c.yaml');
  t.equal(c.spec.networking.subnetManager, 'etcd');
  t.equal(c.spec.store, 'etcd');
});

t.test('reference: node-lifecycle timings a drill can shorten', async (t) => {
  const c = parseClusterFile(`${header}spec:\n  provider: reference\n  nodes: [{role: control-plane}]\n  reference:\n    simulated: false\n    nodeMonitorGracePeriodSeconds: 10\n    defaultTolerationSeconds: 5\n`, 'c.yaml', '/x/c.yaml');
  t.same(c.spec.reference, { simulated: false, nodeMonitorGracePeriodSeconds: 10, defaultTolerationSeconds: 5 });
  t.same(nodeLifecycleFlags(c.spec.reference), ['--node-monitor-grace-period', '10', '--default-toleration-seconds', '5']);
  t.same(nodeLifecycleTimings({ simulated: true }), {}, 'absent: the controller manager keeps its defaults');
});

t.test('bad fixture files name file, line and field', async (t) => {
  const cases: [file: string, line: number, field: string, message: RegExp][] = [
    ['bad-unknown-field.yaml', 10, 'spec.nodes[1].lables', /unknown field \(expected one of: role, labels, taints, cpu, memory\)/],
    ['bad-taint-effect.yaml', 12, 'spec.nodes[1].taints[0].effect', /"NoScheduel" is not one of NoSchedule \| PreferNoSchedule \| NoExecute/],
    ['bad-syntax.yaml', 4, '', /not valid YAML/],
    ['missing.yaml', 0, '', /cannot read the cluster file/],
  ];
  for (const [file, line, field, message] of cases) {
    const path = join(fixtures, file);
    const err = await loadClusterFile(path).then(() => undefined, (e: unknown) => e);
    t.ok(err instanceof ClusterFileError, file);
    const e = err as ClusterFileError;
    t.equal(e.line, line, `${file} line`);
    t.equal(e.field, field, `${file} field`);
    t.match(e.message, message, file);
    t.ok(e.message.startsWith(line ? `${path}:${line}: ` : `${path}: `), `${file}: message starts with file:line`);
  }
});

t.test('invalid documents', async (t) => {
  const cases: [name: string, text: string, line: number, field: string, message: RegExp][] = [
    ['wrong apiVersion', 'apiVersion: kdrill.dev/v2\nkind: Cluster\n', 1, 'apiVersion', /expected kdrill\.dev\/v1/],
    ['wrong kind', 'apiVersion: kdrill.dev/v1\nkind: Pod\n', 2, 'kind', /"Pod" is not Cluster/],
    ['unknown top-level field', `${header}spek: {}\n`, 5, 'spek', /unknown field/],
    ['bad name', 'apiVersion: kdrill.dev/v1\nkind: Cluster\nmetadata:\n  name: Big_Name\n', 4, 'metadata.name', /DNS label/],
    ['unknown provider', `${header}spec:\n  provider: minikube\n`, 6, 'spec.provider', /one of reference \| kubeconfig \| kind \| k3s/],
    ['no control plane', `${header}spec:\n  provider: kind\n  nodes:\n    - role: worker\n`, 8, 'spec.nodes', /at least one node with role: control-plane/],
    ['bad role', `${header}spec:\n  provider: kind\n  nodes:\n    - role: master\n`, 8, 'spec.nodes[0].role', /"master" is not one of control-plane \| worker/],
    ['bad memory', `${header}spec:\n  provider: kind\n  nodes:\n    - role: control-plane\n      memory: lots\n`, 9, 'spec.nodes[0].memory', /quantity/],
    ['label value not a string', `${header}spec:\n  provider: kind\n  nodes:\n    - role: control-plane\n      labels:\n        a: {b: c}\n`, 10, 'spec.nodes[0].labels.a', /string value/],
    ['taint without key', `${header}spec:\n  provider: kind\n  nodes:\n    - role: control-plane\n      taints:\n        - effect: NoSchedule\n`, 10, 'spec.nodes[0].taints[0].key', /taint key/],
    ['bad pod subnet', `${header}spec:\n  provider: kind\n  nodes: [{role: control-plane}]\n  networking:\n    podSubnet: 10.244.0.0/33\n`, 9, 'spec.networking.podSubnet', /IPv4 CIDR/],
    ['bad backend', `${header}spec:\n  provider: kind\n  nodes: [{role: control-plane}]\n  networking:\n    backend: wireguard\n`, 9, 'spec.networking.backend', /vxlan \| host-gw/],
    ['bad mtu', `${header}spec:\n  provider: kind\n  nodes: [{role: control-plane}]\n  networking:\n    mtu: 20\n`, 9, 'spec.networking.mtu', /576 to 9216/],
    ['bad subnet manager', `${header}spec:\n  provider: kind\n  nodes: [{role: control-plane}]\n  networking:\n    subnetManager: consul\n`, 9, 'spec.networking.subnetManager', /kube \| etcd/],
    ['etcd subnet manager without store etcd', `${header}spec:\n  provider: reference\n  nodes: [{role: control-plane}]\n  networking:\n    subnetManager: etcd\n  reference:\n    simulated: false\n`, 9, 'spec.networking.subnetManager', /set store: etcd too/],
    ['etcd subnet manager on kind', `${header}spec:\n  provider: kind\n  nodes: [{role: control-plane}]\n  store: etcd\n  networking:\n    subnetManager: etcd\n`, 10, 'spec.networking.subnetManager', /reference clusters in containers/],
    ['bad store', `${header}spec:\n  provider: kind\n  nodes: [{role: control-plane}]\n  store: sqlite\n`, 8, 'spec.store', /embedded \| etcd/],
    ['kubeconfig provider without kubeconfig', `${header}spec:\n  provider: kubeconfig\n`, 6, 'spec.kubeconfig', /needs spec.kubeconfig/],
    ['kubeconfig on another provider', `${header}spec:\n  provider: kind\n  nodes: [{role: control-plane}]\n  kubeconfig:\n    path: x\n`, 9, 'spec.kubeconfig', /only for provider kubeconfig/],
    ['reference on another provider', `${header}spec:\n  provider: k3s\n  nodes: [{role: control-plane}]\n  reference: {simulated: true}\n`, 8, 'spec.reference', /only for provider reference/],
    ['simulated not a boolean', `${header}spec:\n  provider: reference\n  nodes: [{role: control-plane}]\n  reference:\n    simulated: yes please\n`, 9, 'spec.reference.simulated', /true or false/],
    ['duplicate key', `${header}metadata:\n  name: d\n`, 5, '', /not valid YAML/],
    ['a DNS upstream that is not an address', `${header}spec:\n  provider: reference\n  nodes: [{role: control-plane}]\n  networking:\n    dnsUpstreams: [192.168.1.1, dns.example]\n`, 9, 'spec.networking.dnsUpstreams[1]', /IPv4 address with an optional port/],
    ['grace period not a number', `${header}spec:\n  provider: reference\n  nodes: [{role: control-plane}]\n  reference:\n    simulated: false\n    nodeMonitorGracePeriodSeconds: 10s\n`, 10, 'spec.reference.nodeMonitorGracePeriodSeconds', /whole number of seconds/],
  ];
  for (const [name, text, line, field, message] of cases) {
    t.test(name, async (t) => {
      const err = (() => {
        try {
          parseClusterFile(text, 'c.yaml', '/x/c.yaml');
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      t.ok(err instanceof ClusterFileError);
      const e = err as ClusterFileError;
      t.equal(e.line, line, 'line');
      t.equal(e.field, field, 'field');
      t.match(e.message, message);
    });
  }
});
