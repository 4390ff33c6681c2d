import t from 'tap';
import { cidrContains, cidrSize, formatIpv4, gatewayAddress, parseIpv4, parseIpv4Cidr } from '../../../../src/reference/node/runtime/ipv4-cidr.ts';

t.test('CIDR arithmetic', async (t) => {
  const cidr = parseIpv4Cidr('10.244.3.77/24');
  t.equal(formatIpv4(cidr.network), '10.244.3.0', 'the host bits are dropped');
  t.equal(cidrSize(cidr), 256);
  t.equal(gatewayAddress(cidr), '10.244.3.1');
  t.ok(cidrContains(cidr, '10.244.3.255'));
  t.notOk(cidrContains(cidr, '10.244.4.0'));
  t.equal(parseIpv4('255.255.255.255'), 2 ** 32 - 1);
  t.throws(() => parseIpv4('10.0.0.256'));
  t.throws(() => parseIpv4Cidr('10.0.0.0/31'));
  t.throws(() => parseIpv4Cidr('10.0.0.0'));
});
