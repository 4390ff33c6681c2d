// flannel's host-gw backend, on a two-node cluster of its own (the cluster
// file's networking.backend: host-gw): no flannel.1, a plain route to the
// other node's subnet via its address, the annotations host-gw publishes,
// pods at the node's MTU, and pods on the two nodes reaching each other.
import t from 'tap';
import { kdrill, kubectl, leftovers } from '../../../../helpers/container-cluster.ts';
import { docker, startProbePods, tcpFromPod, testNamespace, twoNodeCluster } from './fixtures/cluster-network.ts';

interface NodeJson {
  metadata: { name: string; annotations: Record<string, string> };
  spec: { podCIDR: string };
  status: { addresses: { type: string; address: string }[] };
}

t.test('host-gw: routes via the other node, no encapsulation, pods reach each other across nodes', async (t) => {
  const cluster = await twoNodeCluster(t, 'r2hostgw', '{ backend: host-gw }');
  const [controlPlane, worker] = cluster.nodes as [string, string];
  const netConf = await kubectl(cluster, ['-n', 'kube-system', 'get', 'configmap', 'kube-flannel-cfg', '-o', 'jsonpath={.data.net-conf\\.json}']);
  t.same(JSON.parse(netConf.stdout), { Network: '10.244.0.0/16', Backend: { Type: 'host-gw' } }, 'the ConfigMap names host-gw');

  const nodes = (JSON.parse((await kubectl(cluster, ['get', 'nodes', '-o', 'json'])).stdout) as { items: NodeJson[] }).items;
  t.equal(nodes.length, 2);
  for (const node of nodes) {
    const name = node.metadata.name;
    const ip = node.status.addresses.find((a) => a.type === 'InternalIP')?.address;
    const a = node.metadata.annotations;
    t.same(
      [a['flannel.alpha.coreos.com/backend-type'], a['flannel.alpha.coreos.com/backend-data'], a['flannel.alpha.coreos.com/public-ip'], a['flannel.alpha.coreos.com/kube-subnet-manager']],
      ['host-gw', 'null', ip, 'true'],
      `${name}: annotations`,
    );
    const link = await docker(['exec', name, 'sh', '-c', 'ip link show dev flannel.1 2>&1 || true']);
    t.match(link, /does not exist/, `${name}: no VXLAN device`);
    const ethMtu = (await docker(['exec', name, 'cat', '/sys/class/net/eth0/mtu'])).trim();
    t.match(await docker(['exec', name, 'cat', '/run/flannel/subnet.env']), `FLANNEL_MTU=${ethMtu}\n`, `${name}: pods get the node's MTU`);
    const other = nodes.find((n) => n !== node)!;
    const otherIP = other.status.addresses.find((x) => x.type === 'InternalIP')?.address;
    const route = await docker(['exec', name, 'ip', 'route', 'show', other.spec.podCIDR]);
    t.equal(route.trim(), `${other.spec.podCIDR} via ${otherIP} dev eth0`, `${name}: route to ${other.metadata.name}'s subnet via its address`);
  }

  const ns = await testNamespace(t, cluster, 'hostgw');
  const pods = await startProbePods(cluster, ns, [{ name: 'on-cp', node: controlPlane }, { name: 'on-worker', node: worker }]);
  const [onCp, onWorker] = pods as [(typeof pods)[0], (typeof pods)[0]];
  const ping = await kubectl(cluster, ['-n', ns, 'exec', 'on-cp', '--', 'ping', '-c', '3', '-W', '3', onWorker.ip]);
  t.match(ping.stdout, / 0% packet loss/, 'a pod on the control plane pings a pod on the worker');
  t.equal((await tcpFromPod(cluster, ns, 'on-worker', [onCp.ip])).get(onCp.ip), 'on-cp', 'and the worker\'s pod reaches it over TCP');

  await kdrill(['cluster', 'delete', cluster.name]);
  t.same(await leftovers(cluster.name), [], 'nothing of the cluster is left');
});
