// The reference kube-apiserver: HTTPS with client-certificate and bearer-token
// authentication, health and version endpoints, discovery, OpenAPI, and the
// resource paths.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClientCertHttpsServer } from '../client-cert-https-server.ts';
import type { Authenticator } from './authn.ts';
import { apiGroupDocument, apiGroupList, apiResourceList, apiVersions } from './discovery.ts';
import { apiGroupDiscoveryList, sendAggregatedDiscovery, wantsAggregatedDiscovery } from './aggregated-discovery.ts';
import { handleResource, type ResourceHandlerDeps } from './resource-handler.ts';
import { parseResourcePath } from './request-info.ts';
import { sendJson } from './responses.ts';
import { ApiError, internalError, notAcceptable, resourceNotFound, unauthorized } from './status.ts';
import { versionInfo } from './version.ts';
import type { OpenApiDocuments } from './openapi-documents.ts';
import { acceptsOpenApiV2Protobuf, openApiV2Protobuf, openApiV2ProtobufContentType } from './schema/openapi-v2-protobuf.ts';
import type { Duplex } from 'node:stream';
import { handleUpgrade, writeUpgradeError } from './upgrade-handler.ts';
import { nodeProxyTarget, serveNodeProxy } from './subresources/node-proxy.ts';
import type { RequestAccess } from './authorization/request-access.ts';
import { runAsUser } from './authorization/request-user.ts';
import type { ServiceAccountIssuer } from './serviceaccount/issuer.ts';

export interface ApiServerOptions {
  host: string;
  port: number;
  tls: { key: string; cert: string; ca: string };
  authenticator: Authenticator;
  /** Impersonation and authorization of every authenticated request. */
  access: RequestAccess;
  /** Serves /.well-known/openid-configuration and /openid/v1/jwks. */
  serviceAccountIssuer: ServiceAccountIssuer;
  resources: ResourceHandlerDeps;
  openapi: OpenApiDocuments;
  /** Checks behind /readyz and /livez (the store answering, for one). */
  healthChecks: Record<string, () => Promise<void>>;
  /** Called for every request once it is answered (for logs and metrics). */
  onRequest?: (entry: { method: string; path: string; code: number; user?: string; ms: number }) => void;
}

const publicPaths = new Set(['/healthz', '/livez', '/readyz', '/version']);

function acceptsJson(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const type = part.split(';')[0]!.trim().toLowerCase();
    return type === 'application/json' || type === '*/*' || type === 'application/*' || type === 'application/yaml' || type === '';
  });
}

export class ApiServer {
  private readonly options: ApiServerOptions;
  private readonly server: ClientCertHttpsServer;

  constructor(options: ApiServerOptions) {
    this.options = options;
    this.server = new ClientCertHttpsServer({
      tls: options.tls,
      handle: (req, res) => void this.handle(req, res),
      upgrade: (req, socket, head) => void this.upgrade(req, socket, head),
    });
  }

  listen(): Promise<number> {
    return this.server.listen(this.options.port, this.options.host);
  }

  /** Stop accepting and drop open connections (watches included). */
  close(): Promise<void> {
    return this.server.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'https://apiserver');
    let user: string | undefined;
    try {
      if (publicPaths.has(url.pathname)) {
        await this.servePublic(url, res);
      } else {
        const authenticated = await this.options.authenticator.authenticateRequest(req);
        if (!authenticated) throw unauthorized();
        user = authenticated.name;
        const acting = await this.options.access.admit(req, url, authenticated);
        user = acting.name;
        if (!acceptsJson(req) && !(url.pathname === '/openapi/v2' && acceptsOpenApiV2Protobuf(req.headers.accept))) throw notAcceptable();
        await runAsUser(acting, () => this.route(req, res, url));
      }
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : internalError(err);
      if (!(err instanceof ApiError)) process.stderr.write(`apiserver: ${req.method} ${url.pathname}: ${(err as Error).stack ?? String(err)}\n`);
      if (!res.headersSent) sendJson(res, apiErr.code, apiErr.toStatus());
      else res.end();
    } finally {
      const done = () => this.options.onRequest?.({ method: req.method ?? '', path: url.pathname, code: res.statusCode, ...(user ? { user } : {}), ms: performance.now() - started });
      if (res.writableFinished) done();
      else res.once('finish', done);
    }
  }

  /** exec, attach and port forwarding: authenticated like any request, then proxied to the pod's kubelet. */
  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'https://apiserver');
    try {
      const authenticated = await this.options.authenticator.authenticateRequest(req);
      if (!authenticated) throw unauthorized();
      await this.options.access.admit(req, url, authenticated);
      const resource = parseResourcePath(url.pathname.replace(/\/+$/, ''));
      if (!resource) throw resourceNotFound();
      await handleUpgrade(req, socket, head, resource, url.searchParams, this.options.resources);
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : internalError(err);
      if (!(err instanceof ApiError)) process.stderr.write(`apiserver: upgrade ${url.pathname}: ${(err as Error).stack ?? String(err)}\n`);
      writeUpgradeError(socket, apiErr);
    }
  }

  private async servePublic(url: URL, res: ServerResponse): Promise<void> {
    if (url.pathname === '/version') return sendJson(res, 200, versionInfo());
    const lines: string[] = [];
    let failed = false;
    for (const [name, check] of Object.entries(this.options.healthChecks)) {
      try {
        await check();
        lines.push(`[+]${name} ok`);
      } catch (err) {
        failed = true;
        lines.push(`[-]${name} failed: ${(err as Error).message}`);
      }
    }
    const check = url.pathname.slice(1);
    const body = url.searchParams.has('verbose')
      ? `${lines.join('\n')}\n${check} check ${failed ? 'failed' : 'passed'}\n`
      : failed ? `${lines.join('\n')}\n${check} check failed\n` : 'ok';
    res.writeHead(failed ? 500 : 200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end(body);
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const parts = path.split('/').filter(Boolean);
    const get = req.method === 'GET';
    const types = this.options.resources.catalog.types();
    if (get && (path === '/api' || path === '/apis') && wantsAggregatedDiscovery(req)) return sendAggregatedDiscovery(res, apiGroupDiscoveryList(types, path === '/api'));
    if (get && path === '/api') return sendJson(res, 200, apiVersions(req.headers.host ?? `${this.options.host}:${this.options.port}`));
    if (get && path === '/apis') return sendJson(res, 200, apiGroupList(types));
    if (get && parts[0] === 'api' && parts.length === 2) return sendDocument(res, apiResourceList('', parts[1]!, types));
    if (get && parts[0] === 'apis' && parts.length === 2) return sendDocument(res, apiGroupDocument(parts[1]!, types));
    if (get && parts[0] === 'apis' && parts.length === 3) return sendDocument(res, apiResourceList(parts[1]!, parts[2]!, types));
    if (get && parts[0] === 'openapi') return this.serveOpenApi(req, res, path);
    if (get && path === '/.well-known/openid-configuration') return sendJson(res, 200, this.options.serviceAccountIssuer.openidConfiguration());
    if (get && path === '/openid/v1/jwks') return sendJson(res, 200, this.options.serviceAccountIssuer.jwks());
    if (get && path === '/') {
      return sendJson(res, 200, { paths: ['/api', '/api/v1', '/apis', '/healthz', '/livez', '/openapi/v2', '/openapi/v3', '/readyz', '/version'] });
    }
    const nodeProxy = nodeProxyTarget(url.pathname);
    if (nodeProxy) return serveNodeProxy(req, res, url, nodeProxy, this.options.resources.kubelets);
    const resource = parseResourcePath(path);
    if (!resource) throw resourceNotFound();
    await handleResource(req, res, resource, url.searchParams, this.options.resources);
  }

  private serveOpenApi(req: IncomingMessage, res: ServerResponse, path: string): void {
    const docs = this.options.openapi;
    if (path === '/openapi/v2' && acceptsOpenApiV2Protobuf(req.headers.accept)) {
      const body = openApiV2Protobuf(docs.v2() as Record<string, unknown>);
      res.writeHead(200, { 'Content-Type': openApiV2ProtobufContentType, 'Content-Length': body.length, 'Cache-Control': 'no-cache, private' });
      return void res.end(body);
    }
    if (path === '/openapi/v2') return sendJson(res, 200, docs.v2());
    if (path === '/openapi/v3') return sendJson(res, 200, docs.v3Index());
    const doc = path.startsWith('/openapi/v3/') ? docs.v3(path.slice('/openapi/v3/'.length)) : undefined;
    if (!doc) throw resourceNotFound();
    res.setHeader('Cache-Control', 'public, immutable');
    return sendJson(res, 200, doc);
  }
}

function sendDocument(res: ServerResponse, doc: Record<string, unknown> | undefined): void {
  if (!doc) throw resourceNotFound();
  sendJson(res, 200, doc);
}
