// A keep-alive HTTPS JSON client for the benchmarks. client-go (kubectl,
// controllers) keeps its connections open; @kubernetes/client-node 2.0.1 opens
// a new TLS connection for every request, which would make the figures measure
// TLS handshakes rather than the API server.
import { Agent, request, type RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

export interface JsonClient {
  call(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): void;
}

export async function jsonClient(kubeconfigPath: string, maxSockets: number): Promise<JsonClient> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const tls: RequestOptions = {};
  await kc.applyToHTTPSOptions(tls);
  const server = new URL(kc.getCurrentCluster()!.server);
  const agent = new Agent({ keepAlive: true, maxSockets, ca: tls.ca, cert: tls.cert, key: tls.key });
  return {
    call(method, path, body) {
      return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = request({
          agent, hostname: server.hostname, port: server.port, method, path,
          headers: { Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}) },
        }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
            else resolve(JSON.parse(text));
          });
        });
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}
