// A pod's QoS class (ComputePodQOS): Guaranteed when every container limits
// cpu and memory and requests equal limits, BestEffort when nothing is
// requested or limited, Burstable otherwise. Pod-level resources, when set,
// decide instead of the containers'.
import { compareQuantities, parseQuantity, type Quantity } from '../validation/quantity.ts';
import { isObj, obj, objs, type Obj } from '../validation/object-access.ts';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const computeResources = ['cpu', 'memory'];

/** The positive cpu/memory quantities of a resource list. */
function positive(list: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const name of computeResources) {
    const q = parseQuantity(obj(list)[name]);
    if (q && q.nanos > 0n) out.set(name, q);
  }
  return out;
}

function add(into: Map<string, Quantity>, from: Map<string, Quantity>): void {
  for (const [name, q] of from) {
    const prev = into.get(name);
    into.set(name, prev ? { nanos: prev.nanos + q.nanos, format: q.format } : q);
  }
}

export function podQOSClass(spec: Obj): QOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const sources = isObj(spec.resources) ? [spec.resources] : [...objs(spec.containers), ...objs(spec.initContainers)].map((c) => obj(c.resources));
  for (const resources of sources) {
    add(requests, positive(resources.requests));
    const containerLimits = positive(resources.limits);
    add(limits, containerLimits);
    if (!computeResources.every((name) => containerLimits.has(name))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantities(lim, req) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
