import t from 'tap';
import { buildRuleset, probability, ruleset } from '../../../../../src/reference/node/network/kube-proxy/ruleset.ts';
import type { ProxyEndpoint, ProxyServicePort } from '../../../../../src/reference/node/network/kube-proxy/service-port.ts';

const state = { clusterCIDR: '10.244.0.0/16', existingNatChains: [] };

function endpoint(ip: string, fields: Partial<ProxyEndpoint> = {}): ProxyEndpoint {
  return { ip, port: 80, local: false, ready: true, serving: true, terminating: false, ...fields };
}

function servicePort(fields: Partial<ProxyServicePort>): ProxyServicePort {
  return {
    name: 'ns1/svc1:p80',
    protocol: 'TCP',
    clusterIP: '172.30.0.41',
    port: 80,
    nodePort: 0,
    externalIPs: [],
    stickySeconds: undefined,
    externalPolicyLocal: false,
    internalPolicyLocal: false,
    endpoints: [],
    ...fields,
  };
}

function natRules(text: string, chainPrefix: string): string[] {
  const nat = text.slice(text.indexOf('*nat'));
  return nat.split('\n').filter((line) => line.startsWith(`-A ${chainPrefix}`));
}

t.test('probabilities 1/n, 1/(n-1), … with ten decimals', async (t) => {
  t.same([5, 4, 3, 2].map(probability), ['0.2000000000', '0.2500000000', '0.3333333333', '0.5000000000']);
});

t.test('one ClusterIP Service with one endpoint: the whole restore input', async (t) => {
  const text = ruleset([servicePort({ endpoints: [endpoint('10.180.0.1')] })], state);
  t.equal(text, [
    '*filter',
    ':KUBE-SERVICES - [0:0]',
    ':KUBE-EXTERNAL-SERVICES - [0:0]',
    ':KUBE-FIREWALL - [0:0]',
    ':KUBE-FORWARD - [0:0]',
    ':KUBE-NODEPORTS - [0:0]',
    ':KUBE-PROXY-FIREWALL - [0:0]',
    '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    'COMMIT',
    '*nat',
    ':KUBE-SERVICES - [0:0]',
    ':KUBE-NODEPORTS - [0:0]',
    ':KUBE-POSTROUTING - [0:0]',
    ':KUBE-MARK-MASQ - [0:0]',
    ':KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]',
    ':KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]',
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
    '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
    '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
    '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
    '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
    '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ',
    '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80',
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    'COMMIT',
    '',
  ].join('\n'));
});

t.test('three endpoints: 1/3, 1/2, then the last unconditionally', async (t) => {
  const port = servicePort({ name: 'ns4/svc4:p80', endpoints: [endpoint('10.180.0.4'), endpoint('10.180.0.5'), endpoint('10.180.0.6')] });
  const rules = natRules(ruleset([port], state), 'KUBE-SVC-4SW47YFZTEDKD3PK').slice(1);
  t.equal(rules.length, 3);
  t.match(rules[0], /-m statistic --mode random --probability 0\.3333333333 -j KUBE-SEP-UKSFD7AGPMPPLUHC$/);
  t.match(rules[1], /-m statistic --mode random --probability 0\.5000000000 -j KUBE-SEP-C6EBXVWJJZMIWKLZ$/);
  t.notMatch(rules[2], /statistic/);
});

t.test('sessionAffinity ClientIP: a recent check per endpoint first, and a recent set in each endpoint chain', async (t) => {
  const text = ruleset([servicePort({ stickySeconds: 10800, endpoints: [endpoint('10.180.0.1'), endpoint('10.180.0.2')] })], state);
  const svc = natRules(text, 'KUBE-SVC-XPGD46QRK7WJZT7O').slice(1);
  t.match(svc[0], /-m recent --name (KUBE-SEP-\w+) --rcheck --seconds 10800 --reap -j \1$/);
  t.match(svc[1], /-m recent --name (KUBE-SEP-\w+) --rcheck --seconds 10800 --reap -j \1$/);
  t.match(svc[2], /--probability 0\.5000000000/);
  t.match(natRules(text, 'KUBE-SEP-SXIVWICOYRO3J4NJ')[1], /-m recent --name KUBE-SEP-SXIVWICOYRO3J4NJ --set -m tcp -p tcp -j DNAT --to-destination 10\.180\.0\.1:80$/);
});

t.test('a Service without endpoints is rejected in filter KUBE-SERVICES, its NodePort in KUBE-EXTERNAL-SERVICES', async (t) => {
  const text = ruleset([servicePort({ nodePort: 30080 })], state);
  t.match(text, '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j REJECT\n');
  t.match(text, '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j REJECT\n');
  t.notMatch(text, /KUBE-SVC-|KUBE-SEP-|KUBE-EXT-/, 'no per-Service chains');
});

t.test('not-ready endpoints are skipped; with none ready, serving terminating ones are used', async (t) => {
  const mixed = ruleset([servicePort({ endpoints: [endpoint('10.180.0.1', { ready: false, serving: false }), endpoint('10.180.0.2')] })], state);
  t.notMatch(mixed, '10.180.0.1:80');
  t.match(mixed, 'DNAT --to-destination 10.180.0.2:80');
  const terminating = ruleset([servicePort({
    endpoints: [endpoint('10.180.0.1', { ready: false, serving: true, terminating: true }), endpoint('10.180.0.2', { ready: false, serving: false, terminating: true })],
  })], state);
  t.match(terminating, 'DNAT --to-destination 10.180.0.1:80');
  t.notMatch(terminating, '10.180.0.2:80');
  const none = ruleset([servicePort({ endpoints: [endpoint('10.180.0.1', { ready: false, serving: false })] })], state);
  t.match(none, 'has no endpoints');
});

t.test('NodePort: KUBE-NODEPORTS jumps to KUBE-EXT, which masquerades then goes to KUBE-SVC', async (t) => {
  const text = ruleset([servicePort({ name: 'ns2/svc2:p80', nodePort: 3001, endpoints: [endpoint('10.180.0.2')] })], state);
  t.match(text, '-A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT\n');
  t.same(natRules(text, 'KUBE-EXT-GNZBNJ2PO5MGZ6GT'), [
    '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade traffic for ns2/svc2:p80 external destinations" -j KUBE-MARK-MASQ',
    '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
  ]);
});

t.test('externalTrafficPolicy Local: external traffic to this node\'s endpoints only, unmasqueraded', async (t) => {
  const port = servicePort({
    name: 'ns2/svc2:p80',
    nodePort: 3001,
    externalPolicyLocal: true,
    endpoints: [endpoint('10.180.0.2', { local: true }), endpoint('10.180.0.3')],
  });
  const text = ruleset([port], state);
  t.same(natRules(text, 'KUBE-EXT-GNZBNJ2PO5MGZ6GT'), [
    '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "pod traffic for ns2/svc2:p80 external destinations" -s 10.244.0.0/16 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
    '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
    '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "route LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
    '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -j KUBE-SVL-GNZBNJ2PO5MGZ6GT',
  ]);
  t.same(natRules(text, 'KUBE-SVL-GNZBNJ2PO5MGZ6GT'), ['-A KUBE-SVL-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 -> 10.180.0.2:80" -j KUBE-SEP-RS4RBKLTHTF2IUXJ']);
  t.equal(natRules(text, 'KUBE-SVC-GNZBNJ2PO5MGZ6GT').length, 3, 'the cluster IP still reaches both');

  const elsewhere = ruleset([{ ...port, endpoints: [endpoint('10.180.0.3')] }], state);
  t.match(elsewhere, '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP\n',
    'no endpoint on this node: the NodePort drops what comes from outside');
  t.same(natRules(elsewhere, 'KUBE-EXT-GNZBNJ2PO5MGZ6GT').length, 3, 'the node and its pods still get through to the cluster\'s endpoints, with no final jump to KUBE-SVL');
  t.notMatch(elsewhere, 'KUBE-SVL-', 'no local policy chain');
  t.match(elsewhere, '-m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT\n', 'the cluster IP still works');
});

t.test('internalTrafficPolicy Local: the cluster IP goes to KUBE-SVL, dropped without a local endpoint', async (t) => {
  const port = servicePort({ internalPolicyLocal: true, endpoints: [endpoint('10.180.0.1', { local: true }), endpoint('10.180.0.9')] });
  const text = ruleset([port], state);
  t.match(text, '-d 172.30.0.41 --dport 80 -j KUBE-SVL-XPGD46QRK7WJZT7O\n');
  t.notMatch(text, 'KUBE-SVC-', 'no cluster-wide chain');
  t.notMatch(text, '10.180.0.9');
  const none = ruleset([{ ...port, endpoints: [endpoint('10.180.0.9')] }], state);
  t.match(none, '"ns1/svc1:p80 has no local endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j DROP');
});

t.test('chains of removed Services and endpoints are flushed and deleted; others left alone', async (t) => {
  const text = ruleset([servicePort({ endpoints: [endpoint('10.180.0.1')] })], {
    clusterCIDR: '10.244.0.0/16',
    existingNatChains: ['KUBE-SVC-XPGD46QRK7WJZT7O', 'KUBE-SEP-SXIVWICOYRO3J4NJ', 'KUBE-SEP-OLDOLDOLDOLDOLD1', 'KUBE-SVC-OLDOLDOLDOLDOLD2', 'KUBE-MARK-DROP'],
  });
  t.match(text, ':KUBE-SEP-OLDOLDOLDOLDOLD1 - [0:0]\n');
  t.match(text, '\n-X KUBE-SEP-OLDOLDOLDOLDOLD1\n');
  t.match(text, '\n-X KUBE-SVC-OLDOLDOLDOLDOLD2\n');
  t.notMatch(text, '-X KUBE-SVC-XPGD46QRK7WJZT7O');
  t.notMatch(text, 'KUBE-MARK-DROP', 'not a per-Service chain');
});

t.test('UDP Services: udp matches', async (t) => {
  const text = ruleset([servicePort({ protocol: 'UDP', port: 53, endpoints: [endpoint('10.180.0.1', { port: 53 })] })], state);
  t.match(text, '-m udp -p udp -d 172.30.0.41 --dport 53 -j KUBE-SVC-');
  t.match(text, '-m udp -p udp -j DNAT --to-destination 10.180.0.1:53');
});

t.test('partial sync: only changed Services\' chains are written; top-level chains complete; stale chains deleted', async (t) => {
  const unchanged = servicePort({ name: 'ns1/svc1:p80', clusterIP: '172.30.0.41', nodePort: 3001, endpoints: [endpoint('10.180.0.1')] });
  const changed = servicePort({ name: 'ns2/svc2:p80', clusterIP: '172.30.0.42', endpoints: [endpoint('10.180.0.2')] });
  const empty = servicePort({ name: 'ns3/svc3', clusterIP: '172.30.0.43' });
  const ports = [unchanged, changed, empty];
  const existingNatChains = [
    'KUBE-SVC-XPGD46QRK7WJZT7O', 'KUBE-EXT-XPGD46QRK7WJZT7O', 'KUBE-SEP-SXIVWICOYRO3J4NJ',
    'KUBE-SVC-GNZBNJ2PO5MGZ6GT', 'KUBE-SEP-OLDOLDOLDOLDOLD1',
    'KUBE-SVC-DELETEDSERVICE01',
  ];
  const nodeState = { clusterCIDR: '10.244.0.0/16', existingNatChains };
  const full = ruleset(ports, nodeState);
  const partial = ruleset(ports, nodeState, { full: false, changedServices: new Set(['ns2/svc2', 'ns9/deleted']) });
  const lines = (text: string) => text.split('\n');

  t.equal(ruleset(ports, nodeState, { full: true }), full, 'a full scope is the full input');
  for (const chain of ['KUBE-SVC-XPGD46QRK7WJZT7O', 'KUBE-EXT-XPGD46QRK7WJZT7O', 'KUBE-SEP-SXIVWICOYRO3J4NJ']) {
    t.ok(lines(full).includes(`:${chain} - [0:0]`) && natRules(full, chain).length > 0, `a full sync writes the unchanged Service's ${chain}`);
  }
  t.notMatch(partial, 'KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]', 'the unchanged Service\'s chains are not declared (so not flushed)');
  t.notMatch(partial, 'KUBE-EXT-XPGD46QRK7WJZT7O - [0:0]');
  t.notMatch(partial, 'KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]');
  t.same(natRules(partial, 'KUBE-SVC-XPGD46QRK7WJZT7O'), [], 'nor rewritten');
  t.same(natRules(partial, 'KUBE-EXT-XPGD46QRK7WJZT7O'), []);
  t.same(natRules(partial, 'KUBE-SEP-SXIVWICOYRO3J4NJ'), []);
  t.notMatch(partial, /-X KUBE-(SVC-XPGD46QRK7WJZT7O|EXT-XPGD46QRK7WJZT7O|SEP-SXIVWICOYRO3J4NJ)/, 'nor deleted: still in use');

  for (const chain of ['KUBE-SVC-GNZBNJ2PO5MGZ6GT', 'KUBE-SEP-RS4RBKLTHTF2IUXJ']) {
    t.ok(lines(partial).includes(`:${chain} - [0:0]`), `the changed Service's ${chain} is declared`);
    t.ok(natRules(partial, chain).length > 0);
    t.same(natRules(partial, chain), natRules(full, chain), `and written as in a full sync: ${chain}`);
  }

  const topLevel = (text: string) => lines(text).filter((line) => /^(:|-A )KUBE-(SERVICES|NODEPORTS|POSTROUTING|MARK-MASQ|EXTERNAL-SERVICES|FIREWALL|FORWARD|PROXY-FIREWALL)\b/.test(line));
  t.same(topLevel(partial), topLevel(full), 'top-level chains (filter and nat) as in a full sync, the unchanged Service\'s jumps included');
  t.ok(lines(partial).includes('-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O'));
  t.ok(lines(partial).includes('-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O'));
  t.match(partial, '-A KUBE-SERVICES -m comment --comment "ns3/svc3 has no endpoints"');

  for (const stale of ['KUBE-SEP-OLDOLDOLDOLDOLD1', 'KUBE-SVC-DELETEDSERVICE01']) {
    t.ok(lines(partial).includes(`:${stale} - [0:0]`) && lines(partial).includes(`-X ${stale}`), `${stale} (a gone endpoint, a deleted Service) is flushed and deleted`);
  }

  const counted = (text: string, table: string) => lines(text.split(`*${table}`)[1]!.split('COMMIT')[0]!).filter((l) => l.startsWith('-A ')).length;
  const fullCounts = buildRuleset(ports, nodeState).ruleCounts;
  t.same(fullCounts, { filter: counted(full, 'filter'), nat: counted(full, 'nat') }, 'a full sync counts the rules it writes');
  t.same(buildRuleset(ports, nodeState, { full: false, changedServices: new Set(['ns2/svc2']) }).ruleCounts, fullCounts, 'a partial one counts the unchanged Services\' rules too');
});

t.test('partial sync with nothing changed: no per-Service chain at all, top-level chains still written', async (t) => {
  const port = servicePort({ endpoints: [endpoint('10.180.0.1')] });
  const partial = ruleset([port], state, { full: false, changedServices: new Set() });
  t.notMatch(partial, /KUBE-(SEP|SVC)-\w+ - \[0:0\]/);
  t.notMatch(partial, /-A KUBE-(SEP|SVC)-/);
  t.match(partial, '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O\n');
  t.match(partial, ':KUBE-SERVICES - [0:0]\n');
});
