// grpc probes (pkg/probe/grpc): grpc.health.v1.Health/Check over HTTP/2
// without TLS, with the request and response encoded by hand (one string
// field out, one enum field back), and the outcomes worded as upstream's.
import { connect, constants, type ClientHttp2Session } from 'node:http2';
import { dialErrorText, type ProbeOutcome } from './probe-outcome.ts';

const servingStatuses = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
/** gRPC status codes the probe words specially. */
const grpcUnimplemented = '12';
const grpcDeadlineExceeded = '4';

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

function readVarint(buf: Buffer, offset: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  let i = offset;
  for (;;) {
    const b = buf[i++];
    if (b === undefined) throw new Error('truncated varint');
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return { value, next: i };
    shift += 7;
  }
}

/** The length-prefixed gRPC message of a HealthCheckRequest{service}. */
export function healthCheckRequest(service: string): Buffer {
  const name = Buffer.from(service, 'utf8');
  const message = name.length > 0 ? Buffer.concat([Buffer.from([0x0a]), varint(name.length), name]) : Buffer.alloc(0);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** HealthCheckResponse.status out of a length-prefixed gRPC message (0, UNKNOWN, when absent). */
export function servingStatus(frame: Buffer): number {
  if (frame.length < 5) throw new Error('short gRPC message');
  const length = frame.readUInt32BE(1);
  const message = frame.subarray(5, 5 + length);
  let i = 0;
  let status = 0;
  while (i < message.length) {
    const tag = readVarint(message, i);
    i = tag.next;
    const field = Math.floor(tag.value / 8);
    const wire = tag.value & 7;
    if (wire === 0) {
      const v = readVarint(message, i);
      i = v.next;
      if (field === 1) status = v.value;
    } else if (wire === 2) {
      const len = readVarint(message, i);
      i = len.next + len.value;
    } else {
      throw new Error(`unexpected wire type ${wire}`);
    }
  }
  return status;
}

export function grpcProbe(host: string, port: number, service: string, timeoutMs: number): Promise<ProbeOutcome> {
  const addr = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const seconds = `${timeoutMs / 1000}s`;
  return new Promise((resolve) => {
    let settled = false;
    let session: ClientHttp2Session | undefined;
    let connected = false;
    const timer = setTimeout(() => {
      finish({
        success: false,
        output: connected ? `timeout: health rpc did not complete within ${seconds}` : `timeout: failed to connect service "${addr}" within ${seconds}: context deadline exceeded`,
      });
    }, timeoutMs);
    function finish(outcome: ProbeOutcome): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session?.destroy();
      resolve(outcome);
    }
    session = connect(`http://${addr}`);
    const connectFailed = (err: NodeJS.ErrnoException) =>
      finish({ success: false, output: `timeout: failed to connect service "${addr}" within ${seconds}: dial tcp ${addr}: ${dialErrorText(err)}` });
    session.once('error', connectFailed);
    session.once('connect', () => (connected = true));
    const stream = session.request({
      [constants.HTTP2_HEADER_METHOD]: 'POST',
      [constants.HTTP2_HEADER_PATH]: '/grpc.health.v1.Health/Check',
      [constants.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
      te: 'trailers',
    });
    const chunks: Buffer[] = [];
    let grpcStatus: string | undefined;
    let grpcMessage = '';
    const noteStatus = (headers: Record<string, unknown>) => {
      if (headers['grpc-status'] !== undefined) grpcStatus = String(headers['grpc-status']);
      if (headers['grpc-message'] !== undefined) grpcMessage = decodeURIComponent(String(headers['grpc-message']));
    };
    stream.on('response', noteStatus);
    stream.on('trailers', noteStatus);
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.once('error', (err: Error) => {
      const cause = (err as { cause?: NodeJS.ErrnoException }).cause;
      if (!connected) connectFailed(cause ?? err);
      else finish({ success: false, output: `error: health rpc probe failed: ${err.message}` });
    });
    stream.once('end', () => {
      if (grpcStatus === grpcUnimplemented) {
        return finish({ success: false, output: `this server does not implement the grpc health protocol (grpc.health.v1.Health): ${grpcMessage}` });
      }
      if (grpcStatus === grpcDeadlineExceeded) return finish({ success: false, output: `timeout: health rpc did not complete within ${seconds}` });
      if (grpcStatus !== '0') return finish({ success: false, output: `error: health rpc probe failed: rpc error: code = ${grpcStatus ?? 'Unknown'} desc = ${grpcMessage}` });
      try {
        const status = servingStatus(Buffer.concat(chunks));
        if (status === 1) finish({ success: true, output: 'service healthy' });
        else finish({ success: false, output: `service unhealthy (responded with "${servingStatuses[status] ?? String(status)}")` });
      } catch (err) {
        finish({ success: false, output: `error: health rpc probe failed: ${(err as Error).message}` });
      }
    });
    stream.end(healthCheckRequest(service));
  });
}
