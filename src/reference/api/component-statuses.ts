// v1 ComponentStatus (deprecated upstream, still served): computed on every
// read, never stored. The scheduler and the controller manager are healthy
// when they run beside this API server, etcd when the store answers; every
// answer carries the deprecation warning kube-apiserver sends.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from './object.ts';
import { ResponseShaper } from './printing/response-shaper.ts';
import type { ResourceType } from './resources.ts';
import { sendJson } from './responses.ts';
import { notFound } from './status.ts';
import { setWarnings } from './unknown-fields.ts';

export const componentStatusDeprecation = 'v1 ComponentStatus is deprecated in v1.19+';

export interface ComponentHealth {
  /** Whether the scheduler and controller manager run with this API server. */
  controllersRunning(): boolean;
  /** Resolves when the store answers. */
  store(): Promise<void>;
}

function componentStatus(name: string, status: 'True' | 'False' | 'Unknown', message: string, error: string): KubeObject {
  return {
    kind: 'ComponentStatus',
    apiVersion: 'v1',
    metadata: { name },
    conditions: [{ type: 'Healthy', status, ...(message ? { message } : {}), ...(error ? { error } : {}) }],
  } as KubeObject;
}

/** The statuses in upstream's order: scheduler, controller-manager, then the etcd servers. */
export async function componentStatuses(health: ComponentHealth): Promise<KubeObject[]> {
  const running = health.controllersRunning();
  const notRunning = (component: string) => `${component} is not running: this control plane was started with --controllers=false`;
  let etcd: KubeObject;
  try {
    await health.store();
    etcd = componentStatus('etcd-0', 'True', '{"health":"true","reason":""}', '');
  } catch (err) {
    etcd = componentStatus('etcd-0', 'Unknown', '', (err as Error).message);
  }
  return [
    running ? componentStatus('scheduler', 'True', 'ok', '') : componentStatus('scheduler', 'Unknown', '', notRunning('the scheduler')),
    running ? componentStatus('controller-manager', 'True', 'ok', '') : componentStatus('controller-manager', 'Unknown', '', notRunning('the controller manager')),
    etcd,
  ];
}

/** GET of componentstatuses or componentstatuses/NAME, as an object, a list or a Table. */
export async function serveComponentStatuses(req: IncomingMessage, res: ServerResponse, t: ResourceType, name: string | undefined, q: URLSearchParams, health: ComponentHealth): Promise<void> {
  const shaper = new ResponseShaper(t, req.headers.accept, q);
  const statuses = await componentStatuses(health);
  setWarnings(res, [componentStatusDeprecation]);
  if (name === undefined) return sendJson(res, 200, shaper.list({ kind: 'ComponentStatusList', apiVersion: 'v1', metadata: {}, items: statuses }));
  const found = statuses.find((s) => s.metadata?.name === name);
  if (!found) throw notFound(t, name);
  sendJson(res, 200, shaper.object(found));
}
