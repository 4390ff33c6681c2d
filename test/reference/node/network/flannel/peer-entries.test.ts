import t from 'tap';
import { addCommands, removeCommands, subnetAddress } from '../../../../../src/reference/node/network/flannel/peer-entries.ts';

const vxlan = { node: 'n2', subnet: '10.244.2.0/24', publicIP: '192.168.1.3', backend: 'vxlan' as const, vtepMAC: '0a:f9:7a:bb:dc:0e' };

t.test('vxlan: neighbour, FDB, then the onlink route, as flannel adds them; the route goes first', async (t) => {
  t.equal(subnetAddress('10.244.2.0/24'), '10.244.2.0');
  t.same(addCommands(vxlan, 'flannel.1', 'eth0').map((c) => c.join(' ')), [
    'ip neigh replace 10.244.2.0 lladdr 0a:f9:7a:bb:dc:0e dev flannel.1 nud permanent',
    'bridge fdb replace 0a:f9:7a:bb:dc:0e dev flannel.1 dst 192.168.1.3 self permanent',
    'ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink',
  ]);
  t.same(removeCommands(vxlan, 'flannel.1', 'eth0').map((c) => c.join(' ')), [
    'ip route del 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink',
    'ip neigh del 10.244.2.0 dev flannel.1',
    'bridge fdb del 0a:f9:7a:bb:dc:0e dev flannel.1 dst 192.168.1.3 self',
  ]);
});

t.test('host-gw: a route via the peer node, no encapsulation', async (t) => {
  const lease = { node: 'n2', subnet: '10.244.2.0/24', publicIP: '192.168.1.3', backend: 'host-gw' as const };
  t.same(addCommands(lease, 'flannel.1', 'eth0'), [['ip', 'route', 'replace', '10.244.2.0/24', 'via', '192.168.1.3', 'dev', 'eth0']]);
  t.same(removeCommands(lease, 'flannel.1', 'eth0'), [['ip', 'route', 'del', '10.244.2.0/24', 'via', '192.168.1.3', 'dev', 'eth0']]);
});
