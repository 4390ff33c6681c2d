import t from 'tap';
import { forwardRules, masqueradeRules, restoreInput } from '../../../../../src/reference/node/network/flannel/masquerade-rules.ts';

t.test('FLANNEL-POSTRTG and FLANNEL-FWD as iptables-save prints flannel\'s rules', async (t) => {
  const nat = masqueradeRules('10.244.0.0/16', '10.244.1.0/24').map((r) => r.join(' '));
  t.same(nat, [
    '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
    '-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN',
    '-A FLANNEL-POSTRTG -s 10.244.1.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
    '-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN',
    '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN',
    '-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
    '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
  ]);
  t.same(forwardRules('10.244.0.0/16').map((r) => r.join(' ')), [
    '-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD',
    '-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
    '-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
  ]);
});

t.test('one restore per table: the chain emptied, an old jump dropped so that it is not doubled', async (t) => {
  const rules = forwardRules('10.244.0.0/16');
  const first = restoreInput('filter', 'FLANNEL-FWD', rules, undefined).split('\n');
  t.same(first.slice(0, 2), ['*filter', ':FLANNEL-FWD - [0:0]']);
  t.equal(first.filter((l) => l.startsWith('-D')).length, 0);
  t.same(first.slice(-2), ['COMMIT', '']);
  const again = restoreInput('filter', 'FLANNEL-FWD', rules, rules[0]).split('\n');
  t.equal(again[2], '-D FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD');
  t.equal(again.filter((l) => l.startsWith('-A FORWARD')).length, 1);
});
