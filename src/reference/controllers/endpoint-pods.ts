// What the Endpoints and EndpointSlice controllers read from a Service and its
// pods, as upstream's pkg/controller/util/endpoint and endpointslice util do:
// which pods count, whether they are ready, the ports a service port resolves
// to on one pod (named targetPorts by container port name), the hostname a
// pod publishes, and the trigger time of a change.
import type { KubeObject } from '../api/object.ts';

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
  targetPort?: number | string;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

interface PodShape {
  spec?: { hostname?: string; subdomain?: string; nodeName?: string; containers?: { ports?: ContainerPort[] }[] };
  status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string; lastTransitionTime?: string }[] };
}

interface ServiceShape {
  spec?: { selector?: Record<string, string>; ports?: ServicePort[]; clusterIP?: string; publishNotReadyAddresses?: boolean; type?: string };
}

export const serviceNameLabel = 'kubernetes.io/service-name';
export const headlessLabel = 'service.kubernetes.io/headless';
export const lastChangeTriggerTimeAnnotation = 'endpoints.kubernetes.io/last-change-trigger-time';

function pod(p: KubeObject): PodShape {
  return p as PodShape;
}

export function serviceSpec(service: KubeObject): NonNullable<ServiceShape['spec']> {
  return (service as ServiceShape).spec ?? {};
}

/** The selector, or undefined when the service has none: its endpoints are then someone else's to write. */
export function serviceSelector(service: KubeObject): Record<string, string> | undefined {
  const s = serviceSpec(service);
  return s.type === 'ExternalName' ? undefined : s.selector;
}

export function isHeadlessService(service: KubeObject): boolean {
  return serviceSpec(service).clusterIP === 'None';
}

export function selects(selector: Record<string, string>, obj: KubeObject): boolean {
  const labels = obj.metadata?.labels ?? {};
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** ShouldPodBeInEndpoints: an IP, not terminal, and (unless terminating ones are wanted) not being deleted. */
export function podBelongsInEndpoints(p: KubeObject, includeTerminating: boolean): boolean {
  const status = pod(p).status ?? {};
  if (!status.podIP) return false;
  if (status.phase === 'Succeeded' || status.phase === 'Failed') return false;
  return includeTerminating || !p.metadata?.deletionTimestamp;
}

export function isPodReady(p: KubeObject): boolean {
  return (pod(p).status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export function podIP(p: KubeObject): string {
  return pod(p).status?.podIP ?? '';
}

export function podNodeName(p: KubeObject): string | undefined {
  return pod(p).spec?.nodeName || undefined;
}

/** The pod's hostname when it publishes one under this service (spec.subdomain names the service). */
export function podHostname(p: KubeObject, service: KubeObject): string | undefined {
  const spec = pod(p).spec ?? {};
  const sameNamespace = p.metadata?.namespace === service.metadata?.namespace;
  return spec.hostname && spec.subdomain === service.metadata?.name && sameNamespace ? spec.hostname : undefined;
}

export function podTargetRef(p: KubeObject): { kind: string; namespace: string; name: string; uid: string } {
  const m = p.metadata ?? {};
  return { kind: 'Pod', namespace: m.namespace ?? '', name: m.name ?? '', uid: m.uid ?? '' };
}

/** FindPort: a number as it is, a name looked up among the pod's container ports of the same protocol. */
function targetPortOn(p: KubeObject, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of pod(p).spec?.containers ?? []) {
    for (const cp of c.ports ?? []) if (cp.name === target && (cp.protocol ?? 'TCP') === protocol) return cp.containerPort;
  }
  return undefined;
}

/** The service's ports as they land on this pod; a port whose name the pod lacks is left out, as upstream does. */
export function endpointPortsOf(p: KubeObject, service: KubeObject): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of serviceSpec(service).ports ?? []) {
    const port = targetPortOn(p, sp);
    if (port === undefined) continue;
    out.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
  }
  return out;
}

/** A stable key of a port set: endpoints with equal keys share a subset or slice. */
export function portsKey(ports: EndpointPort[]): string {
  return JSON.stringify([...ports].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port || a.protocol.localeCompare(b.protocol)));
}

/**
 * The last-change-trigger-time: the latest moment any input changed, from the
 * service's creation and each pod's creation or Ready transition (upstream's
 * TriggerTimeTracker reads the same timestamps).
 */
export function lastChangeTriggerTime(service: KubeObject, pods: KubeObject[]): string | undefined {
  let latest = service.metadata?.creationTimestamp;
  for (const p of pods) {
    const ready = (pod(p).status?.conditions ?? []).find((c) => c.type === 'Ready')?.lastTransitionTime;
    const t = ready ?? p.metadata?.creationTimestamp;
    if (t && (!latest || Date.parse(t) > Date.parse(latest))) latest = t;
  }
  return latest;
}

/** Services in the pod's namespace whose selector matches it. */
export function servicesSelecting(services: KubeObject[], p: KubeObject): KubeObject[] {
  return services.filter((s) => {
    const selector = serviceSelector(s);
    return selector !== undefined && selects(selector, p);
  });
}
