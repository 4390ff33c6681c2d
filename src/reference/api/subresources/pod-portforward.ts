// pods/portforward: kubectl 1.34 asks for a WebSocket whose subprotocol is
// SPDY/3.1+portforward.k8s.io and speaks SPDY inside its binary messages.
// As kube-apiserver's tunneling handler: upgrade to SPDY/3.1 at the kubelet
// (/portForward/NS/POD) first, then accept the WebSocket with the protocol the
// kubelet chose, and carry the bytes between the two.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { KubeletClient, KubeletEndpoint } from '../kubelet-client.ts';
import type { KubeObject } from '../object.ts';
import { podTargetPath } from './pod-exec.ts';

export const spdyTunnelPrefix = 'SPDY/3.1+';

export function portForwardPath(pod: KubeObject): string {
  return podTargetPath('portForward', pod);
}

/** The SPDY protocols a tunnelling client offers (SPDY/3.1+X.k8s.io → X.k8s.io). */
export function tunnelledSpdyProtocols(req: IncomingMessage): string[] {
  return String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.startsWith(spdyTunnelPrefix) && p.endsWith('.k8s.io'))
    .map((p) => p.slice(spdyTunnelPrefix.length));
}

/**
 * Resolves once the tunnel is up; a kubelet that refuses the upgrade gets its
 * answer returned for the caller to pass on.
 */
export async function tunnelPortForward(
  req: IncomingMessage, socket: Duplex, head: Buffer,
  kubelets: KubeletClient, endpoint: KubeletEndpoint, path: string, protocols: string[],
): Promise<IncomingMessage | undefined> {
  const answer = await kubelets.upgrade(endpoint, path, 'POST', {
    Connection: 'Upgrade',
    Upgrade: 'SPDY/3.1',
    'X-Stream-Protocol-Version': protocols,
  });
  if (!answer.upgraded) return answer.response;
  const backend = answer.socket;
  const chosen = String(answer.response.headers['x-stream-protocol-version'] ?? '').trim();
  const websockets = new WebSocketServer({ noServer: true, handleProtocols: () => (chosen ? `${spdyTunnelPrefix}${chosen}` : false) });
  // Whether or not the client's handshake succeeds, the kubelet's connection ends with the client's.
  socket.once('close', () => backend.destroy());
  websockets.handleUpgrade(req, socket, head, (ws) => {
    if (answer.head.length) ws.send(answer.head, { binary: true });
    ws.on('message', (data: Buffer) => backend.write(data));
    backend.on('data', (data: Buffer) => ws.send(data, { binary: true }));
    const closeBoth = () => {
      ws.close(1000);
      backend.destroy();
      websockets.close();
    };
    ws.on('close', closeBoth);
    ws.on('error', closeBoth);
    backend.on('close', closeBoth);
    backend.on('error', closeBoth);
  });
  return undefined;
}
