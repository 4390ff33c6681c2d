// The environment variables the kubelet gives every container for the
// Services it may reach (pkg/kubelet/envvars FromServices and
// kubelet_pods.go getServiceEnvVarMap): Services of the pod's namespace when
// enableServiceLinks is on, and the `kubernetes` Service of the default
// namespace always; each as NAME_SERVICE_HOST, NAME_SERVICE_PORT,
// NAME_SERVICE_PORT_PORTNAME and the Docker link variables.
import type { KubeObject } from '../api/object.ts';

export interface Service extends KubeObject {
  spec?: { clusterIP?: string; ports?: { name?: string; port: number; protocol?: string }[] };
}

/** The services whose variables a pod in namespace gets, by name. */
export function servicesForPod(services: Service[], namespace: string, enableServiceLinks: boolean): Service[] {
  const byName = new Map<string, Service>();
  for (const s of services) {
    const ip = s.spec?.clusterIP;
    if (!ip || ip === 'None') continue;
    const name = s.metadata?.name ?? '';
    if (s.metadata?.namespace === 'default' && name === 'kubernetes') {
      if (!byName.has(name)) byName.set(name, s);
    } else if (s.metadata?.namespace === namespace && enableServiceLinks) {
      byName.set(name, s);
    }
  }
  return [...byName.values()];
}

function variableName(serviceName: string): string {
  return serviceName.toUpperCase().replaceAll('-', '_');
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export function serviceEnv(services: Service[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const s of services) {
    const ip = s.spec?.clusterIP ?? '';
    const ports = s.spec?.ports ?? [];
    const first = ports[0];
    if (!first) continue;
    const prefix = variableName(s.metadata?.name ?? '');
    env.set(`${prefix}_SERVICE_HOST`, ip);
    env.set(`${prefix}_SERVICE_PORT`, String(first.port));
    for (const p of ports) if (p.name) env.set(`${prefix}_SERVICE_PORT_${variableName(p.name)}`, String(p.port));
    ports.forEach((p, i) => {
      const protocol = (p.protocol || 'TCP').toLowerCase();
      const url = `${protocol}://${hostPort(ip, p.port)}`;
      if (i === 0) env.set(`${prefix}_PORT`, url);
      const portPrefix = `${prefix}_PORT_${p.port}_${protocol.toUpperCase()}`;
      env.set(portPrefix, url);
      env.set(`${portPrefix}_PROTO`, protocol);
      env.set(`${portPrefix}_PORT`, String(p.port));
      env.set(`${portPrefix}_ADDR`, ip);
    });
  }
  return env;
}
