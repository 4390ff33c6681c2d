// flannel's network config as its etcd subnet manager reads it from
// PREFIX/config: net-conf.json's Network and Backend, and the range node
// subnets are leased from, SubnetLen, SubnetMin and SubnetMax, with the
// defaults and checks of flannel's CheckNetworkConfig (SubnetLen 24, or the
// network's prefix + 2 for a network smaller than /22; SubnetMin the second
// subnet, SubnetMax the last).
import { formatIpv4, parseIpv4, parseIpv4Cidr, type Ipv4Cidr } from '../../runtime/ipv4-cidr.ts';
import { parseNetConf, type NetConf } from './net-conf.ts';

export interface SubnetConfig extends NetConf {
  subnetLen: number;
  /** The first and last subnets' network addresses, as numbers. */
  subnetMin: number;
  subnetMax: number;
}

interface RangeFields {
  SubnetLen?: unknown;
  SubnetMin?: unknown;
  SubnetMax?: unknown;
}

function address(value: unknown, field: string, source: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`${source}: ${field}: expected an IPv4 address, got ${JSON.stringify(value)}`);
  return parseIpv4(value);
}

function contains(network: Ipv4Cidr, value: number): boolean {
  return value >= network.network && value < network.network + 2 ** (32 - network.prefixLength);
}

export function parseSubnetConfig(text: string, source: string): SubnetConfig {
  const conf = parseNetConf(text, source);
  const fields = JSON.parse(text) as RangeFields;
  const network = parseIpv4Cidr(conf.network);
  const given = fields.SubnetLen ?? 0;
  if (typeof given !== 'number' || !Number.isInteger(given) || given < 0) {
    throw new Error(`${source}: SubnetLen: expected a prefix length, got ${JSON.stringify(given)}`);
  }
  let subnetLen = given;
  if (subnetLen > 0) {
    if (subnetLen > 30) throw new Error(`${source}: SubnetLen must be less than /31`);
    if (subnetLen < network.prefixLength + 2) throw new Error(`${source}: network must be able to accommodate at least four subnets`);
  } else if (network.prefixLength > 28) {
    throw new Error(`${source}: network is too small. Minimum useful network prefix is /28`);
  } else {
    subnetLen = network.prefixLength <= 22 ? 24 : network.prefixLength + 2;
  }
  const size = 2 ** (32 - subnetLen);
  const subnetMin = address(fields.SubnetMin, 'SubnetMin', source) ?? network.network + size;
  const subnetMax = address(fields.SubnetMax, 'SubnetMax', source) ?? network.network + 2 ** (32 - network.prefixLength) - size;
  if (!contains(network, subnetMin)) throw new Error(`${source}: SubnetMin is not in the range of the Network`);
  if (!contains(network, subnetMax)) throw new Error(`${source}: SubnetMax is not in the range of the Network`);
  if (subnetMin % size !== 0) throw new Error(`${source}: SubnetMin is not on a SubnetLen boundary: ${formatIpv4(subnetMin)}`);
  if (subnetMax % size !== 0) throw new Error(`${source}: SubnetMax is not on a SubnetLen boundary: ${formatIpv4(subnetMax)}`);
  return { ...conf, subnetLen, subnetMin, subnetMax };
}

/** Whether a subnet may be leased under this config (flannel's isSubnetConfigCompat). */
export function subnetFits(config: SubnetConfig, subnet: string): boolean {
  const cidr = parseIpv4Cidr(subnet);
  return cidr.prefixLength === config.subnetLen && cidr.network >= config.subnetMin && cidr.network <= config.subnetMax;
}

function overlaps(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.network < b.network + 2 ** (32 - b.prefixLength) && b.network < a.network + 2 ** (32 - a.prefixLength);
}

/** As flannel's allocateSubnet: the first `limit` subnets of the range that overlap no leased one, in order. */
export function freeSubnets(config: SubnetConfig, leased: readonly string[], limit = 100): string[] {
  const taken = leased.map(parseIpv4Cidr);
  const size = 2 ** (32 - config.subnetLen);
  const free: string[] = [];
  for (let network = config.subnetMin; network <= config.subnetMax && free.length < limit; network += size) {
    const candidate = { network, prefixLength: config.subnetLen };
    if (!taken.some((t) => overlaps(candidate, t))) free.push(`${formatIpv4(network)}/${config.subnetLen}`);
  }
  return free;
}
