// A pod's resolv.conf contents from its dnsPolicy and dnsConfig, as
// pkg/kubelet/network/dns does: ClusterFirst gives the cluster DNS with the
// search path NS.svc.DOMAIN svc.DOMAIN DOMAIN and ndots:5 (a hostNetwork pod
// needs ClusterFirstWithHostNet for that); Default gives the node's own; None
// only what dnsConfig says, which is otherwise merged on top.
import { readFileSync } from 'node:fs';
import type { DnsConfig } from './container-runtime.ts';
import type { Pod } from './pod-types.ts';

export interface ClusterDns {
  clusterDomain: string;
  clusterDNS: string[];
  /** The node's resolv.conf (dnsPolicy Default). */
  nodeResolvConf: string;
}

export function parseResolvConf(text: string): DnsConfig {
  const dns: DnsConfig = { nameservers: [], searches: [], options: [] };
  for (const line of text.split('\n')) {
    const [key, ...values] = line.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (key === 'nameserver' && values[0]) dns.nameservers.push(values[0]);
    else if (key === 'search' || key === 'domain') dns.searches = values;
    else if (key === 'options') dns.options.push(...values);
  }
  return dns;
}

export function readNodeResolvConf(path = '/etc/resolv.conf'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function mergeOptions(base: string[], extra: { name: string; value?: string }[]): string[] {
  const byName = new Map(base.map((o) => [o.split(':')[0]!, o] as const));
  for (const o of extra) byName.set(o.name, o.value !== undefined ? `${o.name}:${o.value}` : o.name);
  return [...byName.values()];
}

export function podDns(pod: Pod, cluster: ClusterDns): DnsConfig {
  const spec = pod.spec ?? {};
  const namespace = pod.metadata?.namespace ?? '';
  let policy = spec.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && spec.hostNetwork) policy = 'Default';
  let dns: DnsConfig;
  if (policy === 'None') dns = { nameservers: [], searches: [], options: [] };
  else if (policy === 'Default' || cluster.clusterDNS.length === 0) dns = parseResolvConf(cluster.nodeResolvConf);
  else {
    const d = cluster.clusterDomain;
    dns = { nameservers: [...cluster.clusterDNS], searches: [`${namespace}.svc.${d}`, `svc.${d}`, d], options: ['ndots:5'] };
  }
  const extra = spec.dnsConfig;
  if (!extra) return dns;
  return {
    nameservers: [...dns.nameservers, ...(extra.nameservers ?? [])].filter((v, i, all) => all.indexOf(v) === i),
    searches: [...dns.searches, ...(extra.searches ?? [])].filter((v, i, all) => all.indexOf(v) === i),
    options: mergeOptions(dns.options, extra.options ?? []),
  };
}
