// pods/exec: the options kube-apiserver validates (PodExecOptions), and the
// kubelet path it proxies the upgraded connection to:
// /exec/NS/POD/CONTAINER?command=…&input=1&output=1&error=1&tty=1.
import type { KubeObject } from '../object.ts';
import { badRequest } from '../status.ts';
import { chooseContainer } from './pod-log.ts';

export interface StreamOptions {
  container: string;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

function isTrue(v: string | null): boolean {
  return v === 'true' || v === '1';
}

/** The container and streams of an exec or attach, refused as kube-apiserver refuses them. */
export function streamOptions(pod: KubeObject, q: URLSearchParams, verb: 'exec' | 'attach'): StreamOptions {
  const options = {
    container: chooseContainer(pod, q.get('container')),
    stdin: isTrue(q.get('stdin')),
    stdout: isTrue(q.get('stdout')),
    stderr: isTrue(q.get('stderr')),
    tty: isTrue(q.get('tty')),
  };
  if (!options.stdin && !options.stdout && !options.stderr) throw badRequest('you must specify at least one of stdin, stdout, stderr');
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    throw badRequest(`cannot ${verb === 'exec' ? 'exec into' : 'attach to'} a container in a completed pod; current phase is ${phase}`);
  }
  return options;
}

/** The kubelet query of the streams: input, output, error, tty. */
export function streamQuery(options: StreamOptions): URLSearchParams {
  const q = new URLSearchParams();
  if (options.stdin) q.set('input', '1');
  if (options.stdout) q.set('output', '1');
  if (options.stderr) q.set('error', '1');
  if (options.tty) q.set('tty', '1');
  return q;
}

export function podTargetPath(prefix: string, pod: KubeObject, container?: string): string {
  const parts = [pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', ...(container === undefined ? [] : [container])];
  return `/${prefix}/${parts.map(encodeURIComponent).join('/')}`;
}

export function execPath(pod: KubeObject, q: URLSearchParams): string {
  const command = q.getAll('command');
  if (command.length === 0) throw badRequest('you must specify at least 1 command');
  const options = streamOptions(pod, q, 'exec');
  const query = streamQuery(options);
  for (const arg of command) query.append('command', arg);
  return `${podTargetPath('exec', pod, options.container)}?${query}`;
}
