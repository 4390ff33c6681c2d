import t from 'tap';
import { formatIpv4 } from '../../../../../src/reference/node/runtime/ipv4-cidr.ts';
import { freeSubnets, parseSubnetConfig, subnetFits } from '../../../../../src/reference/node/network/flannel/subnet-config.ts';

const range = (text: string) => {
  const c = parseSubnetConfig(text, 'config');
  return { len: c.subnetLen, min: formatIpv4(c.subnetMin), max: formatIpv4(c.subnetMax), network: c.network, backend: c.backend };
};

t.test("PREFIX/config: flannel's defaults for SubnetLen, SubnetMin and SubnetMax", async (t) => {
  t.same(range('{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}}'), { len: 24, min: '10.244.1.0', max: '10.244.255.0', network: '10.244.0.0/16', backend: 'vxlan' });
  t.same(range('{"Network":"10.5.0.0/24","Backend":{"Type":"host-gw"}}'), { len: 26, min: '10.5.0.64', max: '10.5.0.192', network: '10.5.0.0/24', backend: 'host-gw' }, 'smaller than /22: prefix + 2');
  t.same(range('{"Network":"10.0.0.0/8","SubnetLen":20,"SubnetMin":"10.10.0.0","SubnetMax":"10.99.0.0","Backend":{"Type":"vxlan"}}'), { len: 20, min: '10.10.0.0', max: '10.99.0.0', network: '10.0.0.0/8', backend: 'vxlan' });
});

t.test("PREFIX/config: flannel's checks", async (t) => {
  const refused = (json: object) => () => parseSubnetConfig(JSON.stringify({ Backend: { Type: 'vxlan' }, ...json }), 'config');
  t.throws(refused({ Network: '10.5.0.0/16', SubnetLen: 31 }), { message: 'config: SubnetLen must be less than /31' });
  t.throws(refused({ Network: '10.5.0.0/16', SubnetLen: 17 }), { message: 'config: network must be able to accommodate at least four subnets' });
  t.throws(refused({ Network: '10.5.0.0/29' }), { message: 'config: network is too small. Minimum useful network prefix is /28' });
  t.throws(refused({ Network: '10.5.0.0/16', SubnetMin: '10.6.0.0' }), { message: 'config: SubnetMin is not in the range of the Network' });
  t.throws(refused({ Network: '10.5.0.0/16', SubnetMax: '10.6.0.0' }), { message: 'config: SubnetMax is not in the range of the Network' });
  t.throws(refused({ Network: '10.5.0.0/16', SubnetMin: '10.5.1.7' }), { message: 'config: SubnetMin is not on a SubnetLen boundary: 10.5.1.7' });
  t.throws(refused({ Network: '10.5.0.0/16', SubnetLen: 'big' }), /SubnetLen: expected a prefix length/);
  t.throws(() => parseSubnetConfig('{"Network":"10.5.0.0/16"}', 'config'), /Backend\.Type/);
});

t.test('the subnets a config allows, and the free ones in order', async (t) => {
  const config = parseSubnetConfig('{"Network":"10.5.0.0/16","SubnetMin":"10.5.1.0","SubnetMax":"10.5.3.0","Backend":{"Type":"vxlan"}}', 'config');
  t.ok(subnetFits(config, '10.5.2.0/24'));
  t.notOk(subnetFits(config, '10.5.4.0/24'), 'past SubnetMax');
  t.notOk(subnetFits(config, '10.5.0.0/24'), 'before SubnetMin');
  t.notOk(subnetFits(config, '10.5.2.0/25'), 'another length');
  t.same(freeSubnets(config, []), ['10.5.1.0/24', '10.5.2.0/24', '10.5.3.0/24']);
  t.same(freeSubnets(config, ['10.5.2.0/24']), ['10.5.1.0/24', '10.5.3.0/24']);
  t.same(freeSubnets(config, ['10.5.0.0/22']), [], 'an overlapping lease takes them all');
  const wide = parseSubnetConfig('{"Network":"10.0.0.0/8","Backend":{"Type":"vxlan"}}', 'config');
  t.equal(freeSubnets(wide, []).length, 100, 'at most a hundred, as flannel picks among');
});
