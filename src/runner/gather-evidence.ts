// What the runner keeps from a failed scenario's namespace before cleaning it
// up: its events, a summary of each pod and the tail of each container's log.
import { ApiRequestError, type ApiClient } from '../kube/api-client.ts';
import type { KubeObject } from '../reference/api/object.ts';
import type { Evidence } from '../report/model.ts';

interface Event extends KubeObject {
  involvedObject?: { kind?: string; name?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
}

interface Pod extends KubeObject {
  spec?: { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string }[] };
  status?: { phase?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

const logTailLines = 100;

function problem(err: unknown): string {
  if (err instanceof ApiRequestError) return `${err.code} ${err.reason}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

export async function gatherEvidence(client: ApiClient, namespace: string): Promise<Evidence> {
  const evidence: Evidence = { events: [], podLogs: [], pods: [] };
  try {
    const events = await client.list<Event>(`/api/v1/namespaces/${namespace}/events`);
    evidence.events = events.items.map((e) => ({
      object: `${e.involvedObject?.kind ?? '?'}/${e.involvedObject?.name ?? '?'}`,
      type: e.type ?? '',
      reason: e.reason ?? '',
      message: e.message ?? '',
      count: e.count ?? 1,
      ...(e.lastTimestamp ? { lastTimestamp: e.lastTimestamp } : {}),
    }));
  } catch (err) {
    evidence.events.push({ object: `Namespace/${namespace}`, type: 'Warning', reason: 'EventsUnavailable', message: problem(err), count: 1 });
  }
  let pods: Pod[] = [];
  try {
    pods = (await client.list<Pod>(`/api/v1/namespaces/${namespace}/pods`)).items;
  } catch (err) {
    evidence.pods.push({ name: '(pods could not be listed)', conditions: [problem(err)] });
  }
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    evidence.pods.push({
      name,
      ...(pod.status?.phase ? { phase: pod.status.phase } : {}),
      ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
      conditions: (pod.status?.conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`),
    });
    const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
    for (const c of containers) {
      const path = `/api/v1/namespaces/${namespace}/pods/${name}/log?container=${encodeURIComponent(c.name)}&tailLines=${logTailLines}`;
      let log: string;
      try {
        log = await client.getText(path);
      } catch (err) {
        // A cluster with no log source for the node answers 400; that is a fact to record, not a failure.
        log = `(log unavailable: ${problem(err)})`;
      }
      evidence.podLogs.push({ pod: name, container: c.name, log });
    }
  }
  return evidence;
}
