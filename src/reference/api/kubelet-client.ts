// How the API server reaches a node's kubelet, as kube-apiserver does for
// logs, exec, attach and port forwarding: the node's InternalIP and
// status.daemonEndpoints.kubeletEndpoint.Port, over HTTPS with the API
// server's kubelet client certificate. Like kube-apiserver without
// --kubelet-certificate-authority (kubeadm's default), it does not verify the
// kubelet's serving certificate. A node that publishes kubelet port 0 (a
// simulated node) serves no kubelet API.
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request } from 'node:https';
import type { Duplex } from 'node:stream';
import type { KubeObject } from './object.ts';
import type { CertificateAndKey } from './pki.ts';
import type { Registry } from './registry.ts';
import { resourceTypes, type ResourceType } from './resources.ts';
import { ApiError, badRequest } from './status.ts';

const dialTimeoutMs = 30_000;

export const kubeletClientUser = 'kube-apiserver-kubelet-client';
export const kubeletClientGroups: readonly string[] = ['kubeadm:cluster-admins'];

export interface KubeletEndpoint {
  node: string;
  host: string;
  port: number;
}

/** The kubelet's answer to an upgrade: the switched connection, or the response refusing it. */
export type KubeletUpgrade =
  | { upgraded: true; response: IncomingMessage; socket: Duplex; head: Buffer }
  | { upgraded: false; response: IncomingMessage };

interface NodeStatus {
  addresses?: { type: string; address: string }[];
  daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
}

function nodesType(): ResourceType {
  return resourceTypes.find((t) => t.group === '' && t.plural === 'nodes')!;
}

export class KubeletClient {
  private readonly registry: Registry;
  private readonly credentials: CertificateAndKey;

  constructor(registry: Registry, credentials: CertificateAndKey) {
    this.registry = registry;
    this.credentials = credentials;
  }

  /** The kubelet serving the pod's node, or undefined when the pod is unbound or its node serves no kubelet API. */
  async endpointForPod(pod: KubeObject): Promise<KubeletEndpoint | undefined> {
    const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    if (!nodeName) return undefined;
    return this.endpointForNode(nodeName);
  }

  async endpointForNode(name: string): Promise<KubeletEndpoint | undefined> {
    let node: KubeObject;
    try {
      node = await this.registry.get(nodesType(), undefined, name);
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return undefined;
      throw err;
    }
    const status = (node.status ?? {}) as NodeStatus;
    const port = status.daemonEndpoints?.kubeletEndpoint?.Port;
    const host = status.addresses?.find((a) => a.type === 'InternalIP')?.address;
    if (!port || !host) return undefined;
    return { node: name, host, port };
  }

  private request(endpoint: KubeletEndpoint, path: string, method: string, headers: Record<string, string | string[]>): ClientRequest {
    const req = request({
      host: endpoint.host,
      port: endpoint.port,
      path,
      method,
      headers,
      cert: this.credentials.cert,
      key: this.credentials.key,
      rejectUnauthorized: false,
      agent: false,
    });
    // A node that does not answer fails the request after kube-apiserver's dial timeout, not the system's.
    req.once('socket', (socket) => {
      const timer = setTimeout(() => req.destroy(new Error('i/o timeout')), dialTimeoutMs);
      socket.once('secureConnect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    return req;
  }

  /** A GET whose answer streams back (logs); rejects when the kubelet cannot be reached. */
  get(endpoint: KubeletEndpoint, path: string): Promise<IncomingMessage> {
    return this.send(endpoint, path, 'GET', {});
  }

  /** Any request, its body from `body` when given; resolves with the answer as it starts to stream back. */
  send(endpoint: KubeletEndpoint, path: string, method: string, headers: Record<string, string | string[]>, body?: NodeJS.ReadableStream): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = this.request(endpoint, path, method, headers);
      req.once('response', resolve);
      req.once('error', (err) => reject(unreachable(endpoint, err)));
      if (body) body.pipe(req);
      else req.end();
    });
  }

  /**
   * Sends an upgrade request (WebSocket or SPDY) and resolves with the
   * kubelet's answer: the switched connection on 101, otherwise the response.
   */
  upgrade(endpoint: KubeletEndpoint, path: string, method: string, headers: Record<string, string | string[]>): Promise<KubeletUpgrade> {
    return new Promise((resolve, reject) => {
      const req = this.request(endpoint, path, method, headers);
      req.once('upgrade', (response: IncomingMessage, socket: Duplex, head: Buffer) => resolve({ upgraded: true, response, socket, head }));
      req.once('response', (response: IncomingMessage) => resolve({ upgraded: false, response }));
      req.once('error', (err) => reject(unreachable(endpoint, err)));
      req.end();
    });
  }
}

function unreachable(endpoint: KubeletEndpoint, err: Error): ApiError {
  return new ApiError(500, 'InternalError', `error dialing backend: dial tcp ${endpoint.host}:${endpoint.port}: ${err.message}`);
}

/** The kubelet's error answer as kube-apiserver turns it into a Status (its generic response checker). */
export async function kubeletError(response: IncomingMessage, resource: string, name: string): Promise<ApiError> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8').trim();
  const code = response.statusCode ?? 500;
  if (code === 400) return badRequest(body);
  if (code === 404) return new ApiError(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
  if (code === 401 || code === 403) return new ApiError(code, code === 401 ? 'Unauthorized' : 'Forbidden', body);
  return new ApiError(500, 'InternalError', `Internal error occurred: ${body}`);
}
