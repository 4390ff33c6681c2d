// The records of the cluster zone, made from Services, EndpointSlices and Pods
// as the Kubernetes DNS specification (kubernetes/dns docs/specification.md,
// schema 1.1.0) lays them out and CoreDNS's kubernetes plugin serves them:
// - SVC.NS.svc.ZONE: A/AAAA of the cluster IPs, or for a headless Service the
//   ready endpoint addresses; CNAME to spec.externalName for an ExternalName Service;
// - HOSTNAME.SVC.NS.svc.ZONE for each endpoint of a headless Service (its hostname,
//   as a StatefulSet pod's spec.hostname and spec.subdomain give it, else its
//   address with dashes, as CoreDNS names it);
// - _PORT._PROTO.SVC.NS.svc.ZONE SRV for each named port;
// - PTR for cluster IPs, headless endpoint addresses and pod addresses;
// - A-B-C-D.NS.pod.ZONE: with CoreDNS's "pods insecure" (kubeadm's, kind's and
//   k3s's Corefile, the default here) an A record of the address the name spells,
//   whatever the namespace; with "pods verified" only for a pod of that address
//   in that namespace;
// - dns-version.ZONE TXT and the zone's SOA and NS.
import { isIPv4, isIPv6 } from 'node:net';
import type { KubeObject } from '../api/object.ts';
import { classIN, ipv6Bytes, rcodes, recordTypes, type Question, type RecordData, type ResourceRecord } from './dns-message.ts';

export interface ServiceObject extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalName?: string;
    publishNotReadyAddresses?: boolean;
    ports?: { name?: string; port: number; protocol?: string }[];
  };
}

export interface EndpointSliceObject extends KubeObject {
  addressType?: string;
  endpoints?: { addresses: string[]; hostname?: string; conditions?: { ready?: boolean } }[];
  ports?: { name?: string; port?: number; protocol?: string }[];
}

export interface PodObject extends KubeObject {
  spec?: { hostNetwork?: boolean };
  status?: { podIP?: string; podIPs?: { ip: string }[] };
}

export interface ClusterState {
  services: ServiceObject[];
  endpointSlices: EndpointSliceObject[];
  pods: PodObject[];
}

export interface ClusterZoneOptions {
  /** The cluster domain (default cluster.local). */
  zone?: string;
  /** Seconds (default 5, the kubernetes plugin's). */
  ttl?: number;
  /** The SOA serial (default: the time the records were made, in seconds, as CoreDNS does). */
  serial?: number;
  /** The kubernetes plugin's `pods` mode for A-B-C-D.NS.pod.ZONE names (default insecure, as kubeadm and k3s configure CoreDNS). */
  pods?: PodsMode;
}

export type PodsMode = 'insecure' | 'verified';
export const podsModes: readonly PodsMode[] = ['insecure', 'verified'];

/** The answer to one question from the cluster's records, or `forward` for a name outside them. */
export type ZoneAnswer =
  | { forward: false; rcode: number; answers: ResourceRecord[]; authority: ResourceRecord[] }
  | { forward: true };

export const specificationVersion = '1.1.0';
const serviceNameLabel = 'kubernetes.io/service-name';

export function reverseName(address: string): string | undefined {
  if (isIPv4(address)) return `${address.split('.').reverse().join('.')}.in-addr.arpa`;
  if (isIPv6(address)) return `${[...ipv6Bytes(address).toString('hex')].reverse().join('.')}.ip6.arpa`;
  return undefined;
}

function dashed(address: string): string {
  return address.replace(/[.:]/g, '-');
}

function addressType(address: string): number {
  return isIPv6(address) ? recordTypes.AAAA : recordTypes.A;
}

export class ClusterRecords {
  readonly zone: string;
  readonly ttl: number;
  private readonly pods: PodsMode;
  private readonly byName = new Map<string, ResourceRecord[]>();
  /** Names that own no record but are parents of names that do (empty non-terminals: NODATA, not NXDOMAIN). */
  private readonly parents = new Set<string>();
  private readonly soa: ResourceRecord;

  constructor(state: ClusterState, options: ClusterZoneOptions = {}) {
    this.zone = (options.zone ?? 'cluster.local').toLowerCase().replace(/\.$/, '');
    this.ttl = options.ttl ?? 5;
    this.pods = options.pods ?? 'insecure';
    const z = this.zone;
    this.soa = this.record(z, recordTypes.SOA, {
      kind: 'soa',
      mname: `ns.dns.${z}`,
      rname: `hostmaster.${z}`,
      serial: options.serial ?? Math.floor(Date.now() / 1000),
      refresh: 7200,
      retry: 1800,
      expire: 86400,
      minimum: this.ttl,
    });
    this.add(this.soa);
    this.add(this.record(z, recordTypes.NS, { kind: 'name', target: `ns.dns.${z}` }));
    this.add(this.record(`dns-version.${z}`, recordTypes.TXT, { kind: 'txt', texts: [specificationVersion] }));

    const slicesByService = new Map<string, EndpointSliceObject[]>();
    for (const slice of state.endpointSlices) {
      const service = slice.metadata?.labels?.[serviceNameLabel];
      if (!service) continue;
      const key = `${slice.metadata?.namespace}/${service}`;
      slicesByService.set(key, [...(slicesByService.get(key) ?? []), slice]);
    }
    for (const service of state.services) this.addService(service, slicesByService.get(`${service.metadata?.namespace}/${service.metadata?.name}`) ?? []);
    for (const pod of state.pods) this.addPod(pod);
  }

  private record(name: string, type: number, data: RecordData): ResourceRecord {
    return { name, type, class: classIN, ttl: this.ttl, data };
  }

  private add(rr: ResourceRecord): void {
    const name = rr.name.toLowerCase();
    const list = this.byName.get(name) ?? [];
    if (list.some((r) => r.type === rr.type && JSON.stringify(r.data) === JSON.stringify(rr.data))) return;
    list.push(rr);
    this.byName.set(name, list);
    const labels = name.split('.');
    for (let i = 1; i < labels.length; i++) this.parents.add(labels.slice(i).join('.'));
  }

  private addAddress(name: string, address: string): void {
    this.add(this.record(name, addressType(address), { kind: 'address', address }));
  }

  private addPointer(address: string, target: string): void {
    const reverse = reverseName(address);
    // One PTR per address: a Service's or endpoint's name wins over the pod name, added later.
    if (reverse && !this.byName.has(reverse)) this.add(this.record(reverse, recordTypes.PTR, { kind: 'name', target }));
  }

  private addService(service: ServiceObject, slices: EndpointSliceObject[]): void {
    const m = service.metadata ?? {};
    const spec = service.spec ?? {};
    const base = `${m.name}.${m.namespace}.svc.${this.zone}`.toLowerCase();
    if (spec.type === 'ExternalName') {
      if (spec.externalName) this.add(this.record(base, recordTypes.CNAME, { kind: 'name', target: spec.externalName.replace(/\.$/, '') }));
      return;
    }
    const clusterIPs = (spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).filter((ip) => ip && ip !== 'None');
    if (clusterIPs.length) {
      for (const ip of clusterIPs) {
        this.addAddress(base, ip);
        this.addPointer(ip, base);
      }
      for (const port of spec.ports ?? []) {
        if (!port.name) continue;
        this.add(this.record(`_${port.name}._${(port.protocol ?? 'TCP').toLowerCase()}.${base}`, recordTypes.SRV, { kind: 'srv', priority: 0, weight: 100, port: port.port, target: base }));
      }
      return;
    }
    if (spec.clusterIP !== 'None') return;
    // Headless: every ready endpoint (all of them with publishNotReadyAddresses), by address and by hostname.
    const targets: { port: { name: string; port: number; protocol: string }; host: string }[] = [];
    for (const slice of slices) {
      const hosts: string[] = [];
      for (const endpoint of slice.endpoints ?? []) {
        if (endpoint.conditions?.ready === false && !spec.publishNotReadyAddresses) continue;
        for (const address of endpoint.addresses) {
          const host = `${(endpoint.hostname ?? dashed(address)).toLowerCase()}.${base}`;
          this.addAddress(base, address);
          this.addAddress(host, address);
          this.addPointer(address, host);
          hosts.push(host);
        }
      }
      for (const port of slice.ports ?? []) {
        if (!port.name || port.port === undefined) continue;
        for (const host of hosts) targets.push({ port: { name: port.name, port: port.port, protocol: (port.protocol ?? 'TCP').toLowerCase() }, host });
      }
    }
    const perPort = new Map<string, number>();
    for (const t of targets) perPort.set(`${t.port.name}/${t.port.protocol}`, (perPort.get(`${t.port.name}/${t.port.protocol}`) ?? 0) + 1);
    for (const t of targets) {
      // As CoreDNS: the weights of one name's targets share 100.
      const weight = Math.max(1, Math.floor(100 / (perPort.get(`${t.port.name}/${t.port.protocol}`) ?? 1)));
      this.add(this.record(`_${t.port.name}._${t.port.protocol}.${base}`, recordTypes.SRV, { kind: 'srv', priority: 0, weight, port: t.port.port, target: t.host }));
    }
  }

  private addPod(pod: PodObject): void {
    if (pod.spec?.hostNetwork) return;
    const ips = pod.status?.podIPs?.map((p) => p.ip) ?? (pod.status?.podIP ? [pod.status.podIP] : []);
    for (const ip of ips) {
      const name = `${dashed(ip)}.${pod.metadata?.namespace}.pod.${this.zone}`.toLowerCase();
      this.addAddress(name, ip);
      this.addPointer(ip, name);
    }
  }

  /** In insecure mode, the A record a pod name spells (A-B-C-D.NS.pod.ZONE), unchecked, as CoreDNS gives it. */
  private insecurePodRecords(name: string): ResourceRecord[] | undefined {
    if (this.pods !== 'insecure' || !name.endsWith(`.pod.${this.zone}`)) return undefined;
    const labels = name.slice(0, -`.pod.${this.zone}`.length).split('.');
    if (labels.length !== 2) return undefined;
    const address = labels[0]!.replaceAll('-', '.');
    return isIPv4(address) ? [this.record(name, recordTypes.A, { kind: 'address', address })] : undefined;
  }

  /** Whether name is one this server answers from its records rather than forwarding. */
  private owns(name: string): boolean {
    if (name === this.zone || name.endsWith(`.${this.zone}`)) return true;
    // Reverse names of cluster addresses only: any other goes upstream, as "fallthrough in-addr.arpa ip6.arpa".
    return this.byName.has(name);
  }

  answer(question: Question): ZoneAnswer {
    const name = question.name.toLowerCase().replace(/\.$/, '');
    if (!this.owns(name) || question.class !== classIN) return { forward: true };
    const records = this.byName.get(name) ?? this.insecurePodRecords(name);
    if (!records) {
      const rcode = this.parents.has(name) ? rcodes.NOERROR : rcodes.NXDOMAIN;
      return { forward: false, rcode, answers: [], authority: [this.soa] };
    }
    const cname = records.find((r) => r.type === recordTypes.CNAME);
    const answers = cname && question.type !== recordTypes.CNAME
      ? [cname]
      : records.filter((r) => question.type === recordTypes.ANY || r.type === question.type);
    const named = answers.map((r) => ({ ...r, name: question.name.replace(/\.$/, '') }));
    return { forward: false, rcode: rcodes.NOERROR, answers: named, authority: named.length ? [] : [this.soa] };
  }
}
