// kdrill dns-server: the cluster DNS server (the kube-dns Service's pods run
// it) in the foreground until SIGTERM or Ctrl-C: it watches Services,
// EndpointSlices and Pods and answers for the cluster domain on UDP and TCP,
// with health (/health) and readiness (/ready) endpoints on CoreDNS's ports.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiClient } from '../../kube/api-client.ts';
import { createApiClient } from '../../kube/https-api-client.ts';
import { InformerFactory } from '../../kube/shared-informer.ts';
import { ClusterRecordsSource } from '../../reference/dns/cluster-records-source.ts';
import { DnsServer } from '../../reference/dns/dns-server.ts';
import { inClusterServer, serviceAccountDir, writeServiceAccountKubeconfig } from '../../reference/dns/service-account-kubeconfig.ts';
import { tokenFileClient } from '../../reference/dns/token-file-client.ts';
import { parseUpstream, type Upstream } from '../../reference/dns/upstream-forwarder.ts';
import { exitCodes, type Command } from '../command.ts';
import { UsageError } from '../flags.ts';
import { podsModes, type PodsMode } from '../../reference/dns/cluster-records.ts';

function listenHttp(host: string, port: number, path: string, ok: () => boolean): Promise<Server> {
  const server = createServer((req, res) => {
    const good = req.url === path && ok();
    res.writeHead(good ? 200 : 503, { 'content-type': 'text/plain' }).end(good ? 'OK' : 'not ready');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export const dnsServerCommand: Command = {
  name: 'dns-server',
  summary: 'Run the cluster DNS server (kube-dns) in the foreground',
  usage: 'kdrill dns-server [--kubeconfig FILE | --api-server URL] [--port 53] [--upstream ADDR[:PORT]]... [--pods insecure|verified]',
  flags: {
    kubeconfig: { type: 'string', placeholder: 'FILE', description: 'Reach the API with this kubeconfig (default: the pod’s ServiceAccount)' },
    'api-server': { type: 'string', placeholder: 'URL', description: 'With the ServiceAccount: the API server (default https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT)' },
    host: { type: 'string', placeholder: 'ADDR', default: '0.0.0.0', description: 'Address to listen on' },
    port: { type: 'number', placeholder: 'N', default: 53, description: 'DNS port, UDP and TCP' },
    zone: { type: 'string', placeholder: 'DOMAIN', default: 'cluster.local', description: 'The cluster domain' },
    ttl: { type: 'number', placeholder: 'SECONDS', default: 5, description: 'TTL of the cluster records' },
    pods: { type: 'string', placeholder: 'insecure|verified', default: 'insecure', description: 'A-B-C-D.NS.pod names: any address (insecure, as kubeadm and k3s) or only a pod\'s in that namespace (verified)' },
    upstream: { type: 'list', placeholder: 'ADDR[:PORT]', description: 'Where names outside the cluster go (none: answered REFUSED)' },
    'health-port': { type: 'number', placeholder: 'N', default: 8080, description: 'Port of /health (0: none)' },
    'ready-port': { type: 'number', placeholder: 'N', default: 8181, description: 'Port of /ready, 200 once the records are loaded (0: none)' },
  },
  async run({ flags, positionals }) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    let upstreams: Upstream[];
    try {
      upstreams = ((flags.upstream as string[] | undefined) ?? []).flatMap((u) => u.split(',')).filter(Boolean).map(parseUpstream);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const pods = flags.pods as PodsMode;
    if (!podsModes.includes(pods)) throw new UsageError(`--pods must be ${podsModes.join(' or ')}, not "${pods}"`);
    const log = (m: string) => process.stderr.write(`${m}\n`);
    const host = flags.host as string;
    const kubeconfig = flags.kubeconfig as string | undefined;
    const tempDir = kubeconfig ? undefined : await mkdtemp(join(tmpdir(), 'kdrill-dns-'));
    try {
      const userAgent = 'kdrill-dns-server';
      let client: ApiClient;
      if (kubeconfig) client = await createApiClient(kubeconfig, { userAgent });
      else {
        const server = (flags['api-server'] as string | undefined) ?? inClusterServer(process.env);
        if (!server) throw new UsageError('not in a pod (no KUBERNETES_SERVICE_HOST): give --kubeconfig or --api-server');
        const accountKubeconfig = await writeServiceAccountKubeconfig(tempDir!, server);
        client = await tokenFileClient({ tokenFile: join(serviceAccountDir, 'token'), createClient: () => createApiClient(accountKubeconfig, { userAgent }), log });
      }
      const informers = new InformerFactory(client, { log });
      const source = new ClusterRecordsSource(informers, { zone: flags.zone as string, ttl: flags.ttl as number, pods });
      let ready = false;
      const dns = new DnsServer({ host, port: flags.port as number, answer: (q) => source.records().answer(q), upstreams, log });
      const http: Server[] = [];
      try {
        informers.start();
        await dns.listen();
        if (flags['health-port']) http.push(await listenHttp(host, flags['health-port'] as number, '/health', () => true));
        if (flags['ready-port']) http.push(await listenHttp(host, flags['ready-port'] as number, '/ready', () => ready));
        log(`dns-server: ${flags.zone} on ${host}:${dns.port} udp and tcp; upstreams: ${upstreams.map((u) => `${u.host}:${u.port}`).join(', ') || 'none (REFUSED)'}`);
        await source.synced();
        ready = true;
        log('dns-server: Services, EndpointSlices and Pods loaded; ready');
        await new Promise<void>((resolve) => {
          const stop = (signal: string) => {
            log(`${signal}: stopping`);
            resolve();
          };
          process.once('SIGINT', () => stop('SIGINT'));
          process.once('SIGTERM', () => stop('SIGTERM'));
        });
      } finally {
        await Promise.all([dns.close(), informers.stop(), ...http.map((s) => new Promise((r) => s.close(r)))]);
        client.close();
      }
      return exitCodes.ok;
    } finally {
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    }
  },
};
