import t from 'tap';
import { hostNetworkHostsFile, hostnameFile, isEmptyDnsConfig, podHostsFile, resolvConfFile } from '../../../../src/reference/node/runtime/etc-files.ts';

t.test('a pod\'s /etc/hosts is the kubelet\'s managed file, with hostAliases in their own section', async (t) => {
  t.equal(
    podHostsFile('10.244.1.5', 'web-0', ['10.1.2.3 foo.local  bar.local', '10.1.2.4 baz']),
    '# Kubernetes-managed hosts file.\n' +
      '127.0.0.1\tlocalhost\n' +
      '::1\tlocalhost ip6-localhost ip6-loopback\n' +
      'fe00::0\tip6-localnet\n' +
      'fe00::0\tip6-mcastprefix\n' +
      'fe00::1\tip6-allnodes\n' +
      'fe00::2\tip6-allrouters\n' +
      '10.244.1.5\tweb-0\n' +
      '\n# Entries added by HostAliases.\n' +
      '10.1.2.3\tfoo.local\tbar.local\n' +
      '10.1.2.4\tbaz\n',
  );
  t.notMatch(podHostsFile('10.244.1.5', 'web-0', []), /HostAliases/);
});

t.test('a hostNetwork pod gets the node\'s hosts file, marked, plus its aliases', async (t) => {
  t.equal(
    hostNetworkHostsFile('127.0.0.1\tlocalhost\n172.18.0.2\tnode-1', ['10.0.0.1 db']),
    '# Kubernetes-managed hosts file (host network).\n127.0.0.1\tlocalhost\n172.18.0.2\tnode-1\n\n# Entries added by HostAliases.\n10.0.0.1\tdb\n',
  );
  t.equal(hostNetworkHostsFile('', []), '# Kubernetes-managed hosts file (host network).\n');
});

t.test('resolv.conf: search, nameservers, options, each only when given', async (t) => {
  t.equal(
    resolvConfFile({ nameservers: ['10.96.0.10', '10.96.0.11'], searches: ['ns.svc.cluster.local', 'svc.cluster.local'], options: ['ndots:5', 'edns0'] }),
    'search ns.svc.cluster.local svc.cluster.local\nnameserver 10.96.0.10\nnameserver 10.96.0.11\noptions ndots:5 edns0\n',
  );
  t.equal(resolvConfFile({ nameservers: ['1.1.1.1'], searches: [], options: [] }), 'nameserver 1.1.1.1\n');
  t.ok(isEmptyDnsConfig({ nameservers: [], searches: [], options: [] }));
  t.notOk(isEmptyDnsConfig({ nameservers: [], searches: ['a'], options: [] }));
  t.equal(hostnameFile('web-0'), 'web-0\n');
});
