// flannel's vxlan backend on the shared 3-node cluster in containers: every
// pod reaches every other pod across and within nodes over TCP and UDP,
// every node reaches every pod, a payload larger than the overlay's MTU
// crosses intact, and each node's annotations, flannel.1, subnet.env,
// routes, neighbour and FDB entries are the ones flannel makes.
import t from 'tap';
import { kubectl, sharedTestCluster } from '../../../../helpers/container-cluster.ts';
import {
  docker, kubectlIn, startPeerAddressServer, startProbePods, startUdpEcho, tcpFromNode, tcpFromPod, testNamespace, udpFromPod,
} from './fixtures/cluster-network.ts';

interface NodeJson {
  metadata: { name: string; annotations: Record<string, string> };
  spec: { podCIDR: string };
  status: { addresses: { type: string; address: string }[]; conditions: { type: string; status: string; reason?: string }[] };
}

t.test('flannel vxlan on the shared cluster', async (t) => {
  const cluster = await sharedTestCluster();
  const ns = await testNamespace(t, cluster, 'flannel');
  const k = kubectlIn(cluster, ns);
  const [w1, w2] = cluster.workers as [string, string];
  const pods = await startProbePods(cluster, ns, [
    { name: 'a1', node: w1 }, { name: 'a2', node: w1 }, { name: 'b1', node: w2 }, { name: 'b2', node: w2 },
  ]);
  const byName = new Map(pods.map((p) => [p.name, p]));

  await t.test('TCP: every pod reaches every other pod, within and across nodes', async (t) => {
    for (const from of pods) {
      const others = pods.filter((p) => p !== from);
      const answers = await tcpFromPod(cluster, ns, from.name, others.map((p) => p.ip));
      for (const to of others) t.equal(answers.get(to.ip), to.name, `${from.name} (${from.node}) → ${to.name} (${to.node})`);
    }
  });

  await t.test('UDP: every pod reaches every other pod and gets the answer back', async (t) => {
    for (const pod of pods) t.teardown(await startUdpEcho(pod));
    for (const from of pods) {
      const others = pods.filter((p) => p !== from);
      const answers = await Promise.all(others.map((to) => udpFromPod(from, to.ip)));
      others.forEach((to, i) => t.equal(answers[i], `${to.name}:from-${from.name}`, `${from.name} → ${to.name} over UDP`));
    }
  });

  await t.test('every node, the control plane too, reaches every pod', async (t) => {
    for (const node of cluster.nodes) {
      const answers = await tcpFromNode(node, pods.map((p) => p.ip));
      for (const to of pods) t.equal(answers.get(to.ip), to.name, `${node} → ${to.name}`);
    }
  });

  await t.test('pods get the overlay MTU, and a payload larger than it crosses intact', async (t) => {
    const a1 = byName.get('a1')!;
    const b1 = byName.get('b1')!;
    for (const pod of [a1, b1]) t.equal((await k(['exec', pod.name, '--', 'cat', '/sys/class/net/eth0/mtu'])).trim(), '1450', `${pod.name}'s eth0`);
    const served = await k(['exec', 'b1', '--', 'sh', '-c', 'dd if=/dev/urandom of=/tmp/www/big bs=1024 count=512 2>/dev/null && md5sum < /tmp/www/big']);
    const fetched = await k(['exec', 'a1', '--', 'sh', '-c', `printf 'GET /big HTTP/1.0\\r\\n\\r\\n' | nc -w 5 ${b1.ip} 9376 | tail -c 524288 | md5sum`]);
    t.equal(fetched.split(' ')[0], served.split(' ')[0], '512 KiB over TCP from the other node, byte for byte');
    const ping = await k(['exec', 'a1', '--', 'ping', '-c', '3', '-s', '3000', '-W', '3', b1.ip]);
    t.match(ping, / 0% packet loss/, 'a 3000-byte ping (fragmented below 1450) crosses');
  });

  await t.test('a pod\'s traffic leaving the pod network is masqueraded to its node\'s address', async (t) => {
    const target = cluster.nodes[0]!;
    t.teardown(await startPeerAddressServer(target));
    const targetIP = (await docker(['exec', target, 'hostname', '-i'])).trim().split(' ')[0];
    const a1 = byName.get('a1')!;
    const nodeIP = (await docker(['exec', a1.node, 'hostname', '-i'])).trim().split(' ')[0];
    let seen = '';
    for (let attempt = 0; attempt < 10 && !seen; attempt++) {
      seen = (await k(['exec', 'a1', '--', 'sh', '-c', `nc -w 3 ${targetIP} 9399 </dev/null || sleep 0.5`])).trim();
    }
    t.equal(seen, nodeIP, `${target} sees ${a1.node}'s address, not the pod's ${a1.ip}`);
  });

  await t.test('net-conf, annotations, flannel.1, subnet.env and masquerading as flannel makes them', async (t) => {
    const netConf = await kubectl(cluster, ['-n', 'kube-system', 'get', 'configmap', 'kube-flannel-cfg', '-o', 'jsonpath={.data.net-conf\\.json}']);
    t.same(JSON.parse(netConf.stdout), { Network: '10.244.0.0/16', Backend: { Type: 'vxlan' } }, 'the ConfigMap kube-flannel-cfg');
    const nodes = (JSON.parse((await kubectl(cluster, ['get', 'nodes', '-o', 'json'])).stdout) as { items: NodeJson[] }).items;
    t.equal(nodes.length, cluster.nodes.length);
    for (const node of nodes) {
      const name = node.metadata.name;
      const ip = node.status.addresses.find((a) => a.type === 'InternalIP')?.address;
      const mac = (await docker(['exec', name, 'cat', '/sys/class/net/flannel.1/address'])).trim();
      const a = node.metadata.annotations;
      t.same(
        [a['flannel.alpha.coreos.com/backend-type'], a['flannel.alpha.coreos.com/backend-data'], a['flannel.alpha.coreos.com/public-ip'], a['flannel.alpha.coreos.com/kube-subnet-manager']],
        ['vxlan', `{"VNI":1,"VtepMAC":"${mac}"}`, ip, 'true'],
        `${name}: annotations`,
      );
      t.match(node.status.conditions.find((c) => c.type === 'NetworkUnavailable'), { status: 'False', reason: 'FlannelIsUp' }, `${name}: NetworkUnavailable False, as flannel sets it`);
      const [link] = JSON.parse(await docker(['exec', name, 'ip', '-d', '-j', 'link', 'show', 'dev', 'flannel.1'])) as { mtu: number; linkinfo: { info_kind: string; info_data: Record<string, unknown> } }[];
      const ethMtu = Number(await docker(['exec', name, 'cat', '/sys/class/net/eth0/mtu']));
      t.match(link, { mtu: ethMtu - 50, linkinfo: { info_kind: 'vxlan', info_data: { id: 1, port: 8472, local: ip, link: 'eth0', learning: false } } }, `${name}: flannel.1`);
      const address = await docker(['exec', name, 'ip', '-4', '-o', 'addr', 'show', 'dev', 'flannel.1']);
      t.match(address, `inet ${node.spec.podCIDR.replace(/\/\d+$/, '')}/32 `, `${name}: flannel.1 holds its subnet's .0 as a /32`);
      const subnet = node.spec.podCIDR.replace(/\.0\/(\d+)$/, '.1/$1');
      t.equal(await docker(['exec', name, 'cat', '/run/flannel/subnet.env']), `FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=${subnet}\nFLANNEL_MTU=${ethMtu - 50}\nFLANNEL_IPMASQ=true`, `${name}: subnet.env`);
      t.equal((await docker(['exec', name, 'cat', '/proc/sys/net/ipv4/ip_forward'])).trim(), '1', `${name}: forwards`);
      const nat = await docker(['exec', name, 'iptables-save', '-t', 'nat']);
      t.match(nat, '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG', `${name}: POSTROUTING jumps to FLANNEL-POSTRTG`);
      t.match(nat, '-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully', `${name}: pods leaving the network are masqueraded`);
    }
  });

  await t.test('each node has a route, a neighbour and an FDB entry for every other node', async (t) => {
    const nodes = (JSON.parse((await kubectl(cluster, ['get', 'nodes', '-o', 'json'])).stdout) as { items: NodeJson[] }).items;
    const peers = await Promise.all(nodes.map(async (n) => ({
      name: n.metadata.name,
      subnet: n.spec.podCIDR,
      gateway: n.spec.podCIDR.replace(/\/\d+$/, ''),
      ip: n.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '',
      mac: (await docker(['exec', n.metadata.name, 'cat', '/sys/class/net/flannel.1/address'])).trim(),
    })));
    t.equal(peers.length, cluster.nodes.length, 'every node is listed');
    for (const node of peers) {
      const routes = await docker(['exec', node.name, 'ip', 'route', 'show', 'dev', 'flannel.1']);
      const neighbours = await docker(['exec', node.name, 'ip', 'neigh', 'show', 'dev', 'flannel.1']);
      const fdb = await docker(['exec', node.name, 'bridge', 'fdb', 'show', 'dev', 'flannel.1']);
      for (const peer of peers.filter((p) => p !== node)) {
        t.match(routes, `${peer.subnet} via ${peer.gateway} onlink`, `${node.name}: route to ${peer.name}'s subnet`);
        t.match(neighbours, `${peer.gateway} lladdr ${peer.mac} PERMANENT`, `${node.name}: neighbour ${peer.name}`);
        t.match(fdb, `${peer.mac} dst ${peer.ip} self permanent`, `${node.name}: FDB entry for ${peer.name}`);
      }
      t.equal(routes.split('\n').filter(Boolean).length, peers.length - 1, `${node.name}: no other routes on flannel.1`);
    }
  });
});
