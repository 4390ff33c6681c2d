// nodes/NAME/proxy[/PATH]: kube-apiserver's proxy to a node's kubelet API
// (https://INTERNAL-IP:KUBELET-PORT/PATH), any method, the body and the answer
// passed through: `kubectl get --raw /api/v1/nodes/NAME/proxy/pods`, for one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeletClient } from '../kubelet-client.ts';
import { ApiError } from '../status.ts';

export interface NodeProxyTarget {
  node: string;
  /** The path on the kubelet, with its leading slash. */
  path: string;
}

/** The node and kubelet path of /api/v1/nodes/NAME/proxy[/PATH], or undefined for any other path. */
export function nodeProxyTarget(pathname: string): NodeProxyTarget | undefined {
  const match = /^\/api\/v1\/nodes\/([^/]+)\/proxy(\/.*)?$/.exec(pathname);
  if (!match) return undefined;
  return { node: decodeURIComponent(match[1]!), path: match[2] ?? '/' };
}

const passedHeaders = ['content-type', 'accept', 'content-length'];

export async function serveNodeProxy(req: IncomingMessage, res: ServerResponse, url: URL, target: NodeProxyTarget, kubelets: KubeletClient): Promise<void> {
  const endpoint = await kubelets.endpointForNode(target.node);
  if (!endpoint) throw new ApiError(503, 'ServiceUnavailable', `no kubelet endpoint for node "${target.node}"`);
  const headers: Record<string, string | string[]> = {};
  for (const name of passedHeaders) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const response = await kubelets.send(endpoint, `${target.path}${url.search}`, req.method ?? 'GET', headers, req);
  res.writeHead(response.statusCode ?? 502, { 'Content-Type': String(response.headers['content-type'] ?? 'text/plain') });
  req.on('close', () => response.destroy());
  response.pipe(res);
}
