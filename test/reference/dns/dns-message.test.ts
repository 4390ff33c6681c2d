import t from 'tap';
import { classIN, decodeMessage, DnsFormatError, encodeMessage, queryMessage, rcodes, recordTypes, type DnsMessage } from '../../../src/reference/dns/dns-message.ts';

t.test('a query encodes to the bytes RFC 1035 lays out', async (t) => {
  const bytes = encodeMessage(queryMessage(0x1234, 'example.com', recordTypes.A));
  const expected = Buffer.concat([
    Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]),
    Buffer.from([7, ...Buffer.from('example'), 3, ...Buffer.from('com'), 0]),
    Buffer.from([0, 1, 0, 1]),
  ]);
  t.same([...bytes], [...expected]);
  t.same(decodeMessage(bytes).questions, [{ name: 'example.com', type: recordTypes.A, class: classIN }]);
});

t.test('every record kind survives a round trip, and repeated names are compressed', async (t) => {
  const zone = 'cluster.local';
  const message: DnsMessage = {
    header: { id: 7, response: true, opcode: 0, authoritative: true, truncated: false, recursionDesired: true, recursionAvailable: false, rcode: rcodes.NXDOMAIN },
    questions: [{ name: `web.shop.svc.${zone}`, type: recordTypes.ANY, class: classIN }],
    answers: [
      { name: `web.shop.svc.${zone}`, type: recordTypes.A, class: classIN, ttl: 5, data: { kind: 'address', address: '10.96.4.2' } },
      { name: `web.shop.svc.${zone}`, type: recordTypes.AAAA, class: classIN, ttl: 5, data: { kind: 'address', address: 'fd00::a:1' } },
      { name: `_http._tcp.web.shop.svc.${zone}`, type: recordTypes.SRV, class: classIN, ttl: 5, data: { kind: 'srv', priority: 0, weight: 50, port: 80, target: `web-0.web.shop.svc.${zone}` } },
      { name: '2.4.96.10.in-addr.arpa', type: recordTypes.PTR, class: classIN, ttl: 5, data: { kind: 'name', target: `web.shop.svc.${zone}` } },
      { name: `dns-version.${zone}`, type: recordTypes.TXT, class: classIN, ttl: 5, data: { kind: 'txt', texts: ['1.1.0'] } },
    ],
    authority: [
      { name: zone, type: recordTypes.SOA, class: classIN, ttl: 5, data: { kind: 'soa', mname: `ns.dns.${zone}`, rname: `hostmaster.${zone}`, serial: 1700000000, refresh: 7200, retry: 1800, expire: 86400, minimum: 5 } },
    ],
    additional: [{ name: '', type: recordTypes.OPT, class: 1232, ttl: 0, data: { kind: 'raw', bytes: Buffer.alloc(0) } }],
  };
  const bytes = encodeMessage(message);
  t.same(decodeMessage(bytes), message);
  const local = Buffer.from([5, ...Buffer.from('local')]);
  let count = 0;
  for (let at = bytes.indexOf(local); at !== -1; at = bytes.indexOf(local, at + 1)) count++;
  t.equal(count, 2, '"local" is written in the question and in the SRV target (RFC 2782: not compressed) only');
});

t.test('IPv6 addresses in their text forms', async (t) => {
  for (const [text, canonical] of [['::1', '::1'], ['fd00:0:0:0:0:0:0:1', 'fd00::1'], ['2001:db8::ffff:1.2.3.4', '2001:db8::ffff:102:304'], ['::ffff:10.0.0.1', '::ffff:a00:1'], ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8']] as const) {
    const m = encodeMessage({ ...queryMessage(1, 'x', recordTypes.AAAA), answers: [{ name: 'x', type: recordTypes.AAAA, class: classIN, ttl: 1, data: { kind: 'address', address: text } }] });
    t.same(decodeMessage(m).answers[0]?.data, { kind: 'address', address: canonical }, text);
  }
});

t.test('malformed messages are refused with DnsFormatError', async (t) => {
  const query = encodeMessage(queryMessage(1, 'a.b', recordTypes.A));
  t.throws(() => decodeMessage(query.subarray(0, query.length - 2)), DnsFormatError, 'cut short');
  const loop = Buffer.from(query);
  // The question's name becomes a pointer to itself.
  loop.writeUInt16BE(0xc00c, 12);
  t.throws(() => decodeMessage(loop), DnsFormatError, 'a pointer loop');
  t.throws(() => encodeMessage(queryMessage(1, `${'a'.repeat(64)}.b`, recordTypes.A)), DnsFormatError, 'a label over 63 octets');
});
