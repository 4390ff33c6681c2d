import t from 'tap';
import { parseResolvConf, podDns } from '../../../src/reference/node/pod-dns.ts';

const cluster = { clusterDomain: 'cluster.local', clusterDNS: ['10.96.0.10'], nodeResolvConf: 'nameserver 192.168.65.7\nsearch example.org\noptions edns0\n' };
const pod = (spec: Record<string, unknown>) => ({ metadata: { namespace: 'shop' }, spec });

t.test('resolv.conf per dnsPolicy', async (t) => {
  t.same(podDns(pod({}), cluster), { nameservers: ['10.96.0.10'], searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'] }, 'ClusterFirst');
  t.same(podDns(pod({ hostNetwork: true }), cluster), { nameservers: ['192.168.65.7'], searches: ['example.org'], options: ['edns0'] }, 'hostNetwork with ClusterFirst gets the node’s');
  t.same(podDns(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), cluster).nameservers, ['10.96.0.10']);
  t.same(podDns(pod({ dnsPolicy: 'Default' }), cluster).nameservers, ['192.168.65.7']);
  t.same(
    podDns(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['a.b'], options: [{ name: 'ndots', value: '2' }] } }), cluster),
    { nameservers: ['1.1.1.1'], searches: ['a.b'], options: ['ndots:2'] },
  );
  t.same(
    podDns(pod({ dnsConfig: { searches: ['extra.local'], options: [{ name: 'ndots', value: '1' }, { name: 'edns0' }] } }), cluster),
    { nameservers: ['10.96.0.10'], searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'extra.local'], options: ['ndots:1', 'edns0'] },
    'dnsConfig merged on top',
  );
  t.same(parseResolvConf('# comment\nnameserver 8.8.8.8 ; trailing\ndomain corp\n'), { nameservers: ['8.8.8.8'], searches: ['corp'], options: [] });
});
