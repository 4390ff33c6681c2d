// The node IPAM controller as kube-controller-manager's range allocator
// (pkg/controller/nodeipam/ipam/range_allocator.go): every node gets a podCIDR
// of nodeMaskSize bits cut from the cluster CIDR, in spec.podCIDR and
// spec.podCIDRs; a deleted node's CIDR goes back to the pool; a node that finds
// the pool empty gets a CIDRNotAvailable event. IPv4 only.
import { objectKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { Controller, ControllerContext } from './controller-context.ts';

export interface NodeIpamOptions {
  /** The cluster CIDR (kube-controller-manager --cluster-cidr; default 10.244.0.0/16). */
  clusterCIDR?: string;
  /** Prefix length of each node's CIDR (--node-cidr-mask-size; default 24). */
  nodeMaskSize?: number;
}

export interface Ipv4Cidr {
  /** The network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses "a.b.c.d/n", masking host bits away; undefined if it is not an IPv4 CIDR. */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  const [address, bits, ...rest] = text.split('/');
  const prefix = Number(bits);
  const ip = parseIpv4(address ?? '');
  if (rest.length > 0 || ip === undefined || !/^\d{1,2}$/.test(bits ?? '') || prefix > 32) return undefined;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (ip & mask) >>> 0, prefix };
}

export function formatIpv4Cidr(c: Ipv4Cidr): string {
  return `${formatIpv4(c.base)}/${c.prefix}`;
}

/** The podCIDRs of the cluster CIDR, handed out from a rotating candidate as upstream's cidrset. */
export class CidrSet {
  private readonly cluster: Ipv4Cidr;
  private readonly maskSize: number;
  private readonly used = new Set<number>();
  private readonly size: number;
  private nextCandidate = 0;

  constructor(clusterCIDR: string, maskSize: number) {
    const cluster = parseIpv4Cidr(clusterCIDR);
    if (!cluster) throw new Error(`node IPAM: cluster CIDR ${JSON.stringify(clusterCIDR)} is not an IPv4 CIDR such as 10.244.0.0/16`);
    if (!Number.isInteger(maskSize) || maskSize < cluster.prefix || maskSize > 30) {
      throw new Error(`node IPAM: node mask size ${maskSize} must be an integer from ${cluster.prefix} (the cluster CIDR's) to 30`);
    }
    this.cluster = cluster;
    this.maskSize = maskSize;
    this.size = 2 ** (maskSize - cluster.prefix);
  }

  /** The next free CIDR, or undefined when all are taken. */
  allocate(): string | undefined {
    for (let i = 0; i < this.size; i++) {
      const candidate = (this.nextCandidate + i) % this.size;
      if (this.used.has(candidate)) continue;
      this.used.add(candidate);
      this.nextCandidate = (candidate + 1) % this.size;
      return formatIpv4Cidr({ base: this.cluster.base + candidate * 2 ** (32 - this.maskSize), prefix: this.maskSize });
    }
    return undefined;
  }

  /** Marks a CIDR (of a node that already has one) taken; false if it is not one of this set's. */
  occupy(cidr: string): boolean {
    const index = this.indexOf(cidr);
    if (index === undefined) return false;
    this.used.add(index);
    return true;
  }

  release(cidr: string): void {
    const index = this.indexOf(cidr);
    if (index !== undefined) this.used.delete(index);
  }

  private indexOf(cidr: string): number | undefined {
    const c = parseIpv4Cidr(cidr);
    if (!c || c.prefix !== this.maskSize) return undefined;
    const offset = c.base - this.cluster.base;
    if (offset < 0 || offset >= 2 ** (32 - this.cluster.prefix)) return undefined;
    return offset / 2 ** (32 - this.maskSize);
  }
}

interface NodeSpec {
  podCIDR?: string;
  podCIDRs?: string[];
}

function specOf(node: KubeObject): NodeSpec {
  return (node.spec ?? {}) as NodeSpec;
}

export async function startNodeIpamController(ctx: ControllerContext, options: NodeIpamOptions = {}): Promise<Controller> {
  const cidrs = new CidrSet(options.clusterCIDR ?? '10.244.0.0/16', options.nodeMaskSize ?? 24);
  const nodes = ctx.informers.for('/api/v1/nodes');
  const events = ctx.events('cidrAllocator');
  const queue = createWorkQueue({ log: ctx.log });
  /** What this controller believes each node holds: its CIDR, so that it is released once the node is gone. */
  const assigned = new Map<string, string>();
  let stopped = false;

  function noteExisting(node: KubeObject): void {
    const cidr = specOf(node).podCIDR;
    const name = objectKey(node);
    if (cidr && assigned.get(name) !== cidr) {
      if (cidrs.occupy(cidr)) assigned.set(name, cidr);
      else ctx.log(`node IPAM: node ${name} has podCIDR ${cidr} outside the cluster CIDR; left as it is`);
    }
    if (!cidr) queue.add(name);
  }

  nodes.on({
    add: (node) => !stopped && noteExisting(node),
    update: (_old, node) => !stopped && noteExisting(node),
    delete: (node) => {
      if (stopped) return;
      const name = objectKey(node);
      const cidr = assigned.get(name);
      if (cidr === undefined) return;
      assigned.delete(name);
      cidrs.release(cidr);
      for (const waiting of nodes.list()) if (!specOf(waiting).podCIDR) queue.add(objectKey(waiting));
    },
  });
  await nodes.synced();

  queue.run(1, async (name) => {
    const node = nodes.get(undefined, name);
    if (!node || specOf(node).podCIDR || node.metadata?.deletionTimestamp) return;
    let cidr = assigned.get(name);
    if (cidr === undefined) {
      cidr = cidrs.allocate();
      if (cidr === undefined) {
        events.record(node, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
        ctx.log(`node IPAM: no CIDR left in the cluster CIDR for node ${name}`);
        return;
      }
      assigned.set(name, cidr);
    }
    try {
      await ctx.client.patch(`/api/v1/nodes/${name}`, 'merge', { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
    } catch (err) {
      if ((err as { code?: number }).code === 404) {
        assigned.delete(name);
        cidrs.release(cidr);
        return;
      }
      throw err;
    }
  });

  return {
    async stop() {
      stopped = true;
      await queue.stop();
    },
  };
}
