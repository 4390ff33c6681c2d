// The files a pod's containers see as /etc/hosts, /etc/resolv.conf and
// /etc/hostname, in the kubelet's format (pkg/kubelet/kubelet_pods.go:
// managedHostsFileContent, nodeHostsFileContent) and containerd's resolv.conf
// layout (search, nameserver, options).
import type { DnsConfig } from '../container-runtime.ts';

const MANAGED_HOSTS_HEADER = '# Kubernetes-managed hosts file.\n';
const MANAGED_HOSTS_HEADER_HOST_NETWORK = '# Kubernetes-managed hosts file (host network).\n';

/** hostAliases as given in SandboxConfig ("IP name1 name2"), as the kubelet writes them. */
function hostAliasesSection(hostAliases: string[]): string {
  if (hostAliases.length === 0) return '';
  const lines = hostAliases.map((alias) => `${alias.trim().split(/\s+/).join('\t')}\n`);
  return `\n# Entries added by HostAliases.\n${lines.join('')}`;
}

export function podHostsFile(podIP: string, hostname: string, hostAliases: string[]): string {
  return (
    MANAGED_HOSTS_HEADER +
    '127.0.0.1\tlocalhost\n' +
    '::1\tlocalhost ip6-localhost ip6-loopback\n' +
    'fe00::0\tip6-localnet\n' +
    'fe00::0\tip6-mcastprefix\n' +
    'fe00::1\tip6-allnodes\n' +
    'fe00::2\tip6-allrouters\n' +
    `${podIP}\t${hostname}\n` +
    hostAliasesSection(hostAliases)
  );
}

/** A hostNetwork pod sees the node's own hosts file, marked and with its aliases appended. */
export function hostNetworkHostsFile(nodeHostsFile: string, hostAliases: string[]): string {
  const body = nodeHostsFile === '' || nodeHostsFile.endsWith('\n') ? nodeHostsFile : `${nodeHostsFile}\n`;
  return MANAGED_HOSTS_HEADER_HOST_NETWORK + body + hostAliasesSection(hostAliases);
}

export function resolvConfFile(dns: DnsConfig): string {
  let content = '';
  if (dns.searches.length > 0) content += `search ${dns.searches.join(' ')}\n`;
  for (const nameserver of dns.nameservers) content += `nameserver ${nameserver}\n`;
  if (dns.options.length > 0) content += `options ${dns.options.join(' ')}\n`;
  return content;
}

export function isEmptyDnsConfig(dns: DnsConfig): boolean {
  return dns.nameservers.length === 0 && dns.searches.length === 0 && dns.options.length === 0;
}

export function hostnameFile(hostname: string): string {
  return `${hostname}\n`;
}
