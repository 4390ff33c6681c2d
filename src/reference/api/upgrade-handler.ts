// Upgraded requests (WebSocket, SPDY) on pods/exec, pods/attach and
// pods/portforward: kube-apiserver finds the pod's node and proxies the
// connection to its kubelet. Exec and attach pass through unchanged (the
// kubelet speaks the WebSocket channel protocols itself); port forwarding
// tunnels SPDY through the client's WebSocket.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { KubeletClient, KubeletEndpoint } from './kubelet-client.ts';
import type { KubeObject } from './object.ts';
import type { ResourceRequest } from './request-info.ts';
import type { ResourceHandlerDeps } from './resource-handler.ts';
import { findByPlural } from './resources.ts';
import { ApiError, badRequest, resourceNotFound } from './status.ts';
import { attachPath } from './subresources/pod-attach.ts';
import { execPath } from './subresources/pod-exec.ts';
import { portForwardPath, tunnelledSpdyProtocols, tunnelPortForward } from './subresources/pod-portforward.ts';

const hopByHop = new Set(['host', 'authorization', 'content-length', 'transfer-encoding']);

function rawResponse(code: number, reason: string, contentType: string, body: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`),
    body,
  ]);
}

/** Answers an upgrade request that will not be upgraded with a Status, as any other request. */
export function writeUpgradeError(socket: Duplex, err: ApiError): void {
  if (socket.destroyed) return;
  socket.end(rawResponse(err.code, err.reason, 'application/json', Buffer.from(JSON.stringify(err.toStatus()))));
}

/** The kubelet refused to upgrade: its answer goes back as it came. */
async function passResponse(socket: Duplex, response: IncomingMessage): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  socket.end(rawResponse(response.statusCode ?? 502, response.statusMessage ?? '', String(response.headers['content-type'] ?? 'text/plain'), Buffer.concat(chunks)));
}

async function proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, kubelets: KubeletClient, endpoint: KubeletEndpoint, path: string): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
  }
  const answer = await kubelets.upgrade(endpoint, path, req.method ?? 'GET', headers);
  if (!answer.upgraded) return passResponse(socket, answer.response);
  const { response, socket: backend } = answer;
  const lines = [`HTTP/1.1 101 ${response.statusMessage ?? 'Switching Protocols'}`];
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) lines.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (answer.head.length) socket.write(answer.head);
  if (head.length) backend.write(head);
  backend.pipe(socket);
  socket.pipe(backend);
  const closeBoth = () => {
    socket.destroy();
    backend.destroy();
  };
  socket.on('close', closeBoth);
  socket.on('error', closeBoth);
  backend.on('close', closeBoth);
  backend.on('error', closeBoth);
}

async function podEndpoint(kubelets: KubeletClient, pod: KubeObject): Promise<KubeletEndpoint> {
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (!nodeName) throw badRequest(`pod ${pod.metadata?.name} does not have a host assigned`);
  const endpoint = await kubelets.endpointForPod(pod);
  if (!endpoint) throw badRequest(`node "${nodeName}" does not serve the kubelet API (no address or kubelet port)`);
  return endpoint;
}

export async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, r: ResourceRequest, q: URLSearchParams, deps: ResourceHandlerDeps): Promise<void> {
  const t = findByPlural(r.group, r.version, r.resource);
  const streaming = r.subresource === 'exec' || r.subresource === 'attach' || r.subresource === 'portforward';
  if (!t || t.group !== '' || t.plural !== 'pods' || r.name === undefined || r.namespace === undefined || !streaming) throw resourceNotFound();
  const pod = await deps.registry.get(t, r.namespace, r.name);
  const endpoint = await podEndpoint(deps.kubelets, pod);
  if (r.subresource === 'portforward') {
    const protocols = tunnelledSpdyProtocols(req);
    if (protocols.length && (req.headers.upgrade ?? '').toLowerCase() === 'websocket') {
      const refused = await tunnelPortForward(req, socket, head, deps.kubelets, endpoint, portForwardPath(pod), protocols);
      if (refused) await passResponse(socket, refused);
      return;
    }
    return proxyUpgrade(req, socket, head, deps.kubelets, endpoint, portForwardPath(pod));
  }
  const path = r.subresource === 'exec' ? execPath(pod, q) : attachPath(pod, q);
  return proxyUpgrade(req, socket, head, deps.kubelets, endpoint, path);
}
