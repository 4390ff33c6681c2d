// As Nodes come and go, flannel's entries follow: on a two-node cluster of
// its own (the shared one must keep its nodes), the worker's Node is deleted
// and the control plane's route, neighbour and FDB entries for it go; the
// worker restarts, registers again, and they come back for its new lease,
// as do the worker's entries for the control plane.
import t from 'tap';
import { kdrill, kubectl, leftovers } from '../../../../helpers/container-cluster.ts';
import { docker, eventually, twoNodeCluster } from './fixtures/cluster-network.ts';

interface NodeJson {
  metadata: { name: string };
  spec: { podCIDR?: string };
  status: { addresses: { type: string; address: string }[] };
}

interface Peer {
  subnet: string;
  gateway: string;
  ip: string;
  mac: string;
}

async function peerOf(kubeconfigNode: () => Promise<NodeJson>, container: string): Promise<Peer> {
  const node = await kubeconfigNode();
  const subnet = node.spec.podCIDR ?? '';
  return {
    subnet,
    gateway: subnet.replace(/\/\d+$/, ''),
    ip: node.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '',
    mac: (await docker(['exec', container, 'cat', '/sys/class/net/flannel.1/address'])).trim(),
  };
}

/** Which of the peer's three entries the node has. */
async function entriesFor(node: string, peer: Peer): Promise<{ route: boolean; neighbour: boolean; fdb: boolean }> {
  const [routes, neighbours, fdb] = await Promise.all([
    docker(['exec', node, 'ip', 'route', 'show', 'dev', 'flannel.1']),
    docker(['exec', node, 'ip', 'neigh', 'show', 'dev', 'flannel.1']),
    docker(['exec', node, 'bridge', 'fdb', 'show', 'dev', 'flannel.1']),
  ]);
  return {
    route: routes.includes(`${peer.subnet} via ${peer.gateway} onlink`),
    neighbour: neighbours.includes(`${peer.gateway} lladdr ${peer.mac} PERMANENT`),
    fdb: fdb.includes(`${peer.mac} dst ${peer.ip} self permanent`),
  };
}

const all = { route: true, neighbour: true, fdb: true };
const none = { route: false, neighbour: false, fdb: false };

t.test('a worker leaves and joins: the other node\'s route, neighbour and FDB entries go and come', async (t) => {
  const cluster = await twoNodeCluster(t, 'r2join', '{ backend: vxlan }');
  const [controlPlane, worker] = cluster.nodes as [string, string];
  const getNode = (name: string) => async () => JSON.parse((await kubectl(cluster, ['get', 'node', name, '-o', 'json'])).stdout) as NodeJson;
  const same = async (node: string, peer: Peer, want: typeof all) => JSON.stringify(await entriesFor(node, peer)) === JSON.stringify(want);

  const before = await peerOf(getNode(worker), worker);
  t.same(await entriesFor(controlPlane, before), all, 'the control plane has the worker\'s entries');

  const deleted = await kubectl(cluster, ['delete', 'node', worker]);
  t.equal(deleted.exitCode, 0, 'the worker\'s Node is deleted');
  t.ok(await eventually(() => same(controlPlane, before, none), 30_000), 'its entries leave the control plane');
  t.same(await entriesFor(controlPlane, before), none);

  await docker(['restart', '--time', '2', worker]);
  const readyStatus = async () => (await kubectl(cluster, ['get', 'node', worker, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])).stdout;
  t.ok(await eventually(async () => (await readyStatus()) === 'True', 120_000), 'the restarted worker registers again and is Ready');
  let after: Peer | undefined;
  t.ok(await eventually(async () => {
    after = await peerOf(getNode(worker), worker).catch(() => undefined);
    return after !== undefined && after.mac !== '' && (await same(controlPlane, after, all));
  }, 60_000), 'the control plane has the rejoined worker\'s entries');
  const cp = await peerOf(getNode(controlPlane), controlPlane);
  t.ok(await eventually(() => same(worker, cp, all), 30_000), 'the rejoined worker has the control plane\'s entries');
  const routes = (await docker(['exec', controlPlane, 'ip', 'route', 'show', 'dev', 'flannel.1'])).split('\n').map((l) => l.trim()).filter(Boolean);
  t.same(routes, [`${after?.subnet} via ${after?.gateway} onlink`], 'one route on flannel.1, for the worker\'s current subnet');

  await kdrill(['cluster', 'delete', cluster.name]);
  t.same(await leftovers(cluster.name), [], 'nothing of the cluster is left');
});
