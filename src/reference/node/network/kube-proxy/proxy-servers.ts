// kube-proxy's two HTTP endpoints: the health server (--healthz-bind-address,
// 0.0.0.0:10256: /healthz and /livez, what the DaemonSet's probes and load
// balancers' health checks ask) and the metrics server
// (--metrics-bind-address, 127.0.0.1:10249: /metrics, /healthz and /proxyMode).
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { ProxyHealth } from './proxy-health.ts';
import type { ProxyMetrics } from './proxy-metrics.ts';

export interface ProxyServerAddresses {
  healthz: { host: string; port: number };
  metrics: { host: string; port: number };
}

export const defaultProxyServerAddresses: ProxyServerAddresses = {
  healthz: { host: '0.0.0.0', port: 10256 },
  metrics: { host: '127.0.0.1', port: 10249 },
};

export interface RunningProxyServers {
  /** The ports listened on (useful with port 0). */
  healthzPort: number;
  metricsPort: number;
  close(): Promise<void>;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startProxyServers(health: ProxyHealth, metrics: ProxyMetrics, addresses: ProxyServerAddresses = defaultProxyServerAddresses): Promise<RunningProxyServers> {
  const healthz = (res: ServerResponse) => {
    const ok = health.healthy();
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' }).end(JSON.stringify(health.body()));
  };
  const healthServer = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/healthz' || path === '/livez') return healthz(res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
  });
  const metricsServer = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/metrics') {
      void metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message),
      );
      return;
    }
    if (path === '/healthz') return healthz(res);
    if (path === '/proxyMode') return res.writeHead(200, { 'content-type': 'text/plain' }).end('iptables');
    res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
  });
  const healthzPort = await listen(healthServer, addresses.healthz.host, addresses.healthz.port);
  let metricsPort: number;
  try {
    metricsPort = await listen(metricsServer, addresses.metrics.host, addresses.metrics.port);
  } catch (err) {
    await close(healthServer);
    throw err;
  }
  return { healthzPort, metricsPort, close: async () => void (await Promise.all([close(healthServer), close(metricsServer)])) };
}
