// IPv4 address arithmetic over a CIDR block, for the pod network of one node.

export interface Ipv4Cidr {
  /** The network address as an unsigned 32-bit number. */
  network: number;
  prefixLength: number;
}

export function parseIpv4(address: string): number {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) {
    throw new Error(`"${address}" is not an IPv4 address`);
  }
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function parseIpv4Cidr(cidr: string): Ipv4Cidr {
  const [address, prefix] = cidr.split('/');
  const prefixLength = Number(prefix);
  if (address === undefined || !Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 30) {
    throw new Error(`"${cidr}" is not an IPv4 CIDR with a prefix of /30 or shorter`);
  }
  const size = 2 ** (32 - prefixLength);
  return { network: Math.floor(parseIpv4(address) / size) * size, prefixLength };
}

/** Number of addresses in the block, network and broadcast included. */
export function cidrSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefixLength);
}

/** The first usable address: the bridge's address and the pods' gateway. */
export function gatewayAddress(cidr: Ipv4Cidr): string {
  return formatIpv4(cidr.network + 1);
}

export function cidrContains(cidr: Ipv4Cidr, address: string): boolean {
  const value = parseIpv4(address);
  return value >= cidr.network && value < cidr.network + cidrSize(cidr);
}
