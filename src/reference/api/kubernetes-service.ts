// The `kubernetes` Service in the default namespace, as kube-apiserver keeps
// it (pkg/controlplane/controller/kubernetesservice and the endpoint
// reconciler): ClusterIP the first address of the service range, port 443
// (https) to the API server's port, and an Endpoints and an EndpointSlice of
// the same name pointing at the API server's advertised address. Created at
// start, then put back every interval if deleted or changed.
import { networkInterfaces } from 'node:os';
import type { KubeObject } from './object.ts';
import type { Registry, WriteContext } from './registry.ts';
import { resourceTypes, type ResourceType } from './resources.ts';
import { intToIpv4, parseIpv4Cidr } from './service-allocation/ipv4-range.ts';
import { ApiError } from './status.ts';

const name = 'kubernetes';
const namespace = 'default';
const writer: WriteContext = { fieldManager: 'kube-apiserver', dryRun: false };

function typeOf(group: string, plural: string): ResourceType {
  return resourceTypes.find((t) => t.group === group && t.plural === plural)!;
}

export interface KubernetesServiceOptions {
  /** The API server's port: the Service's targetPort and the endpoints' port. */
  port: number;
  /** The address the API server listens on; a specific non-loopback one is advertised as is. */
  host: string;
  /** Default 10.96.0.0/12. */
  serviceCIDR?: string;
  /** How often the objects are checked (upstream EndpointInterval, 10 s). */
  intervalMs?: number;
  log(message: string): void;
}

export interface RunningKubernetesService {
  stop(): Promise<void>;
}

/**
 * The address endpoints may carry (never loopback nor link-local): the host
 * when it is such an address, else the first such address of a network
 * interface (upstream ChooseHostInterface); undefined when there is none.
 */
export function advertisedAddress(host: string): string | undefined {
  const usable = (ip: string) => !ip.startsWith('127.') && !ip.startsWith('169.254.') && ip !== '0.0.0.0';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) && usable(host)) return host;
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal && usable(a.address)) return a.address;
  }
  return undefined;
}

function servicePorts(port: number): KubeObject[] {
  return [{ name: 'https', protocol: 'TCP', port: 443, targetPort: port }];
}

function desiredService(clusterIP: string, port: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP, ports: servicePorts(port), sessionAffinity: 'None' },
  };
}

function desiredEndpoints(address: string, port: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    // The API server keeps the slice itself: the mirroring controller leaves this one alone.
    metadata: { name, namespace, labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: address }], ports: [{ name: 'https', port, protocol: 'TCP' }] }],
  };
}

function desiredSlice(address: string, port: number): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace, labels: { 'kubernetes.io/service-name': name } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [address], conditions: { ready: true } }],
    ports: [{ name: 'https', port, protocol: 'TCP' }],
  };
}

/** Creates the object, or rewrites the fields the API server owns when they differ. */
async function ensure(registry: Registry, t: ResourceType, desired: KubeObject, owned: string[]): Promise<void> {
  const current = await registry.tryGet(t, namespace, name);
  if (!current) {
    try {
      await registry.create(t, namespace, desired, writer);
    } catch (err) {
      if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
    }
    return;
  }
  const differs = (obj: KubeObject) => owned.some((path) => JSON.stringify(pick(obj, path)) !== JSON.stringify(pick(desired, path)));
  if (!differs(current.obj)) return;
  await registry.write(t, namespace, name, (obj) => {
    const next = structuredClone(obj!);
    for (const path of owned) place(next, path, structuredClone(pick(desired, path)));
    return next;
  }, writer);
}

function pick(obj: KubeObject, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

function place(obj: KubeObject, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys[keys.length - 1]!] = value;
}

export async function startKubernetesService(registry: Registry, o: KubernetesServiceOptions): Promise<RunningKubernetesService> {
  const clusterIP = intToIpv4(parseIpv4Cidr(o.serviceCIDR ?? '10.96.0.0/12').first);
  const address = advertisedAddress(o.host);
  if (!address) o.log('kubernetes service: no non-loopback address to advertise; its Endpoints and EndpointSlice are not written');
  const reconcile = async (): Promise<void> => {
    await ensure(registry, typeOf('', 'services'), desiredService(clusterIP, o.port), ['metadata.labels', 'spec.ports']);
    if (!address) return;
    await ensure(registry, typeOf('', 'endpoints'), desiredEndpoints(address, o.port), ['metadata.labels', 'subsets']);
    await ensure(registry, typeOf('discovery.k8s.io', 'endpointslices'), desiredSlice(address, o.port), ['metadata.labels', 'addressType', 'endpoints', 'ports']);
  };
  await reconcile();
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = reconcile().catch((err: Error) => o.log(`kubernetes service: ${err.message}`));
  }, o.intervalMs ?? 10_000);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
