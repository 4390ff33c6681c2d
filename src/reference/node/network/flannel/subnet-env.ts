// /run/flannel/subnet.env, which the flannel CNI plugin reads: the network,
// this node's subnet given by its first address (the bridge's), the MTU pods
// get, and whether flannel masquerades. Written whole, then renamed, as
// flannel writes it, so that a reader never sees half a file. The etcd
// subnet manager reads FLANNEL_SUBNET back, to ask for the same subnet again.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatIpv4, parseIpv4Cidr } from '../../runtime/ipv4-cidr.ts';

export interface SubnetEnv {
  network: string;
  /** The node's podCIDR. */
  subnet: string;
  mtu: number;
  ipMasq: boolean;
}

export function subnetEnvText(env: SubnetEnv): string {
  const subnet = parseIpv4Cidr(env.subnet);
  return `FLANNEL_NETWORK=${env.network}\nFLANNEL_SUBNET=${formatIpv4(subnet.network + 1)}/${subnet.prefixLength}\nFLANNEL_MTU=${env.mtu}\nFLANNEL_IPMASQ=${env.ipMasq}\n`;
}

export async function writeSubnetEnv(path: string, env: SubnetEnv): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  await writeFile(temporary, subnetEnvText(env), { mode: 0o644 });
  await rename(temporary, path);
}

/** The subnet of FLANNEL_SUBNET in a subnet.env written before (as flannel's ReadCIDRFromSubnetFile), or undefined. */
export async function readPreviousSubnet(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const value = /^FLANNEL_SUBNET=(.*)$/m.exec(text)?.[1]?.trim();
  if (!value) return undefined;
  try {
    const subnet = parseIpv4Cidr(value);
    return `${formatIpv4(subnet.network)}/${subnet.prefixLength}`;
  } catch {
    return undefined;
  }
}
