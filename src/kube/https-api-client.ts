// ApiClient over node:https with kept-alive connections, configured from a
// kubeconfig (its current context): the cluster's CA, the user's client
// certificate or bearer token, as client-node would apply them.
import { Agent, request, type RequestOptions } from 'node:https';
import { STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../reference/api/object.ts';
import { ApiRequestError, type ApiClient, type ListResult, type PatchType, type WatchEventType, type WatchHandle } from './api-client.ts';

export interface ApiClientOptions {
  /** Sent as User-Agent (default "kdrill"). */
  userAgent?: string;
  /** Connections per host for ordinary requests (default 64); watches have their own. */
  maxSockets?: number;
}

const listPageSize = '500';

const patchContentTypes: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

interface Connection {
  server: URL;
  tls: RequestOptions;
  headers: OutgoingHttpHeaders;
}

async function connectionFromKubeconfig(kubeconfigPath: string, userAgent: string): Promise<Connection> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`${kubeconfigPath}: no current cluster`);
  const opts: RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const tls: RequestOptions = {};
  for (const field of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername', 'auth'] as const) {
    if (opts[field] !== undefined) (tls as Record<string, unknown>)[field] = opts[field];
  }
  return {
    server: new URL(cluster.server),
    tls,
    headers: { ...(opts.headers as OutgoingHttpHeaders | undefined), 'user-agent': userAgent, accept: 'application/json' },
  };
}

function withQuery(path: string, query: Record<string, string> | undefined): string {
  if (!query || Object.keys(query).length === 0) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams(query).toString()}`;
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The Status a non-2xx response carries, or one made from the HTTP status line. */
function statusOf(statusCode: number, text: string): Record<string, unknown> {
  const body = parseJson(text) as Record<string, unknown> | undefined;
  if (body && body.kind === 'Status') return body;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code: statusCode,
    reason: STATUS_CODES[statusCode] ?? 'Unknown',
    message: text.trim() || `${statusCode} ${STATUS_CODES[statusCode] ?? ''}`.trim(),
  };
}

function errorFromStatus(statusCode: number, status: Record<string, unknown>): ApiRequestError {
  const code = typeof status.code === 'number' ? status.code : statusCode;
  return new ApiRequestError(code, String(status.reason ?? 'Unknown'), String(status.message ?? ''), status);
}

/** Item kinds and apiVersions, which list responses leave out, from the list's own. */
function withTypeMeta<T extends KubeObject>(items: T[], list: KubeObject): T[] {
  const kind = typeof list.kind === 'string' && list.kind.endsWith('List') ? list.kind.slice(0, -'List'.length) : undefined;
  for (const item of items) {
    if (item.kind === undefined && kind) item.kind = kind;
    if (item.apiVersion === undefined && list.apiVersion) item.apiVersion = list.apiVersion;
  }
  return items;
}

export async function createApiClient(kubeconfigPath: string, options: ApiClientOptions = {}): Promise<ApiClient> {
  const conn = await connectionFromKubeconfig(kubeconfigPath, options.userAgent ?? 'kdrill');
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  // Watches hold their connection for minutes; they must not queue behind, or starve, requests.
  const watchAgent = new Agent({ keepAlive: true });
  const watchRequests = new Set<{ stop(): void }>();

  function requestOptions(method: string, path: string, via: Agent, headers: OutgoingHttpHeaders): RequestOptions {
    return {
      ...conn.tls,
      agent: via,
      method,
      protocol: conn.server.protocol,
      hostname: conn.server.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: conn.server.port || 443,
      path: `${conn.server.pathname.replace(/\/$/, '')}${path}`,
      headers: { ...conn.headers, ...headers },
    };
  }

  function send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<unknown> {
    return sendText(method, path, body, contentType).then((text) => (text === '' ? undefined : JSON.parse(text)));
  }

  function sendText(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<string> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: OutgoingHttpHeaders = payload === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) };
    return new Promise((resolve, reject) => {
      const req = request(requestOptions(method, path, agent, headers), (res) => {
        readBody(res)
          .then((text) => {
            const code = res.statusCode ?? 0;
            if (code >= 200 && code < 300) resolve(text);
            else reject(errorFromStatus(code, statusOf(code, text)));
          })
          .catch(reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  function watch(path: string, query: Record<string, string>, onEvent: (type: WatchEventType, object: KubeObject) => void): WatchHandle {
    let stopped = false;
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const handle = {
      done,
      stop() {
        if (stopped) return;
        stopped = true;
        req.destroy();
        finish();
      },
    };
    const finish = () => {
      watchRequests.delete(handle);
      resolveDone();
    };
    const deliver = (type: WatchEventType, object: KubeObject) => {
      if (!stopped) onEvent(type, object);
    };
    const fail = (message: string) => deliver('ERROR', { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 500, reason: 'InternalError', message });
    const fullPath = withQuery(path, { ...query, watch: 'true', allowWatchBookmarks: 'true' });
    const req = request(requestOptions('GET', fullPath, watchAgent, {}), (res) => {
      const code = res.statusCode ?? 0;
      if (code < 200 || code >= 300) {
        readBody(res).then(
          (text) => deliver('ERROR', statusOf(code, text)),
          (err: Error) => fail(err.message),
        ).finally(finish);
        return;
      }
      let pending = '';
      const decode = (line: string) => {
        if (line.trim() === '') return;
        const event = parseJson(line) as { type?: WatchEventType; object?: KubeObject } | undefined;
        if (!event?.type || !event.object) fail(`undecodable watch event: ${line.slice(0, 200)}`);
        else deliver(event.type, event.object);
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        // An event can span chunks, and a chunk hold several events.
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf('\n')) !== -1) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          decode(line);
        }
      });
      res.on('end', () => {
        decode(pending);
        finish();
      });
      res.on('error', (err) => {
        fail(err.message);
        finish();
      });
      res.on('close', finish);
    });
    req.on('error', (err) => {
      fail(err.message);
      finish();
    });
    req.end();
    watchRequests.add(handle);
    return handle;
  }

  return {
    get: <T extends KubeObject>(path: string) => send('GET', path) as Promise<T>,

    async list<T extends KubeObject>(path: string, query: Record<string, string> = {}): Promise<ListResult<T>> {
      const items: T[] = [];
      let resourceVersion: string | undefined;
      let cont: string | undefined;
      do {
        const page = (await send('GET', withQuery(path, { limit: listPageSize, ...query, ...(cont ? { continue: cont } : {}) }))) as KubeObject & {
          items?: T[];
          metadata?: { resourceVersion?: string; continue?: string };
        };
        items.push(...withTypeMeta(page.items ?? [], page));
        resourceVersion ??= page.metadata?.resourceVersion ?? '';
        cont = page.metadata?.continue || undefined;
      } while (cont);
      return { items, resourceVersion: resourceVersion ?? '' };
    },

    create: <T extends KubeObject>(collectionPath: string, body: KubeObject, query?: Record<string, string>) =>
      send('POST', withQuery(collectionPath, query), body) as Promise<T>,

    update: <T extends KubeObject>(path: string, body: KubeObject, query?: Record<string, string>) =>
      send('PUT', withQuery(path, query), body) as Promise<T>,

    patch: <T extends KubeObject>(path: string, type: PatchType, body: unknown, query?: Record<string, string>) =>
      send('PATCH', withQuery(path, query), body, patchContentTypes[type]) as Promise<T>,

    delete: (path: string, options?: Record<string, unknown>) => send('DELETE', path, options),

    getText: (path: string) => sendText('GET', path),

    watch,

    close() {
      for (const w of [...watchRequests]) w.stop();
      agent.destroy();
      watchAgent.destroy();
    },
  };
}
