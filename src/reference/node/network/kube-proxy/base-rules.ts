// The jumps from the built-in chains into kube-proxy's chains
// (proxier.go iptablesJumpChains), ensured once at start as kube-proxy's
// EnsureChain/EnsureRule do: the chain made if missing, the jump inserted
// first in its built-in chain unless it is there already.
import { writeFile } from 'node:fs/promises';
import { execa } from 'execa';

interface Jump {
  table: 'filter' | 'nat';
  chain: string;
  from: string;
  comment: string;
  extra: string[];
}

const newOnly = ['-m', 'conntrack', '--ctstate', 'NEW'];

export const jumps: Jump[] = [
  { table: 'filter', chain: 'KUBE-FIREWALL', from: 'INPUT', comment: 'kubernetes firewall for dropping marked packets', extra: [] },
  { table: 'filter', chain: 'KUBE-FIREWALL', from: 'OUTPUT', comment: 'kubernetes firewall for dropping marked packets', extra: [] },
  { table: 'filter', chain: 'KUBE-EXTERNAL-SERVICES', from: 'INPUT', comment: 'kubernetes externally-visible service portals', extra: newOnly },
  { table: 'filter', chain: 'KUBE-EXTERNAL-SERVICES', from: 'FORWARD', comment: 'kubernetes externally-visible service portals', extra: newOnly },
  { table: 'filter', chain: 'KUBE-NODEPORTS', from: 'INPUT', comment: 'kubernetes health check service ports', extra: [] },
  { table: 'filter', chain: 'KUBE-SERVICES', from: 'FORWARD', comment: 'kubernetes service portals', extra: newOnly },
  { table: 'filter', chain: 'KUBE-SERVICES', from: 'OUTPUT', comment: 'kubernetes service portals', extra: newOnly },
  { table: 'filter', chain: 'KUBE-FORWARD', from: 'FORWARD', comment: 'kubernetes forwarding rules', extra: [] },
  { table: 'filter', chain: 'KUBE-PROXY-FIREWALL', from: 'INPUT', comment: 'kubernetes load balancer firewall', extra: newOnly },
  { table: 'filter', chain: 'KUBE-PROXY-FIREWALL', from: 'OUTPUT', comment: 'kubernetes load balancer firewall', extra: newOnly },
  { table: 'filter', chain: 'KUBE-PROXY-FIREWALL', from: 'FORWARD', comment: 'kubernetes load balancer firewall', extra: newOnly },
  { table: 'nat', chain: 'KUBE-SERVICES', from: 'OUTPUT', comment: 'kubernetes service portals', extra: [] },
  { table: 'nat', chain: 'KUBE-SERVICES', from: 'PREROUTING', comment: 'kubernetes service portals', extra: [] },
  { table: 'nat', chain: 'KUBE-POSTROUTING', from: 'POSTROUTING', comment: 'kubernetes postrouting rules', extra: [] },
];

/** As kube-proxy with --iptables-localhost-nodeports (the default): NodePorts answer on 127.0.0.1 too. */
export async function enableLocalhostNodePorts(): Promise<void> {
  await writeFile('/proc/sys/net/ipv4/conf/all/route_localnet', '1');
}

export async function ensureJumps(): Promise<void> {
  for (const jump of jumps) {
    await execa('iptables', ['-w', '-t', jump.table, '-N', jump.chain], { reject: false });
    const rule = [jump.from, ...jump.extra, '-m', 'comment', '--comment', jump.comment, '-j', jump.chain];
    const present = await execa('iptables', ['-w', '-t', jump.table, '-C', ...rule], { reject: false });
    if (present.exitCode !== 0) await execa('iptables', ['-w', '-t', jump.table, '-I', ...rule]);
  }
}

/** The KUBE-* chains of the nat table now. */
export async function natChains(): Promise<string[]> {
  const saved = (await execa('iptables-save', ['-t', 'nat'])).stdout;
  return saved.split('\n').filter((line) => line.startsWith(':KUBE-')).map((line) => line.slice(1).split(' ')[0]!);
}

export async function restoreNoFlush(rules: string): Promise<void> {
  await execa('iptables-restore', ['-w', '--noflush'], { input: rules });
}

/** Forgets conntrack entries (none found is fine: conntrack then exits 1). */
export async function deleteConntrack(args: string[]): Promise<void> {
  await execa('conntrack', ['-D', ...args], { reject: false });
}
