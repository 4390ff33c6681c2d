// Which UDP conntrack entries a sync makes wrong (proxier.go
// deleteUDPEndpointConnections and the stale-service check): a flow keeps
// going to the endpoint its first packet was DNATed to, so entries towards a
// removed endpoint, and entries of a Service that had no endpoint (rejected
// flows) once it has one, must be forgotten. Each result is a `conntrack -D`
// argument list.
import { categorizeEndpoints } from './endpoint-categories.ts';
import type { ProxyServicePort } from './service-port.ts';

/** Service port name → the ip:port endpoints its rules DNAT to, for UDP ports. */
export type UdpTargets = Map<string, { port: ProxyServicePort; endpoints: Set<string> }>;

export function udpTargets(ports: ProxyServicePort[]): UdpTargets {
  const targets: UdpTargets = new Map();
  for (const port of ports) {
    if (port.protocol !== 'UDP') continue;
    const reachable = categorizeEndpoints(port).allReachableEndpoints;
    targets.set(port.name, { port, endpoints: new Set(reachable.map((ep) => `${ep.ip}:${ep.port}`)) });
  }
  return targets;
}

export function staleUdpConntrack(before: UdpTargets, after: UdpTargets): string[][] {
  const deletions: string[][] = [];
  for (const [name, previous] of before) {
    const current = after.get(name);
    for (const endpoint of previous.endpoints) {
      if (current?.endpoints.has(endpoint)) continue;
      const ip = endpoint.slice(0, endpoint.lastIndexOf(':'));
      deletions.push(['-p', 'udp', '--orig-dst', previous.port.clusterIP, '--dst-nat', ip]);
      for (const externalIP of previous.port.externalIPs) deletions.push(['-p', 'udp', '--orig-dst', externalIP, '--dst-nat', ip]);
      if (previous.port.nodePort > 0) deletions.push(['-p', 'udp', '--dport', String(previous.port.nodePort), '--dst-nat', ip]);
    }
  }
  for (const [name, current] of after) {
    if (current.endpoints.size === 0 || (before.get(name)?.endpoints.size ?? 0) > 0) continue;
    deletions.push(['-p', 'udp', '--orig-dst', current.port.clusterIP]);
    if (current.port.nodePort > 0) deletions.push(['-p', 'udp', '--dport', String(current.port.nodePort)]);
  }
  return deletions;
}
