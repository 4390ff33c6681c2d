// Full and partial restore inputs fed to the real iptables-restore --noflush in a
// network namespace of the test's own: a partial sync leaves an unchanged
// Service's chains as they are, rewrites a changed one's, deletes a removed
// one's, and ends in the same nat table as a full sync would.
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import t from 'tap';
import { clusterPolicyChainName } from '../../../../../src/reference/node/network/kube-proxy/chain-names.ts';
import { ruleset, type SyncScope } from '../../../../../src/reference/node/network/kube-proxy/ruleset.ts';
import type { ProxyServicePort } from '../../../../../src/reference/node/network/kube-proxy/service-port.ts';

function servicePort(name: string, clusterIP: string, ips: string[], nodePort = 0): ProxyServicePort {
  return {
    name, protocol: 'TCP', clusterIP, port: 80, nodePort, externalIPs: [], stickySeconds: undefined, externalPolicyLocal: false, internalPolicyLocal: false,
    endpoints: ips.map((ip) => ({ ip, port: 9376, local: false, ready: true, serving: true, terminating: false })),
  };
}

/** Each KUBE-* chain of the nat table with its rules in order. */
function natTable(saved: string): Record<string, string[]> {
  const table: Record<string, string[]> = {};
  for (const line of saved.split('\n')) {
    const declared = /^:(KUBE-\S+)/.exec(line);
    if (declared) table[declared[1]!] ??= [];
    const rule = /^-A (KUBE-\S+) /.exec(line);
    if (rule) (table[rule[1]!] ??= []).push(line);
  }
  return table;
}

t.test('partial syncs through iptables-restore --noflush', async (t) => {
  const ns = `kdrill-kp-${randomBytes(3).toString('hex')}`;
  await execa('ip', ['netns', 'add', ns]);
  t.teardown(() => execa('ip', ['netns', 'del', ns], { reject: false }));
  const inNs = (command: string, args: string[], input?: string) => execa('ip', ['netns', 'exec', ns, command, ...args], input === undefined ? {} : { input });
  const saveNat = async () => (await inNs('iptables-save', ['-t', 'nat'])).stdout;
  const sync = async (ports: ProxyServicePort[], scope: SyncScope) => {
    const existingNatChains = Object.keys(natTable(await saveNat()));
    await inNs('iptables-restore', ['-w', '--noflush'], ruleset(ports, { clusterCIDR: '10.244.0.0/16', existingNatChains }, scope));
  };

  const a = servicePort('ns1/a:http', '10.96.0.10', ['10.244.1.2'], 30080);
  const b = servicePort('ns1/b:http', '10.96.0.11', ['10.244.1.3', '10.244.2.3']);
  const c = servicePort('ns1/c:http', '10.96.0.12', ['10.244.1.4']);
  await sync([a, b, c], { full: true });
  const first = natTable(await saveNat());
  const svcA = clusterPolicyChainName(a.name, 'tcp');
  const svcB = clusterPolicyChainName(b.name, 'tcp');
  const svcC = clusterPolicyChainName(c.name, 'tcp');
  t.ok(first[svcA] && first[svcB] && first[svcC], 'the full sync made every Service\'s chain');

  // A rule only a flush would remove: it shows whether a's chain was rewritten.
  await inNs('iptables', ['-w', '-t', 'nat', '-A', svcA, '-m', 'comment', '--comment', 'left-alone']);
  const b2 = { ...b, endpoints: [b.endpoints[0]!, { ...b.endpoints[1]!, ip: '10.244.2.9' }] };
  await sync([a, b2], { full: false, changedServices: new Set(['ns1/b', 'ns1/c']) });
  const partial = natTable(await saveNat());
  t.match(partial[svcA]?.at(-1), /left-alone/, 'the unchanged Service\'s chain is not flushed');
  t.same(partial[svcA]?.slice(0, -1), first[svcA], 'nor otherwise changed');
  t.match(partial[svcB]?.join('\n'), '10.244.2.9', 'the changed Service\'s chain is rewritten');
  t.notMatch(partial[svcB]?.join('\n'), '10.244.2.3');
  t.equal(partial[svcC], undefined, 'the removed Service\'s chain is deleted');
  t.equal(Object.keys(partial).filter((chain) => chain.startsWith('KUBE-SEP-')).length, 3, 'and the gone endpoints\' chains');

  await sync([a, b2], { full: true });
  const full = natTable(await saveNat());
  t.notMatch(full[svcA]?.join('\n'), 'left-alone', 'a full sync flushes every chain');
  t.same({ ...partial, [svcA]: partial[svcA]?.slice(0, -1) }, full, 'the partial sync left the nat table as a full sync does');
});
