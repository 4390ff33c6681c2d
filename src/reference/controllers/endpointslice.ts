// The EndpointSlice controller (upstream pkg/controller/endpointslice): for
// every Service with a selector, EndpointSlices of at most 100 endpoints, one
// set per distinct port set, named <service>-<random>, labelled with the
// service name and this controller as manager, owned by the Service. Each pod
// with an IP is an endpoint with conditions ready, serving and terminating,
// and the zone of its node (topology.kubernetes.io/zone). Endpoints stay in
// the slice they are in while they exist (upstream keeps churn low the same
// way); a service selecting nothing keeps one empty placeholder slice.
import { ApiRequestError } from '../../kube/api-client.ts';
import { objectKey, splitKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import {
  endpointPortsOf, headlessLabel, isHeadlessService, isPodReady, lastChangeTriggerTime, lastChangeTriggerTimeAnnotation, podBelongsInEndpoints,
  podHostname, podIP, podNodeName, podTargetRef, portsKey, selects, serviceNameLabel, serviceSelector, servicesSelecting, serviceSpec, type EndpointPort,
} from './endpoint-pods.ts';

export const managedByLabel = 'endpointslice.kubernetes.io/managed-by';
export const controllerName = 'endpointslice-controller.k8s.io';
export const maxEndpointsPerSlice = 100;
const slicesPath = '/apis/discovery.k8s.io/v1/endpointslices';

interface Endpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef: ReturnType<typeof podTargetRef>;
}

interface Slice extends KubeObject {
  addressType?: string;
  endpoints?: Endpoint[] | null;
  ports?: EndpointPort[] | null;
}

const zoneLabel = 'topology.kubernetes.io/zone';

function endpointOf(p: KubeObject, service: KubeObject, zone: string | undefined): Endpoint {
  const terminating = Boolean(p.metadata?.deletionTimestamp);
  const serving = isPodReady(p) || serviceSpec(service).publishNotReadyAddresses === true;
  const hostname = podHostname(p, service);
  const nodeName = podNodeName(p);
  return {
    addresses: [podIP(p)],
    conditions: { ready: serving && !terminating, serving, terminating },
    ...(hostname ? { hostname } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(zone ? { zone } : {}),
    targetRef: podTargetRef(p),
  };
}

function endpointKey(e: Endpoint): string {
  return e.targetRef.uid || (e.addresses[0] ?? '');
}

function desiredLabels(service: KubeObject): Record<string, string> {
  const labels: Record<string, string> = { ...(service.metadata?.labels ?? {}), [serviceNameLabel]: service.metadata?.name ?? '', [managedByLabel]: controllerName };
  if (isHeadlessService(service)) labels[headlessLabel] = '';
  else delete labels[headlessLabel];
  return labels;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

interface PlannedSlice {
  existing?: Slice;
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

/**
 * Lay desired endpoints out over the existing slices: each endpoint stays in
 * the slice it is in, new ones fill slices of their port set that have room,
 * the rest go into new slices of at most maxEndpointsPerSlice.
 */
export function planSlices(existing: Slice[], desired: Map<string, { ports: EndpointPort[]; endpoints: Endpoint[] }>): { keep: PlannedSlice[]; remove: Slice[] } {
  const keep: PlannedSlice[] = [];
  const remove: Slice[] = [];
  const placed = new Set<string>();
  for (const slice of existing) {
    const group = desired.get(portsKey(slice.ports ?? []));
    const wanted = new Map((group?.endpoints ?? []).map((e) => [endpointKey(e), e]));
    const endpoints: Endpoint[] = [];
    for (const e of slice.endpoints ?? []) {
      const fresh = wanted.get(endpointKey(e));
      if (fresh && !placed.has(endpointKey(fresh))) {
        endpoints.push(fresh);
        placed.add(endpointKey(fresh));
      }
    }
    if (group && endpoints.length) keep.push({ existing: slice, ports: group.ports, endpoints });
    else remove.push(slice);
  }
  for (const [key, group] of desired) {
    const rest = group.endpoints.filter((e) => !placed.has(endpointKey(e)));
    for (const slice of keep) {
      if (portsKey(slice.ports) !== key) continue;
      while (rest.length && slice.endpoints.length < maxEndpointsPerSlice) slice.endpoints.push(rest.shift()!);
    }
    while (rest.length) keep.push({ ports: group.ports, endpoints: rest.splice(0, maxEndpointsPerSlice) });
  }
  if (keep.length === 0) {
    // The placeholder: a slice with no endpoints, reusing one of the removed ones when there is one.
    const reused = remove.find((s) => (s.ports ?? []).length === 0) ?? remove[0];
    keep.push({ ...(reused ? { existing: reused } : {}), ports: [], endpoints: [] });
    if (reused) remove.splice(remove.indexOf(reused), 1);
  }
  return { keep, remove };
}

export async function startEndpointSliceController(ctx: ControllerContext): Promise<Controller> {
  const services = ctx.informers.for('/api/v1/services');
  const pods = ctx.informers.for('/api/v1/pods');
  const slices = ctx.informers.for<Slice>(slicesPath);
  const nodes = ctx.informers.for('/api/v1/nodes');
  const events = ctx.events('endpoint-slice-controller');
  const queue = createWorkQueue({ log: ctx.log });
  let stopped = false;
  // What this controller last wrote per service: slice name -> resourceVersion, or undefined once deleted.
  // Until the cache shows it, a sync would see old slices (and create a second set), so it waits.
  const written = new Map<string, Map<string, number | undefined>>();

  const serviceKeyOfSlice = (s: KubeObject) => {
    const labels = s.metadata?.labels ?? {};
    const name = labels[serviceNameLabel];
    return labels[managedByLabel] === controllerName && name ? `${s.metadata?.namespace}/${name}` : undefined;
  };
  const enqueue = (obj: KubeObject) => !stopped && queue.add(objectKey(obj));
  const enqueueFor = (p: KubeObject) => {
    if (stopped) return;
    for (const s of servicesSelecting(services.list(p.metadata?.namespace), p)) queue.add(objectKey(s));
  };
  const enqueueOwner = (s: KubeObject) => {
    const key = serviceKeyOfSlice(s);
    if (key && !stopped) queue.add(key);
  };
  services.on({ add: enqueue, update: (_o, n) => enqueue(n), delete: enqueue });
  pods.on({ add: enqueueFor, update: (o, n) => { enqueueFor(o); enqueueFor(n); }, delete: enqueueFor });
  slices.on({ update: (_o, n) => enqueueOwner(n), delete: enqueueOwner });
  await Promise.all([services.synced(), pods.synced(), slices.synced(), nodes.synced()]);

  function zoneOf(p: KubeObject): string | undefined {
    const nodeName = podNodeName(p);
    return nodeName ? nodes.get(undefined, nodeName)?.metadata?.labels?.[zoneLabel] : undefined;
  }

  function managedSlices(namespace: string | undefined, name: string): Slice[] {
    return slices.list(namespace).filter((s) => serviceKeyOfSlice(s) === `${namespace}/${name}`);
  }

  function cacheIsBehind(key: string, namespace: string | undefined): boolean {
    const expected = written.get(key);
    if (!expected) return false;
    for (const [sliceName, rv] of expected) {
      const cached = slices.get(namespace, sliceName);
      const caughtUp = rv === undefined ? !cached : Number(cached?.metadata?.resourceVersion ?? 0) >= rv;
      if (!caughtUp) return true;
      expected.delete(sliceName);
    }
    written.delete(key);
    return false;
  }

  function noteWritten(key: string, sliceName: string, rv: number | undefined): void {
    let expected = written.get(key);
    if (!expected) written.set(key, (expected = new Map()));
    expected.set(sliceName, rv);
  }

  async function deleteSlice(key: string, s: Slice): Promise<void> {
    noteWritten(key, s.metadata?.name ?? '', undefined);
    try {
      await ctx.client.delete(`/apis/discovery.k8s.io/v1/namespaces/${s.metadata?.namespace}/endpointslices/${s.metadata?.name}`, { preconditions: { uid: s.metadata?.uid } });
    } catch (err) {
      if (!(err instanceof ApiRequestError && (err.code === 404 || err.code === 409))) throw err;
    }
  }

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const service = services.get(namespace, name);
    if (!service) {
      // Upstream leaves this to the garbage collector through the owner reference; doing it here does not wait on one.
      for (const s of managedSlices(namespace, name)) await deleteSlice(key, s);
      written.delete(key);
      return;
    }
    const selector = serviceSelector(service);
    if (selector === undefined || service.metadata?.deletionTimestamp) return;
    if (cacheIsBehind(key, namespace)) {
      queue.addAfter(key, 20);
      return;
    }
    const selected = pods.list(namespace).filter((p) => selects(selector, p) && podBelongsInEndpoints(p, true));
    const desired = new Map<string, { ports: EndpointPort[]; endpoints: Endpoint[] }>();
    for (const p of selected) {
      const ports = endpointPortsOf(p, service);
      if (ports.length === 0 && (serviceSpec(service).ports ?? []).length > 0) continue;
      const key = portsKey(ports);
      let group = desired.get(key);
      if (!group) desired.set(key, (group = { ports, endpoints: [] }));
      group.endpoints.push(endpointOf(p, service, zoneOf(p)));
    }
    const { keep, remove } = planSlices(managedSlices(namespace, name), desired);
    const labels = desiredLabels(service);
    const triggerTime = lastChangeTriggerTime(service, selected);
    const owner = { apiVersion: 'v1', kind: 'Service', name, uid: service.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true };
    const collection = `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`;
    try {
      for (const plan of keep) {
        const current = plan.existing;
        if (current && same(current.endpoints ?? [], plan.endpoints) && same(current.ports ?? [], plan.ports) && same(current.metadata?.labels, labels)) continue;
        const body: Slice = {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            ...(current?.metadata ?? { generateName: `${name}-`, namespace, ownerReferences: [owner] }),
            labels,
            annotations: { ...(current?.metadata?.annotations ?? {}), ...(triggerTime ? { [lastChangeTriggerTimeAnnotation]: triggerTime } : {}) },
          },
          addressType: 'IPv4',
          endpoints: plan.endpoints,
          ports: plan.ports,
        };
        const stored = current ? await ctx.client.update(`${collection}/${current.metadata?.name}`, body) : await ctx.client.create(collection, body);
        noteWritten(key, stored.metadata?.name ?? '', Number(stored.metadata?.resourceVersion));
      }
      for (const s of remove) await deleteSlice(key, s);
    } catch (err) {
      if (!(err instanceof ApiRequestError && (err.code === 409 || err.code === 404))) {
        events.record(service, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${namespace}/${name}: ${(err as Error).message}`);
      }
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
