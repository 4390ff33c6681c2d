// Cluster IP and node port allocation, done by kube-apiserver's Service REST
// storage on create and undone on delete. Every allocated IP and node port has
// a lock key in the store, created with store.create so that of two concurrent
// creates asking for the same one, exactly one wins, and that survives
// restarts. Services stored before their lock keys existed are adopted once
// per store, on first use.
import { KeyExistsError, KeyNotFoundError, ConflictError, type Store } from '../../store/store.ts';
import type { KubeObject } from '../object.ts';
import { resourceTypes } from '../resources.ts';
import { prefixOf } from '../storage-keys.ts';
import { ApiError, internalError } from '../status.ts';
import { invalidMessage } from '../validation/invalid-message.ts';
import { invalid, type StatusCause } from '../validation/status-cause.ts';
import { contains, intToIpv4, ipv4ToInt, parseIpv4Cidr, type Ipv4Range } from './ipv4-range.ts';

export interface ServiceAllocator {
  /** Fill in spec.clusterIP(s), spec.ipFamilies, node ports and healthCheckNodePort; 422 when a requested one is taken or out of range. */
  allocate(service: KubeObject, store: Store): Promise<void>;
  /** Give back what the service holds (call it on delete, and when a create fails after allocate). */
  release(service: KubeObject, store: Store): Promise<void>;
}

export interface NodePortRange {
  first: number;
  last: number;
}

export interface ServiceAllocatorOptions {
  /** Default 10.96.0.0/12. */
  serviceCIDR?: string;
  /** Default 30000-32767. */
  nodePortRange?: NodePortRange;
  /** [0, 1); tests may fix it. */
  random?: () => number;
}

export const ipLockPrefix = '/registry/kdrill/ipallocations/';
export const nodePortLockPrefix = '/registry/kdrill/nodeportallocations/';
const serviceType = resourceTypes.find((t) => t.group === '' && t.plural === 'services')!;
const servicesPrefix = prefixOf(serviceType);

type Spec = Record<string, unknown>;
type ServicePort = Record<string, unknown>;

interface LockOwner {
  namespace: string;
  name: string;
  uid?: string;
}

function specOf(service: KubeObject): Spec {
  if (typeof service.spec !== 'object' || service.spec === null) service.spec = {};
  return service.spec as Spec;
}

function portsOf(spec: Spec): ServicePort[] {
  return Array.isArray(spec.ports) ? (spec.ports as ServicePort[]) : [];
}

function ownerOf(service: KubeObject): LockOwner {
  const m = service.metadata ?? {};
  return { namespace: m.namespace ?? '', name: m.name ?? '', ...(m.uid ? { uid: m.uid } : {}) };
}

function sameOwner(a: LockOwner, b: LockOwner): boolean {
  return a.namespace === b.namespace && a.name === b.name && (a.uid === undefined || b.uid === undefined || a.uid === b.uid);
}

function requestedIP(spec: Spec): string | undefined {
  const ips = Array.isArray(spec.clusterIPs) ? (spec.clusterIPs as unknown[]) : [];
  const first = typeof ips[0] === 'string' && ips[0] ? ips[0] : spec.clusterIP;
  return typeof first === 'string' && first ? first : undefined;
}

function wantsNodePorts(spec: Spec): boolean {
  return spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
}

function invalidService(service: KubeObject, cause: StatusCause): ApiError {
  const name = service.metadata?.name ?? '';
  return new ApiError(422, 'Invalid', invalidMessage(serviceType, name, [cause]), { name, kind: serviceType.kind, causes: [cause] });
}

function randomInt(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** The first value in [low, high] from a random start, wrapping, that `free` accepts. */
function scan(random: () => number, low: number, high: number, free: (n: number) => boolean): number | undefined {
  if (high < low) return undefined;
  const start = randomInt(random, low, high);
  for (let i = 0; i <= high - low; i++) {
    const n = low + ((start - low + i) % (high - low + 1));
    if (free(n)) return n;
  }
  return undefined;
}

async function keysUnder(store: Store, prefix: string): Promise<Set<string>> {
  const { items } = await store.list(prefix);
  return new Set(items.map((kv) => kv.key.slice(prefix.length)));
}

/** Create the lock; false when someone holds it. */
async function lock(store: Store, key: string, owner: LockOwner): Promise<boolean> {
  try {
    await store.create(key, JSON.stringify(owner));
    return true;
  } catch (err) {
    if (err instanceof KeyExistsError) return false;
    throw err;
  }
}

async function unlock(store: Store, key: string, owner: LockOwner): Promise<void> {
  const kv = await store.get(key);
  if (!kv || !sameOwner(JSON.parse(kv.value) as LockOwner, owner)) return;
  try {
    await store.delete(key, kv.modRevision);
  } catch (err) {
    if (!(err instanceof KeyNotFoundError || err instanceof ConflictError)) throw err;
  }
}

export function createServiceAllocator(options: ServiceAllocatorOptions = {}): ServiceAllocator {
  const range: Ipv4Range = parseIpv4Cidr(options.serviceCIDR ?? '10.96.0.0/12');
  const ports: NodePortRange = options.nodePortRange ?? { first: 30000, last: 32767 };
  const random = options.random ?? Math.random;
  const apiServerIP = range.first;
  const dnsIP = range.first + 9;
  const adopted = new WeakMap<Store, Promise<void>>();

  const ipKey = (n: number) => `${ipLockPrefix}${intToIpv4(n)}`;
  const portKey = (port: number) => `${nodePortLockPrefix}${port}`;

  async function adopt(store: Store): Promise<void> {
    const { items } = await store.list(servicesPrefix);
    for (const kv of items) {
      const service = JSON.parse(kv.value) as KubeObject;
      const spec = specOf(service);
      const owner = ownerOf(service);
      const ip = ipv4ToInt(requestedIP(spec) ?? '');
      if (ip !== undefined && contains(range, ip)) await lock(store, ipKey(ip), owner);
      for (const port of new Set([...portsOf(spec).map((p) => p.nodePort), spec.healthCheckNodePort])) {
        if (typeof port === 'number' && port > 0) await lock(store, portKey(port), owner);
      }
    }
  }

  function adoptOnce(store: Store): Promise<void> {
    let done = adopted.get(store);
    if (!done) {
      done = adopt(store);
      adopted.set(store, done);
      done.catch(() => adopted.delete(store));
    }
    return done;
  }

  async function allocateRequestedIP(service: KubeObject, store: Store, owner: LockOwner, ip: string, undo: (() => Promise<void>)[]): Promise<void> {
    const spec = specOf(service);
    const n = ipv4ToInt(ip);
    const fail = (why: string) => invalidService(service, invalid('spec.clusterIPs', spec.clusterIPs, `failed to allocate IP ${ip}: ${why}`));
    if (n === undefined || !contains(range, n)) throw fail(`the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${range.cidr}`);
    if (!(await lock(store, ipKey(n), owner))) throw fail('provided IP is already allocated');
    undo.push(() => unlock(store, ipKey(n), owner));
  }

  async function allocateDynamicIP(service: KubeObject, store: Store, owner: LockOwner, undo: (() => Promise<void>)[]): Promise<string> {
    const m = service.metadata ?? {};
    if (m.namespace === 'default' && m.name === 'kubernetes' && (await lock(store, ipKey(apiServerIP), owner))) {
      undo.push(() => unlock(store, ipKey(apiServerIP), owner));
      return intToIpv4(apiServerIP);
    }
    // A lock another create won may not be listed until its write commits.
    const lost = new Set<string>();
    for (;;) {
      const used = await keysUnder(store, ipLockPrefix);
      const free = (n: number) => n !== apiServerIP && n !== dnsIP && !used.has(intToIpv4(n)) && !lost.has(intToIpv4(n));
      const n = scan(random, range.upperBandStart, range.last, free) ?? scan(random, range.first, range.upperBandStart - 1, free);
      if (n === undefined) throw internalError(new Error('failed to allocate a serviceIP: range is full'));
      if (await lock(store, ipKey(n), owner)) {
        undo.push(() => unlock(store, ipKey(n), owner));
        return intToIpv4(n);
      }
      lost.add(intToIpv4(n));
    }
  }

  /** Node ports one service allocates: requested ones checked, the others picked at random from the free ones. */
  function nodePortClaims(service: KubeObject, store: Store, owner: LockOwner, undo: (() => Promise<void>)[]) {
    const held = new Set<number>();
    const lost = new Set<number>();
    return {
      async claim(requested: number, field: string): Promise<void> {
        const fail = (why: string) => invalidService(service, invalid(field, requested, why));
        if (requested < ports.first || requested > ports.last) throw fail(`provided port is not in the valid range. The range of valid ports is ${ports.first}-${ports.last}`);
        if (held.has(requested)) return;
        if (!(await lock(store, portKey(requested), owner))) throw fail('provided port is already allocated');
        held.add(requested);
        undo.push(() => unlock(store, portKey(requested), owner));
      },
      async any(): Promise<number> {
        for (;;) {
          const used = await keysUnder(store, nodePortLockPrefix);
          const port = scan(random, ports.first, ports.last, (n) => !used.has(String(n)) && !held.has(n) && !lost.has(n));
          if (port === undefined) throw internalError(new Error('failed to allocate a nodePort: range is full'));
          if (await lock(store, portKey(port), owner)) {
            held.add(port);
            undo.push(() => unlock(store, portKey(port), owner));
            return port;
          }
          lost.add(port);
        }
      },
    };
  }

  async function allocateNodePorts(service: KubeObject, store: Store, owner: LockOwner, undo: (() => Promise<void>)[]): Promise<void> {
    const spec = specOf(service);
    const claims = nodePortClaims(service, store, owner, undo);
    // One service may use one node port for the same port number over two protocols.
    const byServicePort = new Map<number, number>();
    const list = portsOf(spec);
    if (wantsNodePorts(spec)) {
      for (const [i, p] of list.entries()) {
        if (typeof p.nodePort !== 'number' || p.nodePort <= 0) continue;
        await claims.claim(p.nodePort, `spec.ports[${i}].nodePort`);
        if (typeof p.port === 'number') byServicePort.set(p.port, p.nodePort);
      }
      for (const p of list) {
        if (typeof p.nodePort === 'number' && p.nodePort > 0) continue;
        const port = (typeof p.port === 'number' ? byServicePort.get(p.port) : undefined) ?? (await claims.any());
        p.nodePort = port;
        if (typeof p.port === 'number') byServicePort.set(p.port, port);
      }
    }
    if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local') {
      const requested = typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort > 0 ? spec.healthCheckNodePort : undefined;
      if (requested !== undefined) await claims.claim(requested, 'spec.healthCheckNodePort');
      else spec.healthCheckNodePort = await claims.any();
    }
  }

  return {
    async allocate(service, store) {
      const spec = specOf(service);
      if (spec.type === 'ExternalName') return;
      await adoptOnce(store);
      const owner = ownerOf(service);
      const undo: (() => Promise<void>)[] = [];
      try {
        const requested = requestedIP(spec);
        if (requested === 'None') {
          spec.clusterIP = 'None';
          spec.clusterIPs = ['None'];
        } else {
          if (requested !== undefined) await allocateRequestedIP(service, store, owner, requested, undo);
          const ip = requested ?? (await allocateDynamicIP(service, store, owner, undo));
          spec.clusterIP = ip;
          spec.clusterIPs = [ip];
          spec.ipFamilies = ['IPv4'];
          spec.ipFamilyPolicy ??= 'SingleStack';
        }
        await allocateNodePorts(service, store, owner, undo);
      } catch (err) {
        for (const step of undo.reverse()) await step();
        throw err;
      }
    },

    async release(service, store) {
      const spec = specOf(service);
      const owner = ownerOf(service);
      const ip = ipv4ToInt(requestedIP(spec) ?? '');
      if (ip !== undefined && contains(range, ip)) await unlock(store, ipKey(ip), owner);
      for (const port of new Set([...portsOf(spec).map((p) => p.nodePort), spec.healthCheckNodePort])) {
        if (typeof port === 'number' && port > 0) await unlock(store, portKey(port), owner);
      }
    },
  };
}
