import t from 'tap';
import { netConfJson, parseNetConf } from '../../../../../src/reference/node/network/flannel/net-conf.ts';

t.test('net-conf.json: written in flannel manifest form and read back', async (t) => {
  const text = netConfJson({ network: '10.244.0.0/16', backend: 'vxlan' });
  t.same(JSON.parse(text), { Network: '10.244.0.0/16', Backend: { Type: 'vxlan' } });
  t.same(parseNetConf(text, 'f'), { network: '10.244.0.0/16', backend: 'vxlan' });
  t.same(parseNetConf('{"Network":"10.42.0.0/16","Backend":{"Type":"host-gw"}}', 'f'), { network: '10.42.0.0/16', backend: 'host-gw' });
});

t.test('net-conf.json: a bad file is refused with the field named', async (t) => {
  t.throws(() => parseNetConf('{', 'f'), /f: not JSON/);
  t.throws(() => parseNetConf('{"Backend":{"Type":"vxlan"}}', 'f'), /Network/);
  t.throws(() => parseNetConf('{"Network":"10.244.0.0","Backend":{"Type":"vxlan"}}', 'f'), /not an IPv4 CIDR/);
  t.throws(() => parseNetConf('{"Network":"10.244.0.0/16","Backend":{"Type":"udp"}}', 'f'), /Backend.Type: expected "vxlan" or "host-gw", got "udp"/);
  t.throws(() => parseNetConf('{"Network":"10.244.0.0/16"}', 'f'), /Backend.Type/);
});
