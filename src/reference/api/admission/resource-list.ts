// ResourceLists as the admission plugins and the quota controller handle them:
// exact quantities by resource name, summed and compared as upstream's
// pkg/quota/v1 helpers do, and printed in their canonical form.
import { isObj, obj, objs, type Obj } from '../validation/object-access.ts';
import { formatQuantity, parseQuantity, type Quantity } from '../validation/quantity.ts';

export type ResourceList = Map<string, Quantity>;

/** The parseable quantities of a JSON resource list. */
export function resourceList(value: unknown): ResourceList {
  const out: ResourceList = new Map();
  if (!isObj(value)) return out;
  for (const [name, raw] of Object.entries(value)) {
    const q = parseQuantity(raw);
    if (q) out.set(name, q);
  }
  return out;
}

/** a + b; a sum keeps the format of its first non-zero quantity (Quantity.Add). */
export function addLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map(a);
  for (const [name, q] of b) {
    const prev = out.get(name);
    out.set(name, prev ? { nanos: prev.nanos + q.nanos, format: prev.nanos === 0n ? q.format : prev.format } : q);
  }
  return out;
}

/** Each resource's larger quantity. */
export function maxLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map(a);
  for (const [name, q] of b) {
    const prev = out.get(name);
    if (!prev || q.nanos > prev.nanos) out.set(name, q);
  }
  return out;
}

/** What b adds to a: each resource's positive difference, the others left out (SubtractWithNonNegativeResult, zeros dropped). */
export function growth(b: ResourceList, a: ResourceList): ResourceList {
  const out: ResourceList = new Map();
  for (const [name, q] of b) {
    const more = q.nanos - (a.get(name)?.nanos ?? 0n);
    if (more > 0n) out.set(name, { nanos: more, format: q.format });
  }
  return out;
}

/** Only the named resources. */
export function maskList(list: ResourceList, names: Iterable<string>): ResourceList {
  const keep = new Set(names);
  return new Map([...list].filter(([name]) => keep.has(name)));
}

export function toJson(list: ResourceList): Record<string, string> {
  return Object.fromEntries([...list].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, q]) => [name, formatQuantity(q)]));
}

/** "name=value,..." sorted by name (upstream prettyPrint). */
export function prettyPrint(list: ResourceList): string {
  return Object.entries(toJson(list)).map(([name, value]) => `${name}=${value}`).join(',');
}

export function count(n: number): Quantity {
  return { nanos: BigInt(n) * 1_000_000_000n, format: 'DecimalSI' };
}

export interface ContainerResources {
  name: string;
  requests: ResourceList;
  limits: ResourceList;
}

export function containerResources(spec: Obj, field: 'containers' | 'initContainers'): ContainerResources[] {
  return objs(spec[field]).map((c) => ({
    name: String(c.name ?? ''),
    requests: resourceList(obj(c.resources).requests),
    limits: resourceList(obj(c.resources).limits),
  }));
}

/**
 * What a pod asks for, of requests or limits (resourcehelper.PodRequests /
 * PodLimits): the sum over its containers, or the largest init container's
 * if larger (sidecars, restartPolicy Always, stay and add up), plus the overhead.
 */
export function podResources(spec: Obj, which: 'requests' | 'limits'): ResourceList {
  let sum: ResourceList = new Map();
  for (const c of containerResources(spec, 'containers')) sum = addLists(sum, c[which]);
  let sidecars: ResourceList = new Map();
  let initMax: ResourceList = new Map();
  for (const [i, c] of containerResources(spec, 'initContainers').entries()) {
    const init = objs(spec.initContainers)[i]!;
    if (init.restartPolicy === 'Always') {
      sidecars = addLists(sidecars, c[which]);
      sum = addLists(sum, c[which]);
    } else {
      initMax = maxLists(initMax, addLists(sidecars, c[which]));
    }
  }
  const total = maxLists(sum, initMax);
  return isObj(spec.overhead) ? addLists(total, resourceList(spec.overhead)) : total;
}
