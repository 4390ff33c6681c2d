// Services, Endpoints, EndpointSlices, Ingresses, IngressClasses and
// NetworkPolicies, as upstream's printers show them.
import { isIPv6 } from 'node:net';
import type { KubeObject } from '../object.ts';
import { apiType, ageColumn, column, fieldDoc, nameColumn, wide } from './columns.ts';
import { formatLabels, formatLabelSelector, listWithMore, objectName, type LabelSelector } from './cell-format.ts';
import { timeSince } from './human-duration.ts';
import { printer } from './printer.ts';

interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
}

interface Service extends KubeObject {
  spec?: {
    type?: string; clusterIPs?: string[]; externalIPs?: string[]; externalName?: string;
    selector?: Record<string, string>;
    ports?: { port: number; nodePort?: number; protocol?: string }[];
  };
  status?: { loadBalancer?: { ingress?: LoadBalancerIngress[] } };
}

const loadBalancerWidth = 16;

/** The load balancer's addresses, sorted and unique; cut to 16 characters unless wide. */
export function loadBalancerText(ingress: LoadBalancerIngress[] | undefined, wideOutput: boolean): string {
  const set = new Set<string>();
  for (const i of ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  const text = [...set].sort().join(',');
  return !wideOutput && text.length > loadBalancerWidth ? `${text.slice(0, loadBalancerWidth - 3)}...` : text;
}

/** EXTERNAL-IP: "<none>" for cluster IP and node port services without external IPs, "<pending>" for a load balancer not yet provisioned. */
export function serviceExternalIP(svc: Service, wideOutput: boolean): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerText(svc.status?.loadBalancer?.ingress, wideOutput);
      if (externalIPs.length) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** PORT(S): "80/TCP,443:30001/TCP". */
export function servicePorts(svc: Service): string {
  return (svc.spec?.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`)).join(',');
}

const serviceSpec = apiType('core.v1', 'ServiceSpec');

export const servicePrinter = printer<Service>(
  [
    nameColumn(),
    column('Type', 'string', fieldDoc(serviceSpec, 'type')),
    column('Cluster-IP', 'string', fieldDoc(serviceSpec, 'clusterIP')),
    column('External-IP', 'string', fieldDoc(serviceSpec, 'externalIPs')),
    column('Port(s)', 'string', fieldDoc(serviceSpec, 'ports')),
    ageColumn(),
    wide('Selector', 'string', fieldDoc(serviceSpec, 'selector')),
  ],
  // The server prints every column for kubectl to choose from, so cells are the wide ones (upstream: GenerateOptions{Wide: true}).
  (svc, now) => [
    objectName(svc),
    svc.spec?.type ?? '',
    svc.spec?.clusterIPs?.[0] ?? '<none>',
    serviceExternalIP(svc, true),
    servicePorts(svc) || '<none>',
    timeSince(svc.metadata?.creationTimestamp, now),
    formatLabels(svc.spec?.selector),
  ],
);

interface Endpoints extends KubeObject {
  subsets?: { addresses?: { ip: string }[]; ports?: { port: number }[] }[];
}

function hostPort(ip: string, port: number): string {
  return isIPv6(ip) ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** ENDPOINTS: up to three "ip:port", then "+ N more...". */
export function endpointsText(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let total = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    // Headless services may have no ports.
    const ports = ss.ports?.length ? ss.ports : [undefined];
    for (const port of ports) {
      total += addresses.length;
      for (const a of addresses) {
        if (list.length === max) break;
        list.push(port ? hostPort(a.ip, port.port) : a.ip);
      }
    }
  }
  const text = list.join(',');
  return total > max ? `${text} + ${total - max} more...` : text;
}

export const endpointsPrinter = printer<Endpoints>(
  [nameColumn(), column('Endpoints', 'string', fieldDoc(apiType('core.v1', 'Endpoints'), 'subsets')), ageColumn()],
  (ep, now) => [objectName(ep), endpointsText(ep), timeSince(ep.metadata?.creationTimestamp, now)],
);

interface EndpointSlice extends KubeObject {
  addressType?: string;
  ports?: { port?: number; name?: string }[];
  endpoints?: { addresses?: string[] }[];
}

const endpointSlice = apiType('discovery.v1', 'EndpointSlice');

export const endpointSlicePrinter = printer<EndpointSlice>(
  [
    nameColumn(),
    column('AddressType', 'string', fieldDoc(endpointSlice, 'addressType')),
    column('Ports', 'string', fieldDoc(endpointSlice, 'ports')),
    column('Endpoints', 'string', fieldDoc(endpointSlice, 'endpoints')),
    ageColumn(),
  ],
  (es, now) => [
    objectName(es),
    es.addressType ?? '',
    listWithMore((es.ports ?? []).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : p.name ?? '*'))),
    listWithMore((es.endpoints ?? []).flatMap((e) => e.addresses ?? [])),
    timeSince(es.metadata?.creationTimestamp, now),
  ],
);

interface Ingress extends KubeObject {
  spec?: { ingressClassName?: string; rules?: { host?: string }[]; tls?: unknown[] };
  status?: { loadBalancer?: { ingress?: LoadBalancerIngress[] } };
}

function ingressHosts(rules: { host?: string }[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules ?? []) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${(rules ?? []).length - max} more...` : list.join(',');
}

export const ingressPrinter = printer<Ingress>(
  [
    nameColumn(),
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn(),
  ],
  (ing, now) => [
    objectName(ing),
    ing.spec?.ingressClassName ?? '<none>',
    ingressHosts(ing.spec?.rules),
    loadBalancerText(ing.status?.loadBalancer?.ingress, true),
    ing.spec?.tls?.length ? '80, 443' : '80',
    timeSince(ing.metadata?.creationTimestamp, now),
  ],
);

interface IngressClass extends KubeObject {
  spec?: { controller?: string; parameters?: { apiGroup?: string; kind: string; name: string } };
}

export const ingressClassPrinter = printer<IngressClass>(
  [
    nameColumn(),
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn(),
  ],
  (ic, now) => {
    const p = ic.spec?.parameters;
    const parameters = p ? `${p.kind}${p.apiGroup !== undefined ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [objectName(ic), ic.spec?.controller ?? '', parameters, timeSince(ic.metadata?.creationTimestamp, now)];
  },
);

interface NetworkPolicy extends KubeObject {
  spec?: { podSelector?: LabelSelector };
}

export const networkPolicyPrinter = printer<NetworkPolicy>(
  [nameColumn(), column('Pod-Selector', 'string', fieldDoc(apiType('networking.v1', 'NetworkPolicySpec'), 'podSelector')), ageColumn()],
  (np, now) => [objectName(np), formatLabelSelector(np.spec?.podSelector ?? {}), timeSince(np.metadata?.creationTimestamp, now)],
);
