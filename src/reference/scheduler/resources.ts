// Resource amounts as the scheduler counts them: cpu in millicores, memory and
// ephemeral-storage in bytes, extended resources in their own units; and a
// pod's effective request as upstream's resource helpers compute it (regular
// containers plus sidecars, or the largest init container if larger, plus
// the pod overhead).
import { parseQuantity } from '../api/validation/quantity.ts';
import type { Container, Pod } from './pod-types.ts';

export type ResourceList = Map<string, number>;

/** Defaults kube-scheduler assumes for a container without a cpu or memory request, when scoring. */
export const defaultMilliCpuRequest = 100;
export const defaultMemoryRequest = 200 * 1024 * 1024;

export function quantityValue(resource: string, value: unknown): number {
  const q = parseQuantity(value);
  if (!q) return 0;
  // cpu in millicores (rounded up), everything else in whole units (rounded up).
  const unit = resource === 'cpu' ? 1_000_000n : 1_000_000_000n;
  const whole = q.nanos / unit;
  return Number(q.nanos % unit > 0n ? whole + 1n : whole);
}

export function resourceList(raw: Record<string, unknown> | undefined): ResourceList {
  const list: ResourceList = new Map();
  for (const [name, value] of Object.entries(raw ?? {})) list.set(name, quantityValue(name, value));
  return list;
}

export function addInto(target: ResourceList, more: ResourceList): void {
  for (const [name, value] of more) target.set(name, (target.get(name) ?? 0) + value);
}

export function subtractFrom(target: ResourceList, less: ResourceList): void {
  for (const [name, value] of less) target.set(name, (target.get(name) ?? 0) - value);
}

function maxInto(target: ResourceList, other: ResourceList): void {
  for (const [name, value] of other) target.set(name, Math.max(target.get(name) ?? 0, value));
}

function containerRequests(container: Container, nonZero: boolean): ResourceList {
  const list = resourceList(container.resources?.requests);
  if (nonZero) {
    if (!list.has('cpu')) list.set('cpu', defaultMilliCpuRequest);
    if (!list.has('memory')) list.set('memory', defaultMemoryRequest);
  }
  return list;
}

/**
 * The pod's request. With nonZero, containers without a cpu or memory request
 * count the scheduler's defaults (used by scoring, never by the fit filter).
 */
export function podRequests(pod: Pod, nonZero = false): ResourceList {
  const total: ResourceList = new Map();
  for (const c of pod.spec?.containers ?? []) addInto(total, containerRequests(c, nonZero));
  const sidecars: ResourceList = new Map();
  const initPeak: ResourceList = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const request = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      addInto(sidecars, request);
      maxInto(initPeak, sidecars);
    } else {
      const whileRunning = new Map(sidecars);
      addInto(whileRunning, request);
      maxInto(initPeak, whileRunning);
    }
  }
  addInto(total, sidecars);
  maxInto(total, initPeak);
  addInto(total, resourceList(pod.spec?.overhead));
  return total;
}
