// The pod addresses of one node's podCIDR, as a host-local IPAM plugin hands
// them out: the network address and .1 (the bridge's gateway, as Flannel's cni0)
// are never given, nor the broadcast address; freed addresses are reused last.
import { formatIpv4, parseIpv4, parseIpv4Cidr } from '../controllers/node-ipam.ts';

export class PodIpPool {
  private readonly first: number;
  private readonly last: number;
  private readonly used = new Set<number>();
  private next: number;

  constructor(podCIDR: string) {
    const cidr = parseIpv4Cidr(podCIDR);
    if (!cidr || cidr.prefix > 30) throw new Error(`podCIDR ${JSON.stringify(podCIDR)} is not an IPv4 CIDR of /30 or larger`);
    this.first = cidr.base + 2;
    this.last = cidr.base + 2 ** (32 - cidr.prefix) - 2;
    this.next = this.first;
  }

  /** The next free address, or undefined when the range is used up. */
  allocate(): string | undefined {
    const size = this.last - this.first + 1;
    for (let i = 0; i < size; i++) {
      const candidate = this.first + ((this.next - this.first + i) % size);
      if (this.used.has(candidate)) continue;
      this.used.add(candidate);
      this.next = candidate === this.last ? this.first : candidate + 1;
      return formatIpv4(candidate);
    }
    return undefined;
  }

  release(ip: string): void {
    const n = parseIpv4(ip);
    if (n !== undefined) this.used.delete(n);
  }
}
