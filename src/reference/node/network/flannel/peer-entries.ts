// What one other node's lease puts into this node's kernel. vxlan, as
// flannel's handleSubnetEvents: a permanent neighbour entry for the peer
// subnet's .0 address (its flannel.1) with the peer's VTEP MAC, an FDB entry
// sending that MAC to the peer's public address, and last the route to the
// peer's subnet via that .0 address, onlink on flannel.1 (so that the kernel
// never has to ARP for it). host-gw: only a route via the peer's address.
import { execa } from 'execa';
import { formatIpv4, parseIpv4Cidr } from '../../runtime/ipv4-cidr.ts';
import type { PeerLease } from './peer-lease.ts';

/** The subnet's network address, which names the peer's flannel.1 in routes and neighbour entries. */
export function subnetAddress(subnet: string): string {
  return formatIpv4(parseIpv4Cidr(subnet).network);
}

/** The `ip`/`bridge` commands that add the peer's entries, in order. */
export function addCommands(lease: PeerLease, device: string, externalDevice: string): string[][] {
  if (lease.backend === 'host-gw') return [['ip', 'route', 'replace', lease.subnet, 'via', lease.publicIP, 'dev', externalDevice]];
  const gateway = subnetAddress(lease.subnet);
  const mac = lease.vtepMAC ?? '';
  return [
    ['ip', 'neigh', 'replace', gateway, 'lladdr', mac, 'dev', device, 'nud', 'permanent'],
    ['bridge', 'fdb', 'replace', mac, 'dev', device, 'dst', lease.publicIP, 'self', 'permanent'],
    ['ip', 'route', 'replace', lease.subnet, 'via', gateway, 'dev', device, 'onlink'],
  ];
}

/** The commands that take them out again, route first. */
export function removeCommands(lease: PeerLease, device: string, externalDevice: string): string[][] {
  if (lease.backend === 'host-gw') return [['ip', 'route', 'del', lease.subnet, 'via', lease.publicIP, 'dev', externalDevice]];
  const gateway = subnetAddress(lease.subnet);
  const mac = lease.vtepMAC ?? '';
  return [
    ['ip', 'route', 'del', lease.subnet, 'via', gateway, 'dev', device, 'onlink'],
    ['ip', 'neigh', 'del', gateway, 'dev', device],
    ['bridge', 'fdb', 'del', mac, 'dev', device, 'dst', lease.publicIP, 'self'],
  ];
}

export async function run(commands: string[][], tolerateMissing: boolean): Promise<void> {
  for (const [command, ...args] of commands) {
    const r = await execa(command!, args, { reject: false });
    if (r.exitCode !== 0 && !tolerateMissing) throw new Error(`${command} ${args.join(' ')}: ${r.stderr.trim()}`);
  }
}
