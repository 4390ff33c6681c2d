// Runs one probe handler against a container, as pkg/kubelet/prober's
// runProbe does: ports by number or by the container's port name, hosts
// defaulting to the pod's IP (dialled from the node), httpGet path "/".
import type { RunningContainer } from '../container-runtime.ts';
import type { Container, ProbeHandler } from '../pod-types.ts';
import { execProbe } from './exec-probe.ts';
import { grpcProbe } from './grpc-probe.ts';
import { httpProbe } from './http-probe.ts';
import type { ProbeOutcome } from './probe-outcome.ts';
import { tcpProbe } from './tcp-probe.ts';

export interface ProbeTarget {
  container: Container;
  running: RunningContainer;
  podIP: string;
}

/** A port given by number or by the name of one of the container's ports. */
export function resolvePort(port: number | string, container: Container): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const named = container.ports?.find((p) => p.name === port);
  if (!named) throw new Error(`couldn't find port: ${port} in ${container.name}`);
  return named.containerPort;
}

export async function runProbe(handler: ProbeHandler, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  try {
    if (handler.exec) return await execProbe(target.running, handler.exec.command ?? [], timeoutMs);
    if (handler.httpGet) {
      const h = handler.httpGet;
      const host = h.host || target.podIP;
      const port = resolvePort(h.port, target.container);
      const scheme = (h.scheme ?? 'HTTP').toLowerCase();
      const path = h.path ? (h.path.startsWith('/') ? h.path : `/${h.path}`) : '/';
      const hostPort = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
      return await httpProbe(new URL(`${scheme}://${hostPort}${path}`), h.httpHeaders ?? [], timeoutMs);
    }
    if (handler.tcpSocket) return await tcpProbe(handler.tcpSocket.host || target.podIP, resolvePort(handler.tcpSocket.port, target.container), timeoutMs);
    if (handler.grpc) return await grpcProbe(target.podIP, handler.grpc.port, handler.grpc.service ?? '', timeoutMs);
    return { success: false, output: 'missing probe handler' };
  } catch (err) {
    return { success: false, output: (err as Error).message };
  }
}
