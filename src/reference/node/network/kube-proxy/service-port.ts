// What kube-proxy knows of one Service port and its endpoints
// (pkg/proxy/serviceport.go, endpoint.go), built from the Service and its
// EndpointSlices (endpointslicecache.go): the Service's ports that have a
// cluster IP, each with the slice endpoints whose port has the same name.
// Endpoints are IPv4 only; a slice condition left unset reads as upstream's:
// ready true, serving as ready, terminating false.
import { servicePortNameString } from './chain-names.ts';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ProxyEndpoint {
  ip: string;
  port: number;
  /** On this node (the slice endpoint's nodeName is the node's). */
  local: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export interface ProxyServicePort {
  /** "ns/name:port" (proxy.ServicePortName). */
  name: string;
  protocol: Protocol;
  clusterIP: string;
  port: number;
  /** 0 when the Service has none. */
  nodePort: number;
  externalIPs: string[];
  /** spec.sessionAffinityConfig.clientIP.timeoutSeconds when sessionAffinity is ClientIP. */
  stickySeconds: number | undefined;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  /** Deduplicated by ip:port across the Service's slices. */
  endpoints: ProxyEndpoint[];
}

export interface ServiceObject {
  metadata?: { namespace?: string; name?: string };
  spec?: {
    type?: string;
    clusterIP?: string;
    externalIPs?: string[];
    ports?: { name?: string; protocol?: string; port?: number; nodePort?: number }[];
    sessionAffinity?: string;
    sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
    externalTrafficPolicy?: string;
    internalTrafficPolicy?: string;
  };
}

export interface EndpointSliceObject {
  metadata?: { namespace?: string; name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  addressType?: string;
  ports?: { name?: string; port?: number; protocol?: string }[] | null;
  endpoints?: {
    addresses?: string[];
    nodeName?: string;
    conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  }[] | null;
}

export const serviceNameLabel = 'kubernetes.io/service-name';
/** Upstream's default ClientIP affinity timeout (3 hours). */
const defaultStickySeconds = 10800;

function sliceEndpoints(slices: EndpointSliceObject[], portName: string, protocol: Protocol, nodeName: string): ProxyEndpoint[] {
  const seen = new Map<string, ProxyEndpoint>();
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    const port = (slice.ports ?? []).find((p) => (p.name ?? '') === portName && (p.protocol ?? 'TCP') === protocol);
    if (port?.port === undefined) continue;
    for (const endpoint of slice.endpoints ?? []) {
      const ip = endpoint.addresses?.[0];
      if (ip === undefined || seen.has(`${ip}:${port.port}`)) continue;
      const ready = endpoint.conditions?.ready ?? true;
      seen.set(`${ip}:${port.port}`, {
        ip,
        port: port.port,
        local: endpoint.nodeName === nodeName,
        ready,
        serving: endpoint.conditions?.serving ?? ready,
        terminating: endpoint.conditions?.terminating ?? false,
      });
    }
  }
  return [...seen.values()];
}

/** The proxied ports of every Service with a cluster IP (headless and ExternalName Services are not proxied). */
export function servicePorts(services: ServiceObject[], slices: EndpointSliceObject[], nodeName: string): ProxyServicePort[] {
  const slicesByService = new Map<string, EndpointSliceObject[]>();
  for (const slice of slices) {
    const service = slice.metadata?.labels?.[serviceNameLabel];
    if (service === undefined) continue;
    const key = `${slice.metadata?.namespace}/${service}`;
    slicesByService.set(key, [...(slicesByService.get(key) ?? []), slice]);
  }
  const result: ProxyServicePort[] = [];
  for (const service of services) {
    const spec = service.spec ?? {};
    const clusterIP = spec.clusterIP ?? '';
    if (spec.type === 'ExternalName' || clusterIP === '' || clusterIP === 'None') continue;
    const namespace = service.metadata?.namespace ?? '';
    const name = service.metadata?.name ?? '';
    const serviceSlices = slicesByService.get(`${namespace}/${name}`) ?? [];
    for (const port of spec.ports ?? []) {
      const protocol = (port.protocol ?? 'TCP') as Protocol;
      const portName = port.name ?? '';
      result.push({
        name: servicePortNameString(namespace, name, portName),
        protocol,
        clusterIP,
        port: port.port ?? 0,
        nodePort: spec.type === 'NodePort' || spec.type === 'LoadBalancer' ? (port.nodePort ?? 0) : 0,
        externalIPs: spec.externalIPs ?? [],
        stickySeconds: spec.sessionAffinity === 'ClientIP' ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? defaultStickySeconds) : undefined,
        externalPolicyLocal: spec.externalTrafficPolicy === 'Local',
        internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
        endpoints: sliceEndpoints(serviceSlices, portName, protocol, nodeName),
      });
    }
  }
  return result;
}
