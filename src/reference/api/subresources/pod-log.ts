// pods/log: picks the container as kube-apiserver does, then asks the log
// source of the pod's node for the stream. Node agents plug their source in;
// with none, a container that has not run says so.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { KubeObject } from '../object.ts';
import { badRequest } from '../status.ts';

export interface PodLogOptions {
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
}

export interface PodLogSource {
  /** The log stream of a container, or undefined when no source serves the pod's node. */
  open(pod: KubeObject, options: PodLogOptions): Promise<Readable | undefined>;
}

interface Container {
  name: string;
}

/** The container a request names, or the pod's default one, as kube-apiserver picks it for logs, exec and attach. */
export function chooseContainer(pod: KubeObject, requested: string | null): string {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[]; ephemeralContainers?: Container[] };
  const name = pod.metadata?.name ?? '';
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name);
  if (requested) {
    if (!all.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  const containers = (spec.containers ?? []).map((c) => c.name);
  const defaulted = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  if (defaulted && containers.includes(defaulted)) return defaulted;
  if (containers.length === 1) return containers[0]!;
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
}

function intParam(q: URLSearchParams, key: string): number | undefined {
  const v = q.get(key);
  if (v === null) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${key}: Invalid value: "${v}": must be a non-negative integer`);
  return n;
}

export async function servePodLog(req: IncomingMessage, res: ServerResponse, pod: KubeObject, q: URLSearchParams, source: PodLogSource): Promise<void> {
  const container = chooseContainer(pod, q.get('container'));
  const options: PodLogOptions = {
    container,
    follow: q.get('follow') === 'true',
    previous: q.get('previous') === 'true',
    timestamps: q.get('timestamps') === 'true',
  };
  const tail = intParam(q, 'tailLines');
  if (tail !== undefined) options.tailLines = tail;
  const since = intParam(q, 'sinceSeconds');
  if (since !== undefined) options.sinceSeconds = since;
  const limit = intParam(q, 'limitBytes');
  if (limit !== undefined) options.limitBytes = limit;
  const sinceTime = q.get('sinceTime');
  if (sinceTime) options.sinceTime = sinceTime;
  const stream = await source.open(pod, options);
  if (!stream) {
    throw badRequest(`container "${container}" in pod "${pod.metadata?.name}" is waiting to start: ContainerCreating`);
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  req.on('close', () => stream.destroy());
  stream.on('error', () => res.end());
  stream.pipe(res);
}

/** The source used while no node agent serves logs. */
export const noPodLogs: PodLogSource = {
  async open() {
    return undefined;
  },
};
