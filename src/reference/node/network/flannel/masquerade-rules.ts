// flannel's iptables rules (its iptables traffic manager): FLANNEL-POSTRTG in
// nat masquerades pod traffic that leaves the cluster network, and traffic
// from outside it to pods on other nodes, but not pod-to-pod traffic nor what
// kube-proxy marked (it masquerades that itself); FLANNEL-FWD in filter
// accepts forwarding to and from the network. Applied with one
// iptables-restore --noflush per table after clearing the two chains, so
// that a restarted agent replaces its rules instead of adding a second set.
import { execa } from 'execa';

/** kube-proxy's masquerade mark, which flannel leaves to kube-proxy. */
const kubeProxyMark = '0x4000/0x4000';
const masq = ['-m', 'comment', '--comment', '"flanneld masq"'];
const forward = ['-m', 'comment', '--comment', '"flanneld forward"'];

/** The nat table's rules as iptables-save prints them (the jump from POSTROUTING first). */
export function masqueradeRules(network: string, podCIDR: string): string[][] {
  return [
    ['-A', 'POSTROUTING', ...masq, '-j', 'FLANNEL-POSTRTG'],
    ['-A', 'FLANNEL-POSTRTG', '-m', 'mark', '--mark', kubeProxyMark, ...masq, '-j', 'RETURN'],
    ['-A', 'FLANNEL-POSTRTG', '-s', podCIDR, '-d', network, ...masq, '-j', 'RETURN'],
    ['-A', 'FLANNEL-POSTRTG', '-s', network, '-d', podCIDR, ...masq, '-j', 'RETURN'],
    ['-A', 'FLANNEL-POSTRTG', '!', '-s', network, '-d', podCIDR, ...masq, '-j', 'RETURN'],
    ['-A', 'FLANNEL-POSTRTG', '-s', network, '!', '-d', '224.0.0.0/4', ...masq, '-j', 'MASQUERADE', '--random-fully'],
    ['-A', 'FLANNEL-POSTRTG', '!', '-s', network, '-d', network, ...masq, '-j', 'MASQUERADE', '--random-fully'],
  ];
}

export function forwardRules(network: string): string[][] {
  return [
    ['-A', 'FORWARD', ...forward, '-j', 'FLANNEL-FWD'],
    ['-A', 'FLANNEL-FWD', '-s', network, ...forward, '-j', 'ACCEPT'],
    ['-A', 'FLANNEL-FWD', '-d', network, ...forward, '-j', 'ACCEPT'],
  ];
}

/** iptables-restore input for one table: declares (and so empties) the chain, drops an old jump to it, adds the rules. */
export function restoreInput(table: string, chain: string, rules: string[][], oldJump: string[] | undefined): string {
  const lines = [`*${table}`, `:${chain} - [0:0]`];
  if (oldJump) lines.push(['-D', ...oldJump.slice(1)].join(' '));
  lines.push(...rules.map((r) => r.join(' ')), 'COMMIT', '');
  return lines.join('\n');
}

async function jumpPresent(table: string, jump: string[]): Promise<boolean> {
  const args = ['-t', table, '-C', ...jump.slice(1)].map((a) => a.replace(/^"(.*)"$/, '$1'));
  return (await execa('iptables', args, { reject: false })).exitCode === 0;
}

async function restore(table: string, chain: string, rules: string[][]): Promise<void> {
  const jump = rules[0]!;
  const input = restoreInput(table, chain, rules, (await jumpPresent(table, jump)) ? jump : undefined);
  await execa('iptables-restore', ['--noflush'], { input });
}

export async function applyFlannelRules(network: string, podCIDR: string): Promise<void> {
  await restore('nat', 'FLANNEL-POSTRTG', masqueradeRules(network, podCIDR));
  await restore('filter', 'FLANNEL-FWD', forwardRules(network));
}
