// The Endpoints controller (upstream pkg/controller/endpoint): for every
// Service with a selector, an Endpoints object of the same name whose subsets
// list the matching pods' IPs (ready ones in addresses, the others in
// notReadyAddresses, all ready with publishNotReadyAddresses), grouped by the
// ports each pod resolves the service's ports to; at most 1000 addresses,
// annotated endpoints.kubernetes.io/over-capacity=truncated beyond that.
// Deleted with its Service.
import { ApiRequestError } from '../../kube/api-client.ts';
import { objectKey, splitKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import {
  endpointPortsOf, headlessLabel, isHeadlessService, isPodReady, lastChangeTriggerTime, lastChangeTriggerTimeAnnotation, podBelongsInEndpoints, podHostname, podIP,
  podNodeName, portsKey, podTargetRef, selects, serviceSelector, servicesSelecting, serviceSpec, type EndpointPort,
} from './endpoint-pods.ts';

interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: ReturnType<typeof podTargetRef>;
}

interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

function address(p: KubeObject, service: KubeObject): EndpointAddress {
  const hostname = podHostname(p, service);
  const nodeName = podNodeName(p);
  return { ip: podIP(p), ...(hostname ? { hostname } : {}), ...(nodeName ? { nodeName } : {}), targetRef: podTargetRef(p) };
}

function byIP(a: EndpointAddress, b: EndpointAddress): number {
  return a.ip.localeCompare(b.ip) || a.targetRef.uid.localeCompare(b.targetRef.uid);
}

/** The subsets for the service's pods, packed as RepackSubsets does: one subset per distinct port set. */
export function desiredSubsets(service: KubeObject, pods: KubeObject[]): EndpointSubset[] {
  const publishNotReady = serviceSpec(service).publishNotReadyAddresses === true;
  const hasPorts = (serviceSpec(service).ports ?? []).length > 0;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const p of pods) {
    if (!podBelongsInEndpoints(p, publishNotReady)) continue;
    const ports = endpointPortsOf(p, service);
    // A headless service without ports still lists its pods; any other needs a port resolved.
    if (ports.length === 0 && (hasPorts || !isHeadlessService(service))) continue;
    const key = portsKey(ports);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, ready: [], notReady: [] }));
    (publishNotReady || isPodReady(p) ? group.ready : group.notReady).push(address(p, service));
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, g]) => ({
      ...(g.ready.length ? { addresses: g.ready.sort(byIP) } : {}),
      ...(g.notReady.length ? { notReadyAddresses: g.notReady.sort(byIP) } : {}),
      ...(g.ports.length ? { ports: g.ports } : {}),
    }));
}

/** An Endpoints object holds at most this many addresses (upstream maxCapacity). */
export const maxEndpointsCapacity = 1000;
const overCapacityAnnotation = 'endpoints.kubernetes.io/over-capacity';

function count(subsets: EndpointSubset[], field: 'addresses' | 'notReadyAddresses'): number {
  return subsets.reduce((n, s) => n + (s[field]?.length ?? 0), 0);
}

/**
 * truncateEndpoints: cut to maxEndpointsCapacity addresses, ready ones first,
 * each subset keeping its share. Returns whether anything was cut.
 */
export function truncateSubsets(subsets: EndpointSubset[]): boolean {
  const ready = count(subsets, 'addresses');
  const notReady = count(subsets, 'notReadyAddresses');
  if (ready + notReady <= maxEndpointsCapacity) return false;
  for (const s of subsets) {
    if (ready > maxEndpointsCapacity) {
      const keep = Math.floor((maxEndpointsCapacity * (s.addresses?.length ?? 0)) / ready);
      if (s.addresses) s.addresses = s.addresses.slice(0, keep);
      delete s.notReadyAddresses;
    } else if (s.notReadyAddresses) {
      s.notReadyAddresses = s.notReadyAddresses.slice(0, Math.floor(((maxEndpointsCapacity - ready) * s.notReadyAddresses.length) / notReady));
    }
    if (s.addresses?.length === 0) delete s.addresses;
    if (s.notReadyAddresses?.length === 0) delete s.notReadyAddresses;
  }
  return true;
}

function desiredLabels(service: KubeObject): Record<string, string> {
  const labels = { ...(service.metadata?.labels ?? {}) };
  if (isHeadlessService(service)) labels[headlessLabel] = '';
  else delete labels[headlessLabel];
  return labels;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export async function startEndpointsController(ctx: ControllerContext): Promise<Controller> {
  const services = ctx.informers.for('/api/v1/services');
  const pods = ctx.informers.for('/api/v1/pods');
  const endpoints = ctx.informers.for('/api/v1/endpoints');
  const events = ctx.events('endpoint-controller');
  const queue = createWorkQueue({ log: ctx.log });
  let stopped = false;

  const enqueue = (obj: KubeObject) => !stopped && queue.add(objectKey(obj));
  const enqueueFor = (p: KubeObject) => {
    if (stopped) return;
    for (const s of servicesSelecting(services.list(p.metadata?.namespace), p)) queue.add(objectKey(s));
  };
  services.on({ add: enqueue, update: (_o, n) => enqueue(n), delete: enqueue });
  pods.on({ add: enqueueFor, update: (o, n) => { enqueueFor(o); enqueueFor(n); }, delete: enqueueFor });
  endpoints.on({ delete: enqueue });
  await Promise.all([services.synced(), pods.synced(), endpoints.synced()]);

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const path = `/api/v1/namespaces/${namespace}/endpoints/${name}`;
    const service = services.get(namespace, name);
    if (!service) {
      try {
        await ctx.client.delete(path);
      } catch (err) {
        if (!(err instanceof ApiRequestError && err.code === 404)) throw err;
      }
      return;
    }
    const selector = serviceSelector(service);
    if (selector === undefined || service.metadata?.deletionTimestamp) return;
    const selected = pods.list(namespace).filter((p) => selects(selector, p));
    const subsets = desiredSubsets(service, selected);
    const truncated = truncateSubsets(subsets);
    const labels = desiredLabels(service);
    const current = endpoints.get(namespace, name);
    if (current && same(current.subsets ?? [], subsets) && same(current.metadata?.labels ?? {}, labels)) return;
    const triggerTime = lastChangeTriggerTime(service, selected);
    const annotations: Record<string, string> = { ...(current?.metadata?.annotations ?? {}), ...(triggerTime ? { [lastChangeTriggerTimeAnnotation]: triggerTime } : {}) };
    if (truncated) annotations[overCapacityAnnotation] = 'truncated';
    else delete annotations[overCapacityAnnotation];
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...(current?.metadata ?? {}), name, namespace, labels, annotations },
      subsets,
    };
    try {
      if (current) await ctx.client.update(path, body);
      else await ctx.client.create(`/api/v1/namespaces/${namespace}/endpoints`, body);
    } catch (err) {
      // A write from a stale cache: the informer brings the fresh object and the retry uses it.
      if (err instanceof ApiRequestError && (err.code === 409 || err.code === 404)) throw err;
      const verb = current ? 'Update' : 'Create';
      events.record(service, 'Warning', `FailedTo${verb}Endpoint`, `Failed to ${verb.toLowerCase()} endpoint for service ${namespace}/${name}: ${(err as Error).message}`);
      throw err;
    }
  }

  queue.run(2, sync);
  return {
    async stop() {
      stopped = true;
      await queue.stop();
    },
  };
}
