import t from 'tap';
import { ClusterRecords, reverseName } from '../../../src/reference/dns/cluster-records.ts';
import { classIN, rcodes, recordTypes } from '../../../src/reference/dns/dns-message.ts';
import { clusterState } from './fixtures/cluster-state.ts';

const records = new ClusterRecords(clusterState, { serial: 42 });
const ask = (name: string, type: number = recordTypes.A) => records.answer({ name, type, class: classIN });
const data = (name: string, type: number = recordTypes.A) => {
  const a = ask(name, type);
  return a.forward ? 'forward' : { rcode: a.rcode, data: a.answers.map((r) => r.data), authority: a.authority.map((r) => r.type) };
};
const soa = [recordTypes.SOA];

t.test('a ClusterIP Service: A of its cluster IP, NODATA for AAAA, SRV for its named port only', async (t) => {
  t.same(data('web.shop.svc.cluster.local'), { rcode: rcodes.NOERROR, data: [{ kind: 'address', address: '10.96.4.2' }], authority: [] });
  t.same(data('WEB.Shop.svc.cluster.local.'), { rcode: rcodes.NOERROR, data: [{ kind: 'address', address: '10.96.4.2' }], authority: [] }, 'case-insensitive, trailing dot');
  t.same(data('web.shop.svc.cluster.local', recordTypes.AAAA), { rcode: rcodes.NOERROR, data: [], authority: soa });
  t.same(data('_http._tcp.web.shop.svc.cluster.local', recordTypes.SRV).valueOf(), {
    rcode: rcodes.NOERROR, data: [{ kind: 'srv', priority: 0, weight: 100, port: 80, target: 'web.shop.svc.cluster.local' }], authority: [],
  });
  t.equal((ask('_81._tcp.web.shop.svc.cluster.local', recordTypes.SRV) as { rcode: number }).rcode, rcodes.NXDOMAIN, 'an unnamed port has no SRV');
  const a = ask('web.shop.svc.cluster.local');
  t.equal(!a.forward && a.answers[0]?.ttl, 5, 'TTL 5 s');
});

t.test('a headless Service: every ready endpoint, a name per endpoint, SRV per endpoint', async (t) => {
  t.same(data('db.shop.svc.cluster.local'), {
    rcode: rcodes.NOERROR, data: [{ kind: 'address', address: '10.244.1.5' }, { kind: 'address', address: '10.244.2.7' }], authority: [],
  }, 'not the unready one');
  t.same(data('db-0.db.shop.svc.cluster.local'), { rcode: rcodes.NOERROR, data: [{ kind: 'address', address: '10.244.1.5' }], authority: [] }, 'StatefulSet pod hostname');
  t.same(data('10-244-2-7.db.shop.svc.cluster.local'), { rcode: rcodes.NOERROR, data: [{ kind: 'address', address: '10.244.2.7' }], authority: [] }, 'an endpoint without hostname is named by its address');
  t.equal((ask('db-2.db.shop.svc.cluster.local') as { rcode: number }).rcode, rcodes.NXDOMAIN, 'the unready endpoint has no name');
  t.same(data('_pg._tcp.db.shop.svc.cluster.local', recordTypes.SRV), {
    rcode: rcodes.NOERROR,
    data: [
      { kind: 'srv', priority: 0, weight: 50, port: 5432, target: 'db-0.db.shop.svc.cluster.local' },
      { kind: 'srv', priority: 0, weight: 50, port: 5432, target: '10-244-2-7.db.shop.svc.cluster.local' },
    ],
    authority: [],
  });
  const withUnready = new ClusterRecords({ ...clusterState, services: clusterState.services.map((s) => (s.metadata?.name === 'db' ? { ...s, spec: { ...s.spec, publishNotReadyAddresses: true } } : s)) });
  const all = withUnready.answer({ name: 'db.shop.svc.cluster.local', type: recordTypes.A, class: classIN });
  t.equal(!all.forward && all.answers.length, 3, 'publishNotReadyAddresses publishes all');
});

t.test('PTR for cluster IPs, endpoint addresses and pod addresses', async (t) => {
  t.equal(reverseName('10.96.4.2'), '2.4.96.10.in-addr.arpa');
  t.equal(reverseName('fd00::1'), `1.${'0.'.repeat(29)}d.f.ip6.arpa`);
  t.same(data('2.4.96.10.in-addr.arpa', recordTypes.PTR), { rcode: rcodes.NOERROR, data: [{ kind: 'name', target: 'web.shop.svc.cluster.local' }], authority: [] });
  t.same(data('5.1.244.10.in-addr.arpa', recordTypes.PTR), { rcode: rcodes.NOERROR, data: [{ kind: 'name', target: 'db-0.db.shop.svc.cluster.local' }], authority: [] }, 'a headless endpoint: its hostname');
  t.same(data('9.1.244.10.in-addr.arpa', recordTypes.PTR), { rcode: rcodes.NOERROR, data: [{ kind: 'name', target: '10-244-1-9.shop.pod.cluster.local' }], authority: [] }, 'a pod');
  t.equal(data('3.0.18.172.in-addr.arpa', recordTypes.PTR), 'forward', 'a host-network pod’s (the node’s) address is not the cluster’s');
  t.same(data('10-244-1-9.shop.pod.cluster.local'), { rcode: rcodes.NOERROR, data: [{ kind: 'address', address: '10.244.1.9' }], authority: [] }, 'pod A record');
  const verified = new ClusterRecords(clusterState, { serial: 42, pods: 'verified' });
  const askVerified = (name: string) => verified.answer({ name, type: recordTypes.A, class: classIN }) as { rcode: number; answers: { data: unknown }[] };
  t.same(askVerified('10-244-1-9.shop.pod.cluster.local').answers.map((r) => r.data), [{ kind: 'address', address: '10.244.1.9' }], 'pods verified: a pod of that address in that namespace');
  t.equal(askVerified('10-244-1-9.other.pod.cluster.local').rcode, rcodes.NXDOMAIN, 'pods verified: only in the pod’s namespace');
  t.equal(askVerified('10-1-2-3.shop.pod.cluster.local').rcode, rcodes.NXDOMAIN, 'pods verified: not an address no pod has');
});

t.test('pods insecure (the default, as kubeadm, kind and k3s configure CoreDNS): any A-B-C-D.NS.pod name', async (t) => {
  t.same(data('10-244-1-9.other.pod.cluster.local'), { rcode: rcodes.NOERROR, data: [{ kind: 'address', address: '10.244.1.9' }], authority: [] }, 'any namespace');
  t.same(data('10-1-2-3.nowhere.pod.cluster.local'), { rcode: rcodes.NOERROR, data: [{ kind: 'address', address: '10.1.2.3' }], authority: [] }, 'any address, unchecked');
  t.same(data('10-1-2-3.nowhere.pod.cluster.local', recordTypes.AAAA), { rcode: rcodes.NOERROR, data: [], authority: soa }, 'AAAA: NODATA');
  t.equal((ask('10-1-2.shop.pod.cluster.local') as { rcode: number }).rcode, rcodes.NXDOMAIN, 'not an address');
  t.equal((ask('x.10-1-2-3.shop.pod.cluster.local') as { rcode: number }).rcode, rcodes.NXDOMAIN, 'too many labels');
});

t.test('ExternalName, the zone apex, schema version, unknown names and names elsewhere', async (t) => {
  t.same(data('search.shop.svc.cluster.local'), { rcode: rcodes.NOERROR, data: [{ kind: 'name', target: 'search.example.com' }], authority: [] });
  t.same(data('cluster.local', recordTypes.SOA), {
    rcode: rcodes.NOERROR,
    data: [{ kind: 'soa', mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', serial: 42, refresh: 7200, retry: 1800, expire: 86400, minimum: 5 }],
    authority: [],
  });
  t.same(data('dns-version.cluster.local', recordTypes.TXT), { rcode: rcodes.NOERROR, data: [{ kind: 'txt', texts: ['1.1.0'] }], authority: [] });
  t.same(data('nope.shop.svc.cluster.local'), { rcode: rcodes.NXDOMAIN, data: [], authority: soa }, 'NXDOMAIN with the SOA');
  t.same(data('shop.svc.cluster.local'), { rcode: rcodes.NOERROR, data: [], authority: soa }, 'a namespace exists as an empty non-terminal');
  t.equal(data('example.com'), 'forward');
  t.equal(data('web.shop.svc.cluster.local.example.com'), 'forward');
});

t.test('another cluster domain', async (t) => {
  const other = new ClusterRecords(clusterState, { zone: 'corp.internal', ttl: 30 });
  const a = other.answer({ name: 'web.shop.svc.corp.internal', type: recordTypes.A, class: classIN });
  t.same(!a.forward && a.answers.map((r) => [r.data, r.ttl]), [[{ kind: 'address', address: '10.96.4.2' }, 30]]);
  t.ok(other.answer({ name: 'web.shop.svc.cluster.local', type: recordTypes.A, class: classIN }).forward);
});
