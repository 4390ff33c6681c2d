import t from 'tap';
import {
  base32,
  clusterPolicyChainName,
  endpointChainName,
  externalChainName,
  firewallChainName,
  localPolicyChainName,
  servicePortNameString,
} from '../../../../../src/reference/node/network/kube-proxy/chain-names.ts';

t.test('base32 as RFC 4648 (Go base32.StdEncoding)', async (t) => {
  t.equal(base32(Buffer.from('')), '');
  t.equal(base32(Buffer.from('f')), 'MY======');
  t.equal(base32(Buffer.from('fo')), 'MZXQ====');
  t.equal(base32(Buffer.from('foob')), 'MZXW6YQ=');
  t.equal(base32(Buffer.from('foobar')), 'MZXW6YTBOI======');
});

t.test('service port names as proxy.ServicePortName.String()', async (t) => {
  t.equal(servicePortNameString('ns1', 'svc1', 'p80'), 'ns1/svc1:p80');
  t.equal(servicePortNameString('default', 'web', ''), 'default/web');
});

// Expected names from kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go.
t.test('chain names equal the ones kube-proxy computes', async (t) => {
  const services: [string, string][] = [
    ['ns1/svc1:p80', 'XPGD46QRK7WJZT7O'],
    ['ns2/svc2:p80', 'GNZBNJ2PO5MGZ6GT'],
    ['ns3/svc3:p80', 'X27LE4BHSL4DOUIK'],
    ['ns4/svc4:p80', '4SW47YFZTEDKD3PK'],
    ['ns5/svc5:p80', 'NUKIZ6OKUXPJNT4C'],
  ];
  for (const [name, hash] of services) {
    t.equal(clusterPolicyChainName(name, 'TCP'), `KUBE-SVC-${hash}`, name);
    t.equal(localPolicyChainName(name, 'tcp'), `KUBE-SVL-${hash}`, name);
    t.equal(externalChainName(name, 'tcp'), `KUBE-EXT-${hash}`, name);
    t.equal(firewallChainName(name, 'tcp'), `KUBE-FW-${hash}`, name);
  }
  const endpoints: [string, string, string][] = [
    ['ns1/svc1:p80', '10.180.0.1:80', 'SXIVWICOYRO3J4NJ'],
    ['ns2/svc2:p80', '10.180.0.2:80', 'RS4RBKLTHTF2IUXJ'],
    ['ns3/svc3:p80', '10.180.0.3:80', 'OYPFS5VJICHGATKP'],
    ['ns4/svc4:p80', '10.180.0.4:80', 'UKSFD7AGPMPPLUHC'],
    ['ns4/svc4:p80', '10.180.0.5:80', 'C6EBXVWJJZMIWKLZ'],
  ];
  for (const [name, endpoint, hash] of endpoints) t.equal(endpointChainName(name, 'TCP', endpoint), `KUBE-SEP-${hash}`, `${name} ${endpoint}`);
  t.not(clusterPolicyChainName('ns1/svc1:p80', 'UDP'), clusterPolicyChainName('ns1/svc1:p80', 'TCP'), 'the protocol is part of the hash');
  t.ok(endpointChainName('ns1/svc1:p80', 'TCP', '10.180.0.1:80').length <= 28, 'within iptables\' chain name limit');
});
