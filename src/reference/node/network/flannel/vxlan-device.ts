// flannel.1, the VXLAN device: VNI 1, UDP port 8472, the node's address as
// the local tunnel end on its external interface, no learning (flannel
// writes the neighbour and FDB entries itself), the external MTU less 50.
// An existing device with the same settings is kept, and with it its MAC,
// which the other nodes know from this node's lease; one that differs
// is replaced, as flannel's ensureLink does.
import { execa } from 'execa';

/** Bytes VXLAN adds: outer Ethernet 14, IPv4 20, UDP 8, VXLAN 8. */
export const vxlanOverhead = 50;

export interface VxlanDeviceSpec {
  name: string;
  vni: number;
  port: number;
  localIP: string;
  externalDevice: string;
  mtu: number;
  /** The MAC to create the device with (the one this node published before), if any. */
  mac?: string;
}

interface LinkJson {
  address: string;
  mtu: number;
  linkinfo?: { info_kind?: string; info_data?: { id?: number; local?: string; port?: number; learning?: boolean } };
}

async function ip(args: string[]): Promise<string> {
  return (await execa('ip', args)).stdout;
}

async function existing(name: string): Promise<LinkJson | undefined> {
  const r = await execa('ip', ['-d', '-j', 'link', 'show', 'dev', name], { reject: false });
  return r.exitCode === 0 ? (JSON.parse(r.stdout) as LinkJson[])[0] : undefined;
}

function compatible(link: LinkJson, spec: VxlanDeviceSpec): boolean {
  const d = link.linkinfo?.info_data;
  return link.linkinfo?.info_kind === 'vxlan' && d?.id === spec.vni && d.local === spec.localIP && d.port === spec.port && d.learning === false;
}

/** Makes the device as spec says; returns its MAC, which goes into the lease before the subnet is known. */
export async function ensureVxlanDevice(spec: VxlanDeviceSpec): Promise<string> {
  let link = await existing(spec.name);
  if (link && !compatible(link, spec)) {
    await ip(['link', 'delete', 'dev', spec.name]);
    link = undefined;
  }
  if (!link) {
    await ip([
      'link', 'add', spec.name, ...(spec.mac ? ['address', spec.mac] : []), 'mtu', String(spec.mtu),
      'type', 'vxlan', 'id', String(spec.vni), 'local', spec.localIP, 'dev', spec.externalDevice, 'dstport', String(spec.port), 'nolearning',
    ]);
  } else if (link.mtu !== spec.mtu) {
    await ip(['link', 'set', 'dev', spec.name, 'mtu', String(spec.mtu)]);
  }
  const made = await existing(spec.name);
  if (!made) throw new Error(`${spec.name} vanished right after it was made`);
  return made.address;
}

/**
 * Once the subnet is leased: the subnet's address/32 on the device (flannel: no broadcast route) and no other,
 * as flannel's ensureV4AddressOnLink (a subnet leased anew replaces the last one's), and the device up.
 */
export async function configureVxlanDevice(name: string, address: string): Promise<void> {
  const links = JSON.parse(await ip(['-j', '-4', 'addr', 'show', 'dev', name])) as { addr_info?: { local: string; prefixlen: number }[] }[];
  for (const stale of links[0]?.addr_info ?? []) {
    if (stale.local !== address) await ip(['addr', 'del', `${stale.local}/${stale.prefixlen}`, 'dev', name]);
  }
  await ip(['addr', 'replace', `${address}/32`, 'dev', name]);
  await ip(['link', 'set', 'dev', name, 'up']);
}
