// flannel's etcd subnet manager, on a two-node cluster of its own (store: etcd,
// networking.subnetManager: etcd): the API server stores in etcd; each node
// leases a subnet under /coreos.com/network/subnets with flannel's key and
// value format and a 24 h etcd lease; no Node gets a podCIDR or flannel's
// annotations; pods across the nodes reach each other; and a lease deleted
// from etcd takes its routes with it on the other node.
import t from 'tap';
import { kdrill, kubectl, leftovers } from '../../../../helpers/container-cluster.ts';
import { docker, eventually, startProbePods, tcpFromPod, testNamespace, twoNodeCluster } from './fixtures/cluster-network.ts';

interface NodeJson {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { podCIDR?: string };
  status: { addresses: { type: string; address: string }[] };
}

interface Lease {
  key: string;
  value: { PublicIP: string; BackendType: string; BackendData: { VNI: number; VtepMAC: string } };
  lease: string;
}

const subnetKey = /^\/coreos\.com\/network\/subnets\/(10\.244\.\d{1,3}\.0)-24$/;

async function etcdctl(node: string, args: string[]): Promise<string> {
  return docker(['exec', node, 'etcdctl', ...args]);
}

async function leases(controlPlane: string): Promise<Lease[]> {
  // Lease IDs are 64-bit: read them as text before JSON.parse rounds them.
  const raw = (await etcdctl(controlPlane, ['get', '--prefix', '/coreos.com/network/subnets/', '-w', 'json'])).replace(/"lease":(\d+)/g, '"lease":"$1"');
  const out = JSON.parse(raw) as { kvs?: { key: string; value: string; lease?: string }[] };
  const text = (b64: string) => Buffer.from(b64, 'base64').toString();
  return (out.kvs ?? []).map((kv) => ({ key: text(kv.key), value: JSON.parse(text(kv.value)) as Lease['value'], lease: BigInt(kv.lease ?? 0).toString(16) }));
}

t.test('etcd subnet manager: leases in etcd as flannel writes them, pods reach each other across nodes', async (t) => {
  const cluster = await twoNodeCluster(t, 'r2etcd', '{ subnetManager: etcd }', 'etcd');
  const [controlPlane, worker] = cluster.nodes as [string, string];

  const keys = (await etcdctl(controlPlane, ['get', '--prefix', '/registry/', '--keys-only'])).split('\n').filter(Boolean);
  t.ok(keys.includes('/registry/namespaces/kube-system'), 'the API server keeps its objects in etcd, where kube-apiserver keeps them');
  t.ok(keys.includes(`/registry/minions/${controlPlane}`), 'Nodes under /registry/minions/');
  t.ok(keys.includes('/registry/services/specs/kube-system/kube-dns'), 'Services under /registry/services/specs/');
  t.same(JSON.parse(await etcdctl(controlPlane, ['get', '--print-value-only', '/coreos.com/network/config'])), { Network: '10.244.0.0/16', Backend: { Type: 'vxlan' } }, 'the network config at /coreos.com/network/config');
  const cm = await kubectl(cluster, ['-n', 'kube-system', 'get', 'configmap', 'kube-flannel-cfg']);
  t.not(cm.exitCode, 0, 'no kube-flannel-cfg ConfigMap: flannel reads etcd');

  const nodes = (JSON.parse((await kubectl(cluster, ['get', 'nodes', '-o', 'json'])).stdout) as { items: NodeJson[] }).items;
  const byIP = new Map(nodes.map((n) => [n.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '', n.metadata.name]));
  for (const node of nodes) {
    t.equal(node.spec.podCIDR, undefined, `${node.metadata.name}: no podCIDR (--allocate-node-cidrs=false)`);
    t.same(Object.keys(node.metadata.annotations ?? {}).filter((k) => k.startsWith('flannel.alpha.coreos.com/')), [], `${node.metadata.name}: no flannel annotations`);
  }

  const leased = await leases(controlPlane);
  t.equal(leased.length, 2, 'one lease per node');
  const subnetOf = new Map<string, string>();
  for (const lease of leased) {
    const match = subnetKey.exec(lease.key);
    t.ok(match, `${lease.key}: flannel's key form A.B.C.D-NN`);
    const name = byIP.get(lease.value.PublicIP);
    t.ok(name, `${lease.key}: PublicIP ${lease.value.PublicIP} is a node's`);
    if (!match || !name) continue;
    subnetOf.set(name, `${match[1]}/24`);
    t.equal(lease.value.BackendType, 'vxlan');
    t.equal(lease.value.BackendData.VNI, 1);
    const mac = (await docker(['exec', name, 'cat', '/sys/class/net/flannel.1/address'])).trim();
    t.equal(lease.value.BackendData.VtepMAC, mac, `${name}: VtepMAC is flannel.1's`);
    const ttl = await etcdctl(controlPlane, ['lease', 'timetolive', lease.lease]);
    t.match(ttl, /granted with TTL\(86400s\)/, `${name}: the key is bound to a 24 h etcd lease`);
    t.match(await docker(['exec', name, 'cat', '/run/flannel/subnet.env']), `FLANNEL_SUBNET=${match[1]!.replace(/\.0$/, '.1')}/24\n`, `${name}: subnet.env names the leased subnet`);
  }

  const workerSubnet = subnetOf.get(worker)!;
  const route = await docker(['exec', controlPlane, 'ip', 'route', 'show', workerSubnet]);
  t.match(route.trim(), new RegExp(`^${workerSubnet.replace(/\./g, '\\.')} via ${workerSubnet.replace(/\.0\/24$/, '.0').replace(/\./g, '\\.')} dev flannel\\.1 onlink`), 'the control plane routes the worker\'s leased subnet over flannel.1');

  const ns = await testNamespace(t, cluster, 'etcd');
  const pods = await startProbePods(cluster, ns, [{ name: 'on-cp', node: controlPlane }, { name: 'on-worker', node: worker }]);
  const [onCp, onWorker] = pods as [(typeof pods)[0], (typeof pods)[0]];
  t.ok(onWorker.ip.startsWith(workerSubnet.replace(/0\/24$/, '')), `the worker's pod (${onWorker.ip}) has an address of the worker's lease`);
  t.ok(onCp.ip.startsWith(subnetOf.get(controlPlane)!.replace(/0\/24$/, '')), `the control plane's pod (${onCp.ip}) one of the control plane's`);
  t.equal((await tcpFromPod(cluster, ns, 'on-cp', [onWorker.ip])).get(onWorker.ip), 'on-worker', 'a pod on the control plane reaches a pod on the worker over TCP');
  t.equal((await tcpFromPod(cluster, ns, 'on-worker', [onCp.ip])).get(onCp.ip), 'on-cp', 'and back');

  const workerLease = leased.find((l) => l.key.endsWith(workerSubnet.replace('/', '-')))!;
  await etcdctl(controlPlane, ['lease', 'revoke', workerLease.lease]);
  const routeGone = await eventually(async () => (await docker(['exec', controlPlane, 'ip', 'route', 'show', workerSubnet])).trim() === '', 30_000);
  t.ok(routeGone, 'revoking the worker\'s etcd lease removes its route on the control plane, as an expired lease would');

  await kdrill(['cluster', 'delete', cluster.name]);
  t.same(await leftovers(cluster.name), [], 'nothing of the cluster is left');
});
