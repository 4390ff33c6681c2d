// The node agent's HTTPS endpoint, the kubelet API on port 10250 that the API
// server proxies to: container logs, exec and attach (WebSocket channel
// protocols), port forwarding (SPDY), the pods the node runs, and health.
// Clients prove who they are with a certificate signed by the cluster CA (the
// API server's kubelet client certificate); anything else is refused. With
// an authorizer, what they may do is asked of it too (kubelet-authorizer.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClientCertHttpsServer } from '../../client-cert-https-server.ts';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import type { PodAccess } from '../pod-access.ts';
import { exitStatus, selectChannelProtocol } from './channel-protocol.ts';
import { runChannelSession } from './channel-session.ts';
import { serveSpdyStreams, spdyStreamProtocol } from './spdy-stream-session.ts';
import type { StreamSelection, StreamSessionOptions } from './stream-session.ts';
import { readContainerLog, type LogReadOptions } from './cri-log-reader.ts';
import { forbiddenMessage, kubeletRequestAttributes, type KubeletAuthorizer, type KubeletUser } from './kubelet-authorizer.ts';
import { portForwardProtocol, servePortForward } from './port-forward-session.ts';

export interface KubeletServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** PEM serving certificate and key, and the CA client certificates must chain to. */
  tls: { cert: string; key: string; clientCA: string };
  pods: PodAccess;
  /** The pods bound to this node, for /pods. */
  listPods(): unknown[];
  /** Authorization of authenticated requests (the kubelet's webhook mode); absent, the certificate is enough. */
  authorization?: { nodeName: string; authorize: KubeletAuthorizer };
}

class KubeletError extends Error {
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

const statusText: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error' };

function authenticated(req: IncomingMessage): boolean {
  return (req.socket as TLSSocket).authorized === true;
}

/** The certificate's user (CN) and groups (O). */
function certificateUser(req: IncomingMessage): KubeletUser {
  const subject = (req.socket as TLSSocket).getPeerCertificate().subject as unknown as Record<string, string | string[] | undefined>;
  return { name: [subject.CN ?? ''].flat()[0] ?? '', groups: [subject.O ?? []].flat() };
}

/** /PREFIX/a/b/c → [a, b, c] when it has exactly `count` non-empty parts after the prefix. */
function pathParts(pathname: string, prefix: string, count: number): string[] | undefined {
  if (!pathname.startsWith(`/${prefix}/`)) return undefined;
  try {
    const parts = pathname.slice(prefix.length + 2).split('/').map(decodeURIComponent);
    return parts.length === count && parts.every(Boolean) ? parts : undefined;
  } catch {
    return undefined;
  }
}

function nonNegative(q: URLSearchParams, key: string): number | undefined {
  const v = q.get(key);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new KubeletError(400, `${key}: must be a non-negative integer`);
  return n;
}

function isTrue(v: string | null): boolean {
  return v === 'true' || v === '1';
}

/** sinceSeconds or sinceTime (RFC 3339) as the earliest time to show. */
function sinceOf(q: URLSearchParams): Date | undefined {
  const seconds = nonNegative(q, 'sinceSeconds');
  if (seconds !== undefined) return new Date(Date.now() - seconds * 1000);
  const time = q.get('sinceTime');
  if (!time) return undefined;
  const parsed = new Date(time);
  if (Number.isNaN(parsed.getTime())) throw new KubeletError(400, `sinceTime: ${time} is not an RFC 3339 time`);
  return parsed;
}

/** X-Stream-Protocol-Version values (the header may come more than once). */
function offeredProtocols(req: IncomingMessage): string[] {
  const raw: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() === 'x-stream-protocol-version') raw.push(req.rawHeaders[i + 1]!);
  }
  return raw.flatMap((v) => v.split(',')).map((p) => p.trim());
}

function writeRawError(socket: Duplex, code: number, message: string): void {
  socket.end(`HTTP/1.1 ${code} ${statusText[code] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`);
}

export class KubeletServer {
  private readonly options: KubeletServerOptions;
  private readonly server: ClientCertHttpsServer;
  private readonly websockets = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => selectChannelProtocol(offered) ?? false,
  });

  constructor(options: KubeletServerOptions) {
    this.options = options;
    this.server = new ClientCertHttpsServer({
      tls: { cert: options.tls.cert, key: options.tls.key, ca: options.tls.clientCA },
      handle: (req, res) => void this.handle(req, res),
      upgrade: (req, socket, head) => void this.upgrade(req, socket, head),
    });
  }

  listen(): Promise<number> {
    return this.server.listen(this.options.port, this.options.host);
  }

  /** Stops accepting and drops open connections (follows, execs and forwards included). */
  async close(): Promise<void> {
    const closed = this.server.close();
    this.websockets.close();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    try {
      if (url.pathname === '/healthz') {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('ok');
        return;
      }
      if (!authenticated(req)) throw new KubeletError(401, 'Unauthorized');
      const refusal = await this.refusal(req, url.pathname, false);
      if (refusal) throw new KubeletError(403, refusal);
      if (req.method !== 'GET') throw new KubeletError(405, `${req.method} is not supported here`);
      if (url.pathname === '/pods') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: this.options.listPods() }));
        return;
      }
      const logTarget = pathParts(url.pathname, 'containerLogs', 3);
      if (logTarget) return this.serveLogs(req, res, logTarget, url.searchParams);
      if (['exec', 'attach', 'portForward'].some((p) => url.pathname.startsWith(`/${p}/`))) throw new KubeletError(400, 'Upgrade request required');
      throw new KubeletError(404, '404 page not found');
    } catch (err) {
      const code = err instanceof KubeletError ? err.code : 500;
      if (!res.headersSent) {
        res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end((err as Error).message);
      } else {
        res.destroy();
      }
    }
  }

  private serveLogs(req: IncomingMessage, res: ServerResponse, [namespace, pod, container]: string[], q: URLSearchParams): void {
    const previous = isTrue(q.get('previous'));
    const path = this.options.pods.logPath(namespace!, pod!, container!, previous);
    if (!path) {
      throw new KubeletError(400, previous
        ? `previous terminated container "${container}" in pod "${pod}" not found`
        : `container "${container}" in pod "${pod}" is waiting to start: ContainerCreating`);
    }
    const options: LogReadOptions = { follow: isTrue(q.get('follow')) && !previous, timestamps: isTrue(q.get('timestamps')) };
    const tailLines = nonNegative(q, 'tailLines');
    if (tailLines !== undefined) options.tailLines = tailLines;
    const limitBytes = nonNegative(q, 'limitBytes');
    if (limitBytes !== undefined) options.limitBytes = limitBytes;
    const since = sinceOf(q);
    if (since) options.since = since;
    const running = previous ? undefined : this.options.pods.runningContainer(namespace!, pod!, container!);
    const stream = readContainerLog(path, options, running ? running.exited : Promise.resolve());
    let started = false;
    stream.on('error', (err) => {
      if (started) res.destroy();
      else {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`failed to read the log of container "${container}": ${err.message}`);
      }
    });
    stream.once('readable', () => {
      if (started || res.headersSent) return;
      started = true;
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
      stream.pipe(res);
    });
    req.on('close', () => stream.destroy());
  }

  /** Why the authorizer refuses the request, or undefined when it allows it (or there is none). */
  private async refusal(req: IncomingMessage, pathname: string, upgrade: boolean): Promise<string | undefined> {
    const authorization = this.options.authorization;
    if (!authorization) return undefined;
    const user = certificateUser(req);
    const attributes = kubeletRequestAttributes(req.method ?? 'GET', pathname, upgrade, authorization.nodeName);
    return (await authorization.authorize(user, attributes)) ? undefined : forbiddenMessage(user, attributes);
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'https://kubelet');
    if (!authenticated(req)) return writeRawError(socket, 401, 'Unauthorized');
    let refusal: string | undefined;
    try {
      refusal = await this.refusal(req, url.pathname, true);
    } catch (err) {
      return writeRawError(socket, 500, `authorization failed: ${(err as Error).message}`);
    }
    if (refusal) return writeRawError(socket, 403, refusal);
    const q = url.searchParams;
    const exec = pathParts(url.pathname, 'exec', 3);
    const attach = pathParts(url.pathname, 'attach', 3);
    const target = exec ?? attach;
    if (target) {
      const [namespace, pod, container] = target as [string, string, string];
      const running = this.options.pods.runningContainer(namespace, pod, container);
      if (!running) return writeRawError(socket, 404, `container not found ("${container}")`);
      const selection: StreamSelection = { stdin: isTrue(q.get('input')), stdout: isTrue(q.get('output')), stderr: isTrue(q.get('error')), tty: isTrue(q.get('tty')) };
      const argv = q.getAll('command');
      if (exec && argv.length === 0) return writeRawError(socket, 400, 'you must specify at least 1 command');
      const session: StreamSessionOptions = {
        selection,
        start: () => exec
          ? running.exec(argv, { stdin: selection.stdin, tty: selection.tty })
          : running.attach({ stdin: selection.stdin, tty: selection.tty }),
        status: (code) => exec ? exitStatus(argv, code) : { metadata: {}, status: 'Success' },
        killOnDisconnect: exec !== undefined,
      };
      const upgrade = (req.headers.upgrade ?? '').toLowerCase();
      if (upgrade === 'websocket') {
        this.websockets.handleUpgrade(req, socket, head, (ws) => void runChannelSession(ws, session));
        return;
      }
      if (upgrade !== 'spdy/3.1' || !offeredProtocols(req).includes(spdyStreamProtocol)) {
        return writeRawError(socket, 400, `streaming needs a WebSocket (v5/v4.channel.k8s.io) or an SPDY/3.1 upgrade (${spdyStreamProtocol})`);
      }
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${spdyStreamProtocol}\r\n\r\n`);
      serveSpdyStreams(socket, head, session);
      return;
    }
    const forward = pathParts(url.pathname, 'portForward', 2);
    if (forward) {
      const [namespace, pod] = forward as [string, string];
      if ((req.headers.upgrade ?? '').toLowerCase() !== 'spdy/3.1' || !offeredProtocols(req).includes(portForwardProtocol)) {
        return writeRawError(socket, 400, `port forwarding needs an SPDY/3.1 upgrade with X-Stream-Protocol-Version: ${portForwardProtocol}`);
      }
      const ip = this.options.pods.podIP(namespace, pod);
      if (!ip) return writeRawError(socket, 404, `pod "${namespace}/${pod}" not found`);
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${portForwardProtocol}\r\n\r\n`);
      servePortForward(socket, head, { ip, pod: `${namespace}/${pod}` });
      return;
    }
    writeRawError(socket, 404, '404 page not found');
  }
}
