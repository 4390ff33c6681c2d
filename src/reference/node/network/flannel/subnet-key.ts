// The key of a lease under PREFIX/subnets/ in flannel's etcd layout: the
// subnet with a dash for the slash, 10.244.3.0-24 (flannel's MakeSubnetKey;
// a dual-stack lease appends &IPV6-LEN, whose IPv4 part is read here).
import { formatIpv4, parseIpv4Cidr } from '../../runtime/ipv4-cidr.ts';

const subnetKeyPattern = /(\d+\.\d+\.\d+\.\d+)-(\d+)(?:&([a-f\d:]+)-(\d+))?$/;

export function subnetKey(subnet: string): string {
  return subnet.replace('/', '-');
}

/** The subnet a key (or a key's last segment) names, as a CIDR; undefined when it names none. */
export function parseSubnetKey(key: string): string | undefined {
  const match = subnetKeyPattern.exec(key);
  if (!match) return undefined;
  try {
    const cidr = parseIpv4Cidr(`${match[1]}/${match[2]}`);
    return `${formatIpv4(cidr.network)}/${cidr.prefixLength}`;
  } catch {
    return undefined;
  }
}
