import t from 'tap';
import { leaseAttrsJson, peerLeaseOf, publicIPOf } from '../../../../../src/reference/node/network/flannel/lease-attrs.ts';
import { parseSubnetKey, subnetKey } from '../../../../../src/reference/node/network/flannel/subnet-key.ts';

t.test("a lease's value is flannel's LeaseAttrs JSON, byte for byte", async (t) => {
  // As flannel's Documentation/reservations.md shows one.
  t.equal(
    leaseAttrsJson({ publicIP: '192.168.64.3', backend: 'vxlan', vxlan: { vni: 1, vtepMAC: 'c6:d2:32:6f:8f:44' } }),
    '{"PublicIP":"192.168.64.3","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"c6:d2:32:6f:8f:44"}}',
  );
  t.equal(leaseAttrsJson({ publicIP: '192.168.64.4', backend: 'host-gw' }), '{"PublicIP":"192.168.64.4","PublicIPv6":null,"BackendType":"host-gw"}', 'host-gw: no BackendData');
});

t.test("a peer's lease read from its value", async (t) => {
  const vxlan = leaseAttrsJson({ publicIP: '192.168.64.3', backend: 'vxlan', vxlan: { vni: 1, vtepMAC: 'c6:d2:32:6f:8f:44' } });
  t.same(peerLeaseOf('10.5.52.0/24', vxlan), { subnet: '10.5.52.0/24', publicIP: '192.168.64.3', backend: 'vxlan', vtepMAC: 'c6:d2:32:6f:8f:44' });
  t.same(peerLeaseOf('10.5.53.0/24', '{"PublicIP":"192.168.64.4","PublicIPv6":null,"BackendType":"host-gw"}'), { subnet: '10.5.53.0/24', publicIP: '192.168.64.4', backend: 'host-gw' });
  t.equal(peerLeaseOf('10.5.54.0/24', '{"PublicIP":"192.168.64.5","BackendType":"udp"}'), undefined, 'a backend kdrill does not run');
  t.equal(peerLeaseOf('10.5.54.0/24', '{"PublicIP":"192.168.64.5","BackendType":"vxlan"}'), undefined, 'vxlan without a VTEP');
  t.equal(peerLeaseOf('10.5.54.0/24', '{'), undefined, 'not JSON');
  t.equal(publicIPOf(vxlan), '192.168.64.3');
  t.equal(publicIPOf('null'), undefined);
});

t.test("subnet keys: flannel's A.B.C.D-NN", async (t) => {
  t.equal(subnetKey('10.5.52.0/24'), '10.5.52.0-24');
  t.equal(parseSubnetKey('/coreos.com/network/subnets/10.5.52.0-24'), '10.5.52.0/24');
  t.equal(parseSubnetKey('/coreos.com/network/subnets/10.5.52.0-24&fc00::-64'), '10.5.52.0/24', 'dual stack: its IPv4 part');
  t.equal(parseSubnetKey('/coreos.com/network/config'), undefined);
  t.equal(parseSubnetKey('/coreos.com/network/subnets/10.5.52.0-33'), undefined);
});
