// Which Services ("ns/name") changed since the last sync, as kube-proxy's
// ServiceChangeTracker and EndpointsChangeTracker tell its partial syncs
// (pkg/proxy/servicechangetracker.go, endpointschangetracker.go,
// endpointslicecache.go): only what the proxy sees counts. A Service counts
// when its proxied ports differ from those at the last sync (so an edit undone
// before the sync does not count, nor a label or annotation edit); an
// EndpointSlice add, update or delete counts for the Service it is labelled
// with when the slice's ports or endpoints differ from the slice as it was.
import { serviceNameLabel, servicePorts, type EndpointSliceObject, type ServiceObject } from './service-port.ts';

function serviceKey(service: ServiceObject): string {
  return `${service.metadata?.namespace ?? ''}/${service.metadata?.name ?? ''}`;
}

/** The Service as the proxy sees it: its proxied ports (none for headless and ExternalName Services, or none at all). */
function serviceView(service: ServiceObject | undefined): string {
  return service === undefined ? '[]' : JSON.stringify(servicePorts([service], [], ''));
}

/** The slice as the proxy sees it (endpointslicecache.go endpointSliceInfo). */
function sliceView(slice: EndpointSliceObject | undefined): string {
  if (slice === undefined) return '';
  const ports = (slice.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' }));
  const endpoints = (slice.endpoints ?? []).map((e) => ({ addresses: e.addresses ?? [], nodeName: e.nodeName, conditions: e.conditions ?? {} }));
  return JSON.stringify({ addressType: slice.addressType, ports, endpoints });
}

function sliceService(slice: EndpointSliceObject | undefined): string | undefined {
  const service = slice?.metadata?.labels?.[serviceNameLabel];
  return service === undefined ? undefined : `${slice?.metadata?.namespace ?? ''}/${service}`;
}

export class ServiceChanges {
  /** Per Service changed since the last checkout: how the proxy saw it then. */
  readonly #servicesBefore = new Map<string, string>();
  readonly #endpointsChanged = new Set<string>();

  /** A Service added (previous undefined), updated, or deleted (current undefined); true while a Service change is pending. */
  serviceEvent(previous: ServiceObject | undefined, current: ServiceObject | undefined): boolean {
    const service = current ?? previous;
    if (service === undefined) return this.#servicesBefore.size > 0;
    const key = serviceKey(service);
    if (!this.#servicesBefore.has(key)) this.#servicesBefore.set(key, serviceView(previous));
    if (this.#servicesBefore.get(key) === serviceView(current)) this.#servicesBefore.delete(key);
    return this.#servicesBefore.size > 0;
  }

  /** An EndpointSlice added (previous undefined), updated, or deleted (current undefined); true when it changed what the proxy sees. */
  endpointSliceEvent(previous: EndpointSliceObject | undefined, current: EndpointSliceObject | undefined): boolean {
    const before = sliceService(previous);
    const after = sliceService(current);
    if (before === after && sliceView(previous) === sliceView(current)) return false;
    for (const service of [before, after]) if (service !== undefined) this.#endpointsChanged.add(service);
    return before !== undefined || after !== undefined;
  }

  /** The Services changed since the last checkout, forgotten here: a sync takes them. */
  checkout(): Set<string> {
    const changed = new Set([...this.#servicesBefore.keys(), ...this.#endpointsChanged]);
    this.#servicesBefore.clear();
    this.#endpointsChanged.clear();
    return changed;
  }
}
