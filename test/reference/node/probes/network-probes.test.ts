// httpGet, tcpSocket and grpc probes against real servers on loopback.
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createHttp2Server, type Http2Server } from 'node:http2';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import t from 'tap';
import { grpcProbe, healthCheckRequest, servingStatus } from '../../../../src/reference/node/probes/grpc-probe.ts';
import { httpProbe, probeUserAgent } from '../../../../src/reference/node/probes/http-probe.ts';
import { tcpProbe } from '../../../../src/reference/node/probes/tcp-probe.ts';

async function listen(server: Server | Http2Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function close(server: Server | Http2Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createTcpServer();
  const port = await listen(s);
  await close(s);
  return port;
}

t.test('httpGet', async (t) => {
  let seen: IncomingHttpHeaders = {};
  const server = createHttpServer((req, res) => {
    seen = req.headers;
    const code = Number(req.url?.slice(1)) || 200;
    if (req.url === '/slow') return setTimeout(() => res.end('late'), 2000);
    res.statusCode = code;
    res.end(`status ${code}`);
  });
  const port = await listen(server);
  t.teardown(() => {
    server.closeAllConnections();
    return close(server);
  });
  const url = (path: string) => new URL(`http://127.0.0.1:${port}${path}`);
  t.same(await httpProbe(url('/200'), [{ name: 'X-Probe', value: 'yes' }], 1000), { success: true, output: 'status 200' });
  t.match(seen, { 'user-agent': probeUserAgent, accept: '*/*', 'x-probe': 'yes' });
  t.match(probeUserAgent, /^kube-probe\/1\.\d+$/);
  t.equal((await httpProbe(url('/302'), [], 1000)).success, true, '3xx passes');
  t.same(await httpProbe(url('/503'), [], 1000), { success: false, output: 'HTTP probe failed with statuscode: 503' });
  t.same(await httpProbe(url('/slow'), [], 200), {
    success: false,
    output: `Get "http://127.0.0.1:${port}/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
  });
  const refused = await closedPort();
  t.same(await httpProbe(new URL(`http://127.0.0.1:${refused}/`), [], 1000), {
    success: false,
    output: `Get "http://127.0.0.1:${refused}/": dial tcp 127.0.0.1:${refused}: connect: connection refused`,
  });
});

t.test('tcpSocket', async (t) => {
  const server = createTcpServer((socket) => socket.end());
  const port = await listen(server);
  t.teardown(() => close(server));
  t.same(await tcpProbe('127.0.0.1', port, 1000), { success: true, output: '' });
  const refused = await closedPort();
  t.same(await tcpProbe('127.0.0.1', refused, 1000), { success: false, output: `dial tcp 127.0.0.1:${refused}: connect: connection refused` });
});

t.test('grpc health checking over HTTP/2', async (t) => {
  t.same(healthCheckRequest(''), Buffer.from([0, 0, 0, 0, 0]), 'an empty request');
  t.same(healthCheckRequest('db'), Buffer.from([0, 0, 0, 0, 4, 0x0a, 2, 0x64, 0x62]));
  t.equal(servingStatus(Buffer.from([0, 0, 0, 0, 2, 0x08, 2])), 2);
  t.equal(servingStatus(Buffer.from([0, 0, 0, 0, 0])), 0, 'an absent field is UNKNOWN');

  const statuses: Record<string, number> = { '': 1, sick: 2 };
  const server = createHttp2Server();
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      if (headers[':path'] !== '/grpc.health.v1.Health/Check') {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'unknown service' }, { endStream: true });
        return;
      }
      const body = Buffer.concat(chunks);
      const service = body.length > 7 ? body.subarray(7).toString('utf8') : '';
      const status = statuses[service];
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers(status === undefined ? { 'grpc-status': '5', 'grpc-message': 'unknown service' } : { 'grpc-status': '0' }));
      stream.end(status === undefined ? undefined : Buffer.from([0, 0, 0, 0, 2, 0x08, status]));
    });
  });
  const port = await listen(server);
  t.teardown(() => close(server));
  t.same(await grpcProbe('127.0.0.1', port, '', 1000), { success: true, output: 'service healthy' });
  t.same(await grpcProbe('127.0.0.1', port, 'sick', 1000), { success: false, output: 'service unhealthy (responded with "NOT_SERVING")' });
  t.match(await grpcProbe('127.0.0.1', port, 'absent', 1000), { success: false, output: /^error: health rpc probe failed: rpc error: code = 5 desc = unknown service$/ });
  const refused = await closedPort();
  t.same(await grpcProbe('127.0.0.1', refused, '', 1000), { success: false, output: `timeout: failed to connect service "127.0.0.1:${refused}" within 1s: dial tcp 127.0.0.1:${refused}: connect: connection refused` });
});
