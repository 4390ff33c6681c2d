// A pod's network on the node, as the bridge CNI plugin builds it: a network
// namespace, a veth pair with eth0 inside and the other end on the node's
// bridge (cni0), the pod's address, lo up, and a default route via the
// bridge's address. Pods on one node reach each other over the bridge.
import { writeFile } from 'node:fs/promises';
import { execa } from 'execa';

export interface PodNetwork {
  /** Name of the network namespace (ip netns). */
  netns: string;
  /** The node-side end of the veth pair. */
  hostVeth: string;
  address: string;
  prefixLength: number;
  gateway: string;
  bridge: string;
  mtu: number;
}

export const NETNS_DIRECTORY = '/var/run/netns';

async function ip(args: string[]): Promise<string> {
  return (await execa('ip', args)).stdout;
}

/** Creates the bridge with the gateway address when missing, brings it up and lets the node route for pods. */
export async function ensureBridge(bridge: string, gatewayCidr: string, mtu: number): Promise<void> {
  const exists = await execa('ip', ['link', 'show', 'dev', bridge], { reject: false });
  if (exists.exitCode !== 0) await ip(['link', 'add', 'name', bridge, 'mtu', String(mtu), 'type', 'bridge']);
  await ip(['addr', 'replace', gatewayCidr, 'dev', bridge]);
  await ip(['link', 'set', 'dev', bridge, 'up']);
  await writeFile('/proc/sys/net/ipv4/ip_forward', '1');
}

export async function createPodNetwork(network: PodNetwork): Promise<void> {
  const mtu = String(network.mtu);
  await ip(['netns', 'add', network.netns]);
  await ip(['link', 'add', network.hostVeth, 'mtu', mtu, 'type', 'veth', 'peer', 'name', 'eth0', 'mtu', mtu, 'netns', network.netns]);
  await ip(['link', 'set', 'dev', network.hostVeth, 'master', network.bridge, 'up']);
  // The bridge plugin's hairpinMode (flannel's CNI config sets it): with bridge netfilter a pod's packet to its own
  // Service is DNATed back to it while bridged, and must be allowed out of the port it came in by.
  await ip(['link', 'set', 'dev', network.hostVeth, 'type', 'bridge_slave', 'hairpin', 'on']);
  const inPod = (args: string[]): Promise<string> => ip(['-n', network.netns, ...args]);
  await inPod(['link', 'set', 'dev', 'lo', 'up']);
  await inPod(['addr', 'add', `${network.address}/${network.prefixLength}`, 'dev', 'eth0']);
  await inPod(['link', 'set', 'dev', 'eth0', 'up']);
  await inPod(['route', 'add', 'default', 'via', network.gateway, 'dev', 'eth0']);
}

/** Removes the namespace (and with it eth0 and its peer) and the node-side veth if it outlived it; absent parts are fine. */
export async function removePodNetwork(netns: string, hostVeth: string | undefined): Promise<void> {
  await execa('ip', ['netns', 'delete', netns], { reject: false });
  if (hostVeth !== undefined) await removeLink(hostVeth);
}

export async function removeLink(name: string): Promise<void> {
  await execa('ip', ['link', 'delete', 'dev', name], { reject: false });
}

/** Names of the network namespaces whose name starts with prefix. */
export async function networkNamespaces(prefix: string): Promise<string[]> {
  const lines = (await ip(['netns', 'list'])).split('\n');
  return lines.map((line) => line.split(' ')[0] ?? '').filter((name) => name.startsWith(prefix));
}

/** Names of the veth devices of the node whose name starts with prefix. */
export async function vethDevices(prefix: string): Promise<string[]> {
  const lines = (await ip(['-o', 'link', 'show', 'type', 'veth'])).split('\n');
  return lines.map((line) => /^\d+: ([^@:]+)/.exec(line)?.[1] ?? '').filter((name) => name.startsWith(prefix));
}
