import t from 'tap';
import { servicePorts, type EndpointSliceObject, type ServiceObject } from '../../../../../src/reference/node/network/kube-proxy/service-port.ts';
import { staleUdpConntrack, udpTargets } from '../../../../../src/reference/node/network/kube-proxy/stale-udp.ts';

const service: ServiceObject = {
  metadata: { namespace: 'ns', name: 'web' },
  spec: {
    type: 'NodePort',
    clusterIP: '10.96.0.20',
    ports: [{ name: 'http', protocol: 'TCP', port: 80, nodePort: 30080 }, { name: 'dns', protocol: 'UDP', port: 53, nodePort: 30053 }],
    sessionAffinity: 'ClientIP',
    externalTrafficPolicy: 'Local',
  },
};

function slice(name: string, endpoints: EndpointSliceObject['endpoints']): EndpointSliceObject {
  return {
    metadata: { namespace: 'ns', name, labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    ports: [{ name: 'http', protocol: 'TCP', port: 8080 }, { name: 'dns', protocol: 'UDP', port: 5353 }],
    endpoints,
  };
}

t.test('Service ports with their endpoints from every slice of the Service', async (t) => {
  const slices = [
    slice('web-a', [{ addresses: ['10.244.1.2'], nodeName: 'n1', conditions: { ready: true } }, { addresses: ['10.244.2.2'], nodeName: 'n2', conditions: {} }]),
    slice('web-b', [{ addresses: ['10.244.2.3'], nodeName: 'n2', conditions: { ready: false, serving: true, terminating: true } }, { addresses: ['10.244.1.2'], nodeName: 'n1' }]),
    { ...slice('other', [{ addresses: ['10.244.9.9'] }]), metadata: { namespace: 'ns', name: 'other', labels: { 'kubernetes.io/service-name': 'db' } } },
  ];
  const ports = servicePorts([service, { metadata: { namespace: 'ns', name: 'headless' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } }], slices, 'n1');
  t.equal(ports.length, 2, 'headless Services are not proxied');
  const [http, dns] = ports;
  t.equal(http!.name, 'ns/web:http');
  t.equal(http!.nodePort, 30080);
  t.equal(http!.stickySeconds, 10800, 'the default ClientIP timeout');
  t.ok(http!.externalPolicyLocal);
  t.same(http!.endpoints, [
    { ip: '10.244.1.2', port: 8080, local: true, ready: true, serving: true, terminating: false },
    { ip: '10.244.2.2', port: 8080, local: false, ready: true, serving: true, terminating: false },
    { ip: '10.244.2.3', port: 8080, local: false, ready: false, serving: true, terminating: true },
  ], 'unset conditions read as ready; duplicates across slices once');
  t.equal(dns!.protocol, 'UDP');
  t.same(dns!.endpoints.map((e) => e.port), [5353, 5353, 5353]);
});

t.test('removed UDP endpoints and UDP Services that gain their first endpoint get their conntrack entries deleted', async (t) => {
  const withEndpoints = (ips: string[]) => servicePorts([service], [slice('s', ips.map((ip) => ({ addresses: [ip], nodeName: 'n1' })))], 'n1');
  const before = udpTargets(withEndpoints(['10.244.1.2', '10.244.1.3']));
  const after = udpTargets(withEndpoints(['10.244.1.2']));
  t.same(staleUdpConntrack(before, after), [
    ['-p', 'udp', '--orig-dst', '10.96.0.20', '--dst-nat', '10.244.1.3'],
    ['-p', 'udp', '--dport', '30053', '--dst-nat', '10.244.1.3'],
  ]);
  t.same(staleUdpConntrack(after, after), [], 'nothing changed: nothing deleted');
  t.same(staleUdpConntrack(udpTargets(withEndpoints([])), after), [
    ['-p', 'udp', '--orig-dst', '10.96.0.20'],
    ['-p', 'udp', '--dport', '30053'],
  ], 'flows rejected while there was no endpoint');
});
