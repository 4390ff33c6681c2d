// Port forwarding over SPDY (portforward.k8s.io), as the kubelet serves it:
// for every forwarded connection the client opens two streams with the same
// requestID, an error stream then a data stream, both naming the port. The
// data stream is joined to a TCP connection to the pod's address and port;
// anything that goes wrong is written on the error stream.
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { SpdySession, type SpdyStream } from './spdy-session.ts';

export const portForwardProtocol = 'portforward.k8s.io';

export interface PortForwardTarget {
  /** The pod's address (ports are opened on it). */
  ip: string;
  /** For error messages: namespace/name. */
  pod: string;
}

/** Serves one upgraded connection until either end closes it. */
export function servePortForward(socket: Duplex, head: Buffer, target: PortForwardTarget): void {
  const errorStreams = new Map<string, SpdyStream>();

  const forward = (stream: SpdyStream) => {
    const requestId = stream.headers.requestid ?? '';
    const port = Number(stream.headers.port);
    const fail = (message: string) => {
      const errorStream = errorStreams.get(requestId);
      errorStream?.write(Buffer.from(message));
      errorStream?.end();
      stream.end();
    };
    if (!Number.isInteger(port) || port <= 0 || port > 65535) return fail(`invalid port ${stream.headers.port ?? ''}`);
    const tcp = connect({ host: target.ip, port });
    stream.onData = (data) => tcp.write(data);
    stream.onEnd = () => tcp.end();
    stream.onReset = () => tcp.destroy();
    tcp.on('data', (chunk: Buffer) => stream.write(chunk));
    tcp.on('end', () => {
      stream.end();
      errorStreams.get(requestId)?.end();
    });
    tcp.on('close', () => errorStreams.delete(requestId));
    tcp.on('error', (err: NodeJS.ErrnoException) => {
      const reason = err.code === 'ECONNREFUSED' ? 'connect: connection refused' : err.message;
      fail(`error forwarding port ${port} to pod ${target.pod}: dial tcp ${target.ip}:${port}: ${reason}`);
    });
  };

  new SpdySession(socket, head, (stream) => {
    const type = stream.headers.streamtype;
    if (type === 'error') errorStreams.set(stream.headers.requestid ?? '', stream);
    else if (type === 'data') forward(stream);
    else stream.reset();
  });
}
