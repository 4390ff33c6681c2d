// The node's interface on the cluster network, the one holding its address
// (flannel's extIface): VXLAN packets leave by it and the overlay's MTU is
// its MTU less the encapsulation.
import { execa } from 'execa';

export interface ExternalInterface {
  name: string;
  mtu: number;
}

interface AddressJson {
  ifname: string;
  mtu: number;
  addr_info?: { family: string; local: string }[];
}

export async function externalInterface(nodeIP: string): Promise<ExternalInterface> {
  const links = JSON.parse((await execa('ip', ['-j', '-4', 'addr', 'show'])).stdout) as AddressJson[];
  const link = links.find((l) => l.addr_info?.some((a) => a.local === nodeIP));
  if (!link) throw new Error(`no interface of this node has the address ${nodeIP}`);
  return { name: link.ifname, mtu: link.mtu };
}
