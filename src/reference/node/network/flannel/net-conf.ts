// flannel's network configuration, net-conf.json: the ConfigMap
// kube-system/kube-flannel-cfg carries it and every node reads it from a file
// (flannel's DaemonSet mounts the ConfigMap at /etc/kube-flannel/net-conf.json;
// the container cluster writes the same text into each node's /etc/kdrill).
// Only what the kube subnet manager and the two backends here use is read.
import { parseIpv4Cidr } from '../../runtime/ipv4-cidr.ts';

export type FlannelBackend = 'vxlan' | 'host-gw';

export interface NetConf {
  /** The cluster's pod network, e.g. 10.244.0.0/16. */
  network: string;
  backend: FlannelBackend;
}

export const flannelConfigMap = { namespace: 'kube-system', name: 'kube-flannel-cfg', key: 'net-conf.json' };

/** net-conf.json as flannel's manifest writes it. */
export function netConfJson(conf: NetConf): string {
  return JSON.stringify({ Network: conf.network, Backend: { Type: conf.backend } }, null, 2) + '\n';
}

export function parseNetConf(text: string, source: string): NetConf {
  let json: { Network?: unknown; Backend?: { Type?: unknown } };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (err) {
    throw new Error(`${source}: not JSON: ${(err as Error).message}`);
  }
  const network = json.Network;
  if (typeof network !== 'string') throw new Error(`${source}: Network: expected a CIDR such as 10.244.0.0/16`);
  parseIpv4Cidr(network);
  // flannel's default backend is udp; kdrill has vxlan and host-gw, so the type must be one of them.
  const type = json.Backend?.Type;
  if (type !== 'vxlan' && type !== 'host-gw') throw new Error(`${source}: Backend.Type: expected "vxlan" or "host-gw", got ${JSON.stringify(type)}`);
  return { network, backend: type };
}
