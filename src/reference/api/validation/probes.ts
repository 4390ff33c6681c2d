// Probes and lifecycle hooks: exactly one handler (exec, httpGet, tcpSocket,
// grpc, or sleep for hooks), ports by number or IANA name, and the probe
// timings.
import { child } from './field-path.ts';
import { isHTTPHeaderName, isValidPortName, isValidPortNum } from './formats.ts';
import { arr, isObj, num, obj, objs, optNum, str, type Obj } from './object-access.ts';
import { forbidden, invalid, notSupported, required, type StatusCause } from './status-cause.ts';

/** An IntOrString port: a number in range, or a port name. */
export function validatePortNumOrName(port: unknown, path: string): StatusCause[] {
  if (typeof port === 'string') return isValidPortName(port).map((msg) => invalid(path, port, msg));
  const n = num(port);
  return isValidPortNum(n).map((msg) => invalid(path, n, msg));
}

function validateHttpGet(http: Obj, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!str(http.path)) causes.push(required(child(path, 'path')));
  causes.push(...validatePortNumOrName(http.port, child(path, 'port')));
  const scheme = str(http.scheme);
  if (scheme !== 'HTTP' && scheme !== 'HTTPS') causes.push(notSupported(child(path, 'scheme'), scheme, ['HTTP', 'HTTPS']));
  for (const header of objs(http.httpHeaders)) {
    const name = str(header.name);
    causes.push(...isHTTPHeaderName(name).map((msg) => invalid(child(path, 'httpHeaders'), name, msg)));
  }
  return causes;
}

const handlerTypes = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const;

function validateHandler(handler: Obj, allowed: readonly string[], gracePeriod: number | undefined, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  let count = 0;
  for (const type of handlerTypes) {
    if (!allowed.includes(type) || !isObj(handler[type])) continue;
    const p = child(path, type);
    if (count > 0) {
      causes.push(forbidden(p, 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const h = obj(handler[type]);
    if (type === 'exec' && arr(h.command).length === 0) causes.push(required(child(p, 'command')));
    if (type === 'httpGet') causes.push(...validateHttpGet(h, p));
    if (type === 'tcpSocket' || type === 'grpc') causes.push(...validatePortNumOrName(type === 'grpc' ? num(h.port) : h.port, child(p, 'port')));
    if (type === 'sleep' && gracePeriod !== undefined) {
      const seconds = num(h.seconds);
      if (seconds < 0 || seconds > gracePeriod) {
        causes.push(invalid(p, seconds, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`));
      }
    }
  }
  if (count === 0) causes.push(required(path, 'must specify a handler type'));
  return causes;
}

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

export function validateProbe(probe: unknown, kind: ProbeKind, gracePeriod: number | undefined, path: string): StatusCause[] {
  if (!isObj(probe)) return [];
  const causes = validateHandler(probe, ['exec', 'httpGet', 'tcpSocket', 'grpc'], gracePeriod, path);
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    const value = num(probe[field]);
    if (value < 0) causes.push(invalid(child(path, field), value, 'must be greater than or equal to 0'));
  }
  const probeGrace = optNum(probe.terminationGracePeriodSeconds);
  if (probeGrace !== undefined && probeGrace <= 0) {
    causes.push(invalid(child(path, 'terminationGracePeriodSeconds'), probeGrace, 'must be greater than 0'));
  }
  if (kind !== 'readinessProbe' && num(probe.successThreshold) !== 1) {
    causes.push(invalid(child(path, 'successThreshold'), num(probe.successThreshold), 'must be 1'));
  }
  if (kind === 'readinessProbe' && probeGrace !== undefined) {
    causes.push(invalid(child(path, 'terminationGracePeriodSeconds'), probeGrace, 'must not be set for readinessProbes'));
  }
  return causes;
}

export function validateLifecycle(lifecycle: unknown, gracePeriod: number | undefined, path: string): StatusCause[] {
  const l = obj(lifecycle);
  const causes: StatusCause[] = [];
  for (const hook of ['postStart', 'preStop']) {
    if (isObj(l[hook])) causes.push(...validateHandler(obj(l[hook]), ['exec', 'httpGet', 'tcpSocket', 'sleep'], gracePeriod, child(path, hook)));
  }
  return causes;
}
