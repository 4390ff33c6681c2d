// The aggregator's APIService availability controller (upstream
// kube-aggregator pkg/controllers/status): the Available condition of every
// APIService. A local one (no spec.service) is served by this API server;
// one backed by a Service needs that Service, listening on the port, with
// endpoints ready on it; past those checks upstream probes the backend's
// discovery, which this API server cannot do since it does not proxy to
// aggregated API servers, so such an APIService stays unavailable
// (FailedDiscoveryCheck).
import { objectKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import { setCondition, type Condition } from './conditions.ts';

export const apiServicesPath = '/apis/apiregistration.k8s.io/v1/apiservices';

const workers = 2;

interface ApiService extends KubeObject {
  spec?: { group?: string; version?: string; service?: { namespace?: string; name?: string; port?: number } };
  status?: { conditions?: Condition[] };
}

interface ServicePort {
  name?: string;
  port?: number;
}

interface EndpointSubset {
  addresses?: unknown[];
  ports?: { name?: string }[];
}

/** The Available condition's status, reason and message for what the cluster holds (upstream sync). */
export function availability(
  apiService: ApiService,
  service: KubeObject | undefined,
  endpoints: KubeObject | undefined,
): { available: boolean; reason: string; message: string } {
  const ref = apiService.spec?.service;
  if (!ref) return { available: true, reason: 'Local', message: 'Local APIServices are always available' };
  const where = `service/${ref.name} in "${ref.namespace}"`;
  if (!service) return { available: false, reason: 'ServiceNotFound', message: `${where} is not present` };
  const spec = (service.spec ?? {}) as { type?: string; ports?: ServicePort[]; clusterIP?: string };
  const port = ref.port ?? 443;
  if ((spec.type ?? 'ClusterIP') === 'ClusterIP') {
    const servicePort = (spec.ports ?? []).find((p) => p.port === port);
    if (!servicePort) return { available: false, reason: 'ServicePortError', message: `${where} is not listening on port ${port}` };
    if (!endpoints) return { available: false, reason: 'ServiceNotFound', message: `cannot find endpoints for ${where}` };
    const portName = servicePort.name ?? '';
    const subsets = (endpoints as { subsets?: EndpointSubset[] }).subsets ?? [];
    const active = subsets.some((s) => (s.addresses ?? []).length > 0 && (s.ports ?? []).some((p) => (p.name ?? '') === portName));
    if (!active) return { available: false, reason: 'MissingEndpoints', message: `endpoints for ${where} have no addresses with port name "${portName}"` };
  }
  const url = `https://${ref.name}.${ref.namespace}.svc:${port}/apis/${apiService.spec?.group}/${apiService.spec?.version}`;
  return { available: false, reason: 'FailedDiscoveryCheck', message: `failing or missing response from ${url}: this API server does not proxy to aggregated API servers` };
}

export async function startApiServiceController(ctx: ControllerContext): Promise<Controller> {
  const apiServices = ctx.informers.for<ApiService>(apiServicesPath);
  const services = ctx.informers.for('/api/v1/services');
  const endpoints = ctx.informers.for('/api/v1/endpoints');
  const queue = createWorkQueue({ log: ctx.log });

  apiServices.on({ add: (a) => queue.add(objectKey(a)), update: (_old, a) => queue.add(objectKey(a)) });
  /** APIServices backed by the Service of this name and namespace. */
  const enqueueBacked = (obj: KubeObject): void => {
    for (const a of apiServices.list()) {
      const ref = a.spec?.service;
      if (ref?.name === obj.metadata?.name && ref?.namespace === obj.metadata?.namespace) queue.add(objectKey(a));
    }
  };
  for (const informer of [services, endpoints]) informer.on({ add: enqueueBacked, update: (_old, o) => enqueueBacked(o), delete: enqueueBacked });

  const sync = async (key: string): Promise<void> => {
    const apiService = apiServices.get(undefined, key);
    if (!apiService) return;
    const ref = apiService.spec?.service;
    const service = ref ? services.get(ref.namespace, ref.name ?? '') : undefined;
    const eps = ref ? endpoints.get(ref.namespace, ref.name ?? '') : undefined;
    const { available, reason, message } = availability(apiService, service, eps);
    const conditions = setCondition(apiService.status?.conditions, { type: 'Available', status: available ? 'True' : 'False', reason, message }, Date.now());
    if (JSON.stringify(conditions) === JSON.stringify(apiService.status?.conditions ?? [])) return;
    await ctx.client.update(`${apiServicesPath}/${apiService.metadata!.name}/status`, { ...apiService, status: { ...apiService.status, conditions } });
  };

  await Promise.all([apiServices.synced(), services.synced(), endpoints.synced()]);
  queue.run(workers, sync);
  return { stop: () => queue.stop() };
}
