// Which endpoints a Service port's traffic may go to (pkg/proxy/topology.go
// CategorizeEndpoints, without topology hints): cluster-wide, the ready
// endpoints, or when none is ready the serving terminating ones; for a Local
// traffic policy the same choice among this node's endpoints alone.
import type { ProxyEndpoint, ProxyServicePort } from './service-port.ts';

export interface EndpointCategories {
  clusterEndpoints: ProxyEndpoint[];
  localEndpoints: ProxyEndpoint[];
  /** Every endpoint some rule of this node sends traffic to: each gets a KUBE-SEP- chain. */
  allReachableEndpoints: ProxyEndpoint[];
  /** Some endpoint anywhere in the cluster is usable (REJECT when not, DROP when only none of them is local). */
  hasAnyEndpoints: boolean;
}

export function externallyAccessible(port: ProxyServicePort): boolean {
  return port.nodePort > 0 || port.externalIPs.length > 0;
}

export function usesClusterEndpoints(port: ProxyServicePort): boolean {
  return !port.internalPolicyLocal || (externallyAccessible(port) && !port.externalPolicyLocal);
}

export function usesLocalEndpoints(port: ProxyServicePort): boolean {
  return port.internalPolicyLocal || (externallyAccessible(port) && port.externalPolicyLocal);
}

const servingTerminating = (ep: ProxyEndpoint) => ep.serving && ep.terminating;

export function categorizeEndpoints(port: ProxyServicePort): EndpointCategories {
  const endpoints = port.endpoints;
  let clusterEndpoints: ProxyEndpoint[] = [];
  let hasAnyEndpoints = false;
  if (usesClusterEndpoints(port)) {
    clusterEndpoints = endpoints.filter((ep) => ep.ready);
    if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter(servingTerminating);
    hasAnyEndpoints = clusterEndpoints.length > 0;
  }
  if (!usesLocalEndpoints(port)) return { clusterEndpoints, localEndpoints: [], allReachableEndpoints: clusterEndpoints, hasAnyEndpoints };
  hasAnyEndpoints ||= endpoints.some((ep) => ep.ready || servingTerminating(ep));
  let localEndpoints = endpoints.filter((ep) => ep.local && ep.ready);
  if (localEndpoints.length === 0) localEndpoints = endpoints.filter((ep) => ep.local && servingTerminating(ep));
  if (!usesClusterEndpoints(port)) return { clusterEndpoints, localEndpoints, allReachableEndpoints: localEndpoints, hasAnyEndpoints };
  const allReachableEndpoints = [...clusterEndpoints, ...localEndpoints.filter((ep) => !clusterEndpoints.includes(ep))];
  return { clusterEndpoints, localEndpoints, allReachableEndpoints, hasAnyEndpoints };
}
