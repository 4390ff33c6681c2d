// An IPv4 service CIDR as kube-apiserver's IP allocator sees it: every address
// but the network and broadcast ones, split into a lower band kept for
// addresses users ask for and an upper band dynamic allocation uses first
// (KEP-3070), so that well-known addresses such as the DNS one stay free.

export interface Ipv4Range {
  cidr: string;
  /** The first and last allocatable address, as integers. */
  first: number;
  last: number;
  /** Allocatable addresses below this one form the lower (static) band. */
  upperBandStart: number;
}

export function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Upstream calculateRangeOffset: min(max(16, size/16), 256), none for ranges under 16. */
function staticBandSize(size: number): number {
  if (size < 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 16)), 256);
}

export function parseIpv4Cidr(cidr: string): Ipv4Range {
  const [address, bitsText] = cidr.split('/');
  const base = ipv4ToInt(address ?? '');
  const bits = Number(bitsText);
  if (base === undefined || !Number.isInteger(bits) || bits < 1 || bits > 30) throw new Error(`invalid service CIDR ${JSON.stringify(cidr)}: expected an IPv4 CIDR with a prefix of /1 to /30, such as 10.96.0.0/12`);
  const size = 2 ** (32 - bits);
  const network = base - (base % size);
  const first = network + 1;
  const last = network + size - 2;
  return { cidr: `${intToIpv4(network)}/${bits}`, first, last, upperBandStart: first + staticBandSize(last - first + 1) };
}

export function contains(range: Ipv4Range, n: number): boolean {
  return n >= range.first && n <= range.last;
}
