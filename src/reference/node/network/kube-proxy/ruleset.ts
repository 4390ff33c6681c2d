// The filter and nat rules kube-proxy's iptables mode writes for a set of
// Service ports (pkg/proxy/iptables/proxier.go syncProxyRules), as one
// iptables-restore input for `--noflush`: every chain kube-proxy owns is
// declared (which flushes it) and refilled; a KUBE-SVC/SVL/EXT/FW/SEP chain
// left from an earlier sync and no longer used is declared and deleted. The
// jumps from the built-in chains are not here (see base-rules.ts).
// A partial sync (upstream's default since 1.28) still rewrites the top-level
// chains in full, but leaves out the per-Service chains of the Services that
// did not change: not declared, so `--noflush` keeps them as they are; they
// still count as in use, so only chains of changed or removed Services can be
// stale and deleted.
import {
  clusterPolicyChainName,
  endpointChainName,
  externalChainName,
  localPolicyChainName,
} from './chain-names.ts';
import { categorizeEndpoints, externallyAccessible, usesClusterEndpoints, usesLocalEndpoints } from './endpoint-categories.ts';
import type { ProxyEndpoint, ProxyServicePort } from './service-port.ts';

export interface NodeState {
  /** The cluster's pod CIDR: traffic to a cluster IP from outside it is masqueraded (LocalDetector by cluster CIDR). */
  clusterCIDR: string;
  /** KUBE-* chains now in the nat table (from iptables-save), so that stale ones are deleted. */
  existingNatChains: string[];
}

/** What a sync writes: every chain, or the per-Service chains of the changed Services ("ns/name") only. */
export type SyncScope = { full: true } | { full: false; changedServices: ReadonlySet<string> };

export const masqueradeMark = '0x4000';

const perServiceChainPrefixes = ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-EXT-', 'KUBE-FW-', 'KUBE-SEP-'];

/** `-m statistic --probability` for the i-th of n remaining endpoints, as upstream formats it (%0.10f). */
export function probability(remaining: number): string {
  return (1 / remaining).toFixed(10);
}

function quoted(comment: string): string {
  return comment.includes(' ') ? `"${comment}"` : comment;
}

class Lines {
  readonly chains: string[] = [];
  readonly rules: string[] = [];
  chain(name: string): void {
    this.chains.push(`:${name} - [0:0]`);
  }
  rule(...words: string[]): void {
    this.rules.push(words.join(' '));
  }
}

function endpointString(ep: ProxyEndpoint): string {
  return `${ep.ip}:${ep.port}`;
}

function writeServiceToEndpointRules(nat: Lines, port: ProxyServicePort, chain: string, endpoints: ProxyEndpoint[]): void {
  const proto = port.protocol.toLowerCase();
  const chains = endpoints.map((ep) => endpointChainName(port.name, proto, endpointString(ep)));
  if (port.stickySeconds !== undefined) {
    endpoints.forEach((ep, i) => {
      const comment = quoted(`${port.name} -> ${endpointString(ep)}`);
      nat.rule('-A', chain, '-m', 'comment', '--comment', comment, '-m', 'recent', '--name', chains[i]!, '--rcheck', '--seconds', String(port.stickySeconds), '--reap', '-j', chains[i]!);
    });
  }
  endpoints.forEach((ep, i) => {
    const comment = quoted(`${port.name} -> ${endpointString(ep)}`);
    const statistic = i < endpoints.length - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', probability(endpoints.length - i)] : [];
    nat.rule('-A', chain, '-m', 'comment', '--comment', comment, ...statistic, '-j', chains[i]!);
  });
}

/** The Service ("ns/name") of a port named "ns/name" or "ns/name:port": names and namespaces hold no colon. */
function serviceOf(port: ProxyServicePort): string {
  return port.name.split(':')[0]!;
}

/**
 * Writes the top-level rules of one Service port into filter and nat, and its own KUBE-SVC/SVL/EXT/SEP chains
 * into serviceNat (nat, or what is left out of a partial sync).
 */
function writeServicePort(filter: Lines, nat: Lines, serviceNat: Lines, port: ProxyServicePort, state: NodeState, active: Set<string>): void {
  const proto = port.protocol.toLowerCase();
  const name = port.name;
  const svcChain = clusterPolicyChainName(name, proto);
  const svlChain = localPolicyChainName(name, proto);
  const extChain = externalChainName(name, proto);
  const { clusterEndpoints, localEndpoints, allReachableEndpoints, hasAnyEndpoints } = categorizeEndpoints(port);

  const internalPolicyChain = port.internalPolicyLocal ? svlChain : svcChain;
  const hasInternalEndpoints = port.internalPolicyLocal ? localEndpoints.length > 0 : hasAnyEndpoints;
  const externalPolicyChain = port.externalPolicyLocal ? svlChain : svcChain;
  const hasExternalEndpoints = port.externalPolicyLocal ? localEndpoints.length > 0 : hasAnyEndpoints;
  const usesClusterPolicyChain = clusterEndpoints.length > 0 && usesClusterEndpoints(port);
  const usesLocalPolicyChain = localEndpoints.length > 0 && usesLocalEndpoints(port);
  // Even with no endpoint for outside traffic (Local, none here), the node itself and its pods reach the Service this way.
  const usesExternalChain = hasAnyEndpoints && externallyAccessible(port);

  // Where traffic goes when there is no endpoint to send it to: REJECT when none exists anywhere,
  // DROP when endpoints exist but none on this node under a Local policy.
  const target = (has: boolean) => (has ? '' : hasAnyEndpoints ? 'DROP' : 'REJECT');
  const filterComment = quoted(`${name} ${hasAnyEndpoints ? 'has no local endpoints' : 'has no endpoints'}`);
  const destination = (ip: string) => ['-m', proto, '-p', proto, '-d', ip, '--dport', String(port.port)];

  const internalTarget = target(hasInternalEndpoints);
  if (internalTarget === '') {
    nat.rule('-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', quoted(`${name} cluster IP`), ...destination(port.clusterIP), '-j', internalPolicyChain);
  } else {
    filter.rule('-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', filterComment, ...destination(port.clusterIP), '-j', internalTarget);
  }

  // KUBE-EXTERNAL-SERVICES is entered from INPUT and FORWARD only: what the node itself sends still gets through KUBE-EXT.
  const externalTarget = target(hasExternalEndpoints);
  for (const externalIP of port.externalIPs) {
    if (usesExternalChain) nat.rule('-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', quoted(`${name} external IP`), ...destination(externalIP), '-j', extChain);
    if (externalTarget !== '') filter.rule('-A', 'KUBE-EXTERNAL-SERVICES', '-m', 'comment', '--comment', filterComment, ...destination(externalIP), '-j', externalTarget);
  }
  if (port.nodePort > 0) {
    const nodePortMatch = ['-m', proto, '-p', proto, '--dport', String(port.nodePort)];
    if (usesExternalChain) nat.rule('-A', 'KUBE-NODEPORTS', '-m', 'comment', '--comment', quoted(name), ...nodePortMatch, '-j', extChain);
    if (externalTarget !== '') {
      filter.rule('-A', 'KUBE-EXTERNAL-SERVICES', '-m', 'comment', '--comment', filterComment, '-m', 'addrtype', '--dst-type', 'LOCAL', ...nodePortMatch, '-j', externalTarget);
    }
  }

  if (usesExternalChain) {
    serviceNat.chain(extChain);
    active.add(extChain);
    if (!port.externalPolicyLocal) {
      serviceNat.rule('-A', extChain, '-m', 'comment', '--comment', quoted(`masquerade traffic for ${name} external destinations`), '-j', 'KUBE-MARK-MASQ');
    } else if (usesClusterPolicyChain) {
      // Pods and the node itself reach an externally-visible address of a Local Service as its cluster IP.
      serviceNat.rule('-A', extChain, '-m', 'comment', '--comment', quoted(`pod traffic for ${name} external destinations`), '-s', state.clusterCIDR, '-j', svcChain);
      serviceNat.rule('-A', extChain, '-m', 'comment', '--comment', quoted(`masquerade LOCAL traffic for ${name} external destinations`), '-m', 'addrtype', '--src-type', 'LOCAL', '-j', 'KUBE-MARK-MASQ');
      serviceNat.rule('-A', extChain, '-m', 'comment', '--comment', quoted(`route LOCAL traffic for ${name} external destinations`), '-m', 'addrtype', '--src-type', 'LOCAL', '-j', svcChain);
    }
    if (hasExternalEndpoints) serviceNat.rule('-A', extChain, '-j', externalPolicyChain);
  }

  if (usesClusterPolicyChain) {
    serviceNat.chain(svcChain);
    active.add(svcChain);
    serviceNat.rule('-A', svcChain, '-m', 'comment', '--comment', quoted(`${name} cluster IP`), ...destination(port.clusterIP), '!', '-s', state.clusterCIDR, '-j', 'KUBE-MARK-MASQ');
    writeServiceToEndpointRules(serviceNat, port, svcChain, clusterEndpoints);
  }
  if (usesLocalPolicyChain) {
    serviceNat.chain(svlChain);
    active.add(svlChain);
    writeServiceToEndpointRules(serviceNat, port, svlChain, localEndpoints);
  }

  for (const ep of allReachableEndpoints) {
    const chain = endpointChainName(name, proto, endpointString(ep));
    serviceNat.chain(chain);
    active.add(chain);
    const comment = quoted(name);
    // Hairpin: a pod reaching itself through the Service is masqueraded, or its reply would skip the DNAT.
    serviceNat.rule('-A', chain, '-m', 'comment', '--comment', comment, '-s', ep.ip, '-j', 'KUBE-MARK-MASQ');
    const affinity = port.stickySeconds !== undefined ? ['-m', 'recent', '--name', chain, '--set'] : [];
    serviceNat.rule('-A', chain, '-m', 'comment', '--comment', comment, ...affinity, '-m', proto, '-p', proto, '-j', 'DNAT', '--to-destination', endpointString(ep));
  }
}

export interface Ruleset {
  /** The iptables-restore input, filter then nat. */
  input: string;
  /** The rules kube-proxy owns per table once it is applied, unchanged Services' included (kubeproxy_sync_proxy_rules_iptables_total). */
  ruleCounts: { filter: number; nat: number };
}

/** The iptables-restore input (filter then nat) for these Service ports on this node. */
export function ruleset(ports: ProxyServicePort[], state: NodeState, scope: SyncScope = { full: true }): string {
  return buildRuleset(ports, state, scope).input;
}

const appended = (lines: Lines) => lines.rules.filter((r) => r.startsWith('-A ')).length;

export function buildRuleset(ports: ProxyServicePort[], state: NodeState, scope: SyncScope = { full: true }): Ruleset {
  const filter = new Lines();
  const nat = new Lines();
  for (const chain of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']) filter.chain(chain);
  for (const chain of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) nat.chain(chain);

  // NodePorts answer on 127.0.0.1 (route_localnet, see base-rules.ts); other traffic to 127/8 from off the node is dropped.
  filter.rule('-A', 'KUBE-FIREWALL', '-m', 'comment', '--comment', '"block incoming localnet connections"', '-d', '127.0.0.0/8', '!', '-s', '127.0.0.0/8',
    '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP');
  filter.rule('-A', 'KUBE-FORWARD', '-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'DROP');
  filter.rule('-A', 'KUBE-FORWARD', '-m', 'comment', '--comment', '"kubernetes forwarding rules"', '-m', 'mark', '--mark', `${masqueradeMark}/${masqueradeMark}`, '-j', 'ACCEPT');
  filter.rule('-A', 'KUBE-FORWARD', '-m', 'comment', '--comment', '"kubernetes forwarding conntrack rule"', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT');
  nat.rule('-A', 'KUBE-POSTROUTING', '-m', 'mark', '!', '--mark', `${masqueradeMark}/${masqueradeMark}`, '-j', 'RETURN');
  nat.rule('-A', 'KUBE-POSTROUTING', '-j', 'MARK', '--xor-mark', masqueradeMark);
  nat.rule('-A', 'KUBE-POSTROUTING', '-m', 'comment', '--comment', '"kubernetes service traffic requiring SNAT"', '-j', 'MASQUERADE');
  nat.rule('-A', 'KUBE-MARK-MASQ', '-j', 'MARK', '--or-mark', masqueradeMark);

  const active = new Set<string>();
  // The chains of Services a partial sync leaves as they are: written here only to be counted.
  const unchangedNat = new Lines();
  const sorted = [...ports].sort((a, b) => (a.name === b.name ? a.protocol.localeCompare(b.protocol) : a.name < b.name ? -1 : 1));
  for (const port of sorted) {
    const unchanged = !scope.full && !scope.changedServices.has(serviceOf(port));
    writeServicePort(filter, nat, unchanged ? unchangedNat : nat, port, state, active);
  }

  nat.rule('-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', '"kubernetes service nodeports; NOTE: this must be the last rule in this chain"', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'KUBE-NODEPORTS');

  const stale = state.existingNatChains.filter((chain) => perServiceChainPrefixes.some((p) => chain.startsWith(p)) && !active.has(chain)).sort();
  for (const chain of stale) {
    nat.chain(chain);
    nat.rule('-X', chain);
  }
  return {
    input: ['*filter', ...filter.chains, ...filter.rules, 'COMMIT', '*nat', ...nat.chains, ...nat.rules, 'COMMIT', ''].join('\n'),
    ruleCounts: { filter: appended(filter), nat: appended(nat) + appended(unchangedNat) },
  };
}
