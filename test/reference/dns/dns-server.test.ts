import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { connect } from 'node:net';
import t, { type Test } from 'tap';
import { ClusterRecords, type ClusterState } from '../../../src/reference/dns/cluster-records.ts';
import { classIN, decodeMessage, encodeMessage, queryMessage, rcodes, recordTypes } from '../../../src/reference/dns/dns-message.ts';
import { DnsServer } from '../../../src/reference/dns/dns-server.ts';
import { clusterState } from './fixtures/cluster-state.ts';

// Many endpoints: their A records do not fit 512 bytes of UDP.
const bigState: ClusterState = {
  ...clusterState,
  services: [...clusterState.services, { metadata: { name: 'big', namespace: 'shop' }, spec: { clusterIP: 'None' } }],
  endpointSlices: [
    ...clusterState.endpointSlices,
    {
      metadata: { name: 'big-1', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'big' } },
      endpoints: Array.from({ length: 60 }, (_, i) => ({ addresses: [`10.244.3.${i + 1}`], conditions: { ready: true } })),
    },
  ],
};

async function startServer(t: Test, upstreams: { host: string; port: number }[] = []): Promise<{ server: DnsServer; resolver: Resolver }> {
  const records = new ClusterRecords(bigState);
  const server = new DnsServer({ host: '127.0.0.1', port: 0, answer: (q) => records.answer(q), upstreams, upstreamTimeoutMs: 500 });
  await server.listen();
  t.teardown(() => server.close());
  // c-ares, Node's resolver: another implementation of the wire format on the other end.
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([`127.0.0.1:${server.port}`]);
  return { server, resolver };
}

t.test('answers a stub resolver for every record kind', async (t) => {
  const { resolver } = await startServer(t);
  t.same(await resolver.resolve4('web.shop.svc.cluster.local', { ttl: true }), [{ address: '10.96.4.2', ttl: 5 }]);
  t.same((await resolver.resolve4('db.shop.svc.cluster.local')).sort(), ['10.244.1.5', '10.244.2.7']);
  t.same(await resolver.resolve4('db-0.db.shop.svc.cluster.local'), ['10.244.1.5']);
  t.match(await resolver.resolveSrv('_http._tcp.web.shop.svc.cluster.local'), [{ name: 'web.shop.svc.cluster.local', port: 80, priority: 0, weight: 100 }]);
  t.same(await resolver.reverse('10.96.4.2'), ['web.shop.svc.cluster.local']);
  t.same(await resolver.resolveCname('search.shop.svc.cluster.local'), ['search.example.com']);
  t.same(await resolver.resolveTxt('dns-version.cluster.local'), [['1.1.0']]);
  t.match(await resolver.resolveSoa('cluster.local'), { nsname: 'ns.dns.cluster.local', hostmaster: 'hostmaster.cluster.local', minttl: 5 });
  await t.rejects(resolver.resolve6('web.shop.svc.cluster.local'), { code: 'ENODATA' }, 'AAAA: NOERROR without answers');
  await t.rejects(resolver.resolve4('nope.shop.svc.cluster.local'), { code: 'ENOTFOUND' }, 'NXDOMAIN');
  await t.rejects(resolver.resolve4('example.com'), { code: 'EREFUSED' }, 'outside the cluster with no upstream: REFUSED');
});

t.test('an answer too big for UDP is truncated, and the resolver gets it whole over TCP', async (t) => {
  const { server, resolver } = await startServer(t);
  const udp = createSocket('udp4');
  t.teardown(() => udp.close());
  const reply = await new Promise<Buffer>((resolve) => {
    udp.on('message', resolve);
    udp.send(encodeMessage(queryMessage(9, 'big.shop.svc.cluster.local', recordTypes.A)), server.port, '127.0.0.1');
  });
  const m = decodeMessage(reply);
  t.ok(m.header.truncated, 'TC set');
  t.equal(m.answers.length, 0);
  t.equal((await resolver.resolve4('big.shop.svc.cluster.local')).length, 60, 'c-ares retried over TCP');
});

t.test('TCP: length-prefixed messages, two on one connection', async (t) => {
  const { server } = await startServer(t);
  const socket = connect(server.port, '127.0.0.1');
  t.teardown(() => socket.destroy());
  const frame = (b: Buffer) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
  const replies: Buffer[] = [];
  await new Promise<void>((resolve) => {
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        replies.push(pending.subarray(2, 2 + pending.readUInt16BE(0)));
        pending = pending.subarray(2 + pending.readUInt16BE(0));
      }
      if (replies.length === 2) resolve();
    });
    socket.write(Buffer.concat([frame(encodeMessage(queryMessage(1, 'web.shop.svc.cluster.local', recordTypes.A))), frame(encodeMessage(queryMessage(2, 'nope.cluster.local', recordTypes.A)))]));
  });
  const [first, second] = replies.map(decodeMessage).sort((a, b) => a.header.id - b.header.id);
  t.match(first, { header: { id: 1, rcode: rcodes.NOERROR, authoritative: true }, answers: [{ data: { address: '10.96.4.2' } }] });
  t.match(second, { header: { id: 2, rcode: rcodes.NXDOMAIN }, authority: [{ type: recordTypes.SOA }] });
});

t.test('malformed and unsupported messages', async (t) => {
  const { server } = await startServer(t);
  const query = encodeMessage(queryMessage(5, 'web.shop.svc.cluster.local', recordTypes.A));
  const cut = Buffer.from(query.subarray(0, query.length - 3));
  t.equal(decodeMessage((await server.handle(cut, 'udp'))!).header.rcode, rcodes.FORMERR);
  const notify = Buffer.from(query);
  notify.writeUInt16BE(0x2000, 2); // opcode 4, NOTIFY
  t.equal(decodeMessage((await server.handle(notify, 'udp'))!).header.rcode, rcodes.NOTIMP);
  const response = Buffer.from(query);
  response.writeUInt16BE(0x8000, 2);
  t.equal(await server.handle(response, 'udp'), undefined, 'a response is not answered');
  const two = encodeMessage({ ...queryMessage(6, 'a.cluster.local', recordTypes.A), questions: [{ name: 'a.cluster.local', type: 1, class: classIN }, { name: 'b.cluster.local', type: 1, class: classIN }] });
  t.equal(decodeMessage((await server.handle(two, 'udp'))!).header.rcode, rcodes.FORMERR, 'two questions');
});

t.test('names outside the cluster go to the upstream servers; a silent upstream gives SERVFAIL', async (t) => {
  const upstream = createSocket('udp4');
  t.teardown(() => upstream.close());
  await new Promise<void>((resolve) => upstream.bind(0, '127.0.0.1', resolve));
  upstream.on('message', (msg, rinfo) => {
    const q = decodeMessage(msg);
    if (q.questions[0]?.name === 'silent.example') return;
    const reply = { ...q, header: { ...q.header, response: true, recursionAvailable: true }, answers: [{ name: q.questions[0]!.name, type: recordTypes.A, class: classIN, ttl: 30, data: { kind: 'address' as const, address: '192.0.2.1' } }] };
    upstream.send(encodeMessage(reply), rinfo.port, rinfo.address);
  });
  const { resolver } = await startServer(t, [{ host: '127.0.0.1', port: upstream.address().port }]);
  t.same(await resolver.resolve4('www.example.org'), ['192.0.2.1']);
  t.same(await resolver.resolve4('web.shop.svc.cluster.local'), ['10.96.4.2'], 'the cluster zone is still answered here');
  await t.rejects(resolver.resolve4('silent.example'), { code: 'ESERVFAIL' });
});
