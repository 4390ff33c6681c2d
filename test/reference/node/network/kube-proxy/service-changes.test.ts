import t from 'tap';
import { ServiceChanges } from '../../../../../src/reference/node/network/kube-proxy/service-changes.ts';
import type { EndpointSliceObject, ServiceObject } from '../../../../../src/reference/node/network/kube-proxy/service-port.ts';

function service(name: string, port = 80, extra: Partial<ServiceObject> = {}): ServiceObject {
  return { metadata: { namespace: 'ns1', name }, spec: { clusterIP: '172.30.0.41', ports: [{ name: 'http', protocol: 'TCP', port }] }, ...extra };
}

function slice(name: string, serviceName: string, ips: string[], ready = true): EndpointSliceObject {
  return {
    metadata: { namespace: 'ns1', name, labels: { 'kubernetes.io/service-name': serviceName } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 9376, protocol: 'TCP' }],
    endpoints: ips.map((ip) => ({ addresses: [ip], nodeName: 'node1', conditions: { ready } })),
  };
}

t.test('Service add, update and delete count; checkout hands them over once', async (t) => {
  const changes = new ServiceChanges();
  t.equal(changes.serviceEvent(undefined, service('a')), true, 'an added Service is a pending change');
  changes.serviceEvent(service('b'), service('b', 81));
  changes.serviceEvent(service('c'), undefined);
  t.same([...changes.checkout()].sort(), ['ns1/a', 'ns1/b', 'ns1/c']);
  t.same([...changes.checkout()], [], 'nothing changed since');
});

t.test('a Service edit the proxy does not see, or one undone before the sync, is no change', async (t) => {
  const changes = new ServiceChanges();
  const labelled = { ...service('a'), metadata: { namespace: 'ns1', name: 'a', labels: { x: 'y' } } } as ServiceObject;
  t.equal(changes.serviceEvent(service('a'), labelled), false, 'a label edit');
  t.equal(changes.serviceEvent(service('a'), service('a', 81)), true);
  t.equal(changes.serviceEvent(service('a', 81), service('a', 80)), false, 'back to what the last sync saw');
  t.same([...changes.checkout()], []);
  t.equal(changes.serviceEvent(undefined, service('h', 80, { spec: { clusterIP: 'None', ports: [{ port: 80 }] } })), false, 'a headless Service is not proxied');
  t.equal(changes.serviceEvent(service('a'), service('a', 80, { spec: { clusterIP: '172.30.0.41', ports: [{ name: 'http', protocol: 'TCP', port: 80 }], sessionAffinity: 'ClientIP' } })), true,
    'session affinity is seen');
  t.same([...changes.checkout()], ['ns1/a']);
});

t.test('EndpointSlice events count for the Service they are labelled with', async (t) => {
  const changes = new ServiceChanges();
  t.equal(changes.endpointSliceEvent(undefined, slice('a-1', 'a', ['10.244.1.2'])), true, 'added');
  t.equal(changes.endpointSliceEvent(slice('b-1', 'b', ['10.244.1.3']), slice('b-1', 'b', ['10.244.1.3'], false)), true, 'an endpoint no longer ready');
  t.equal(changes.endpointSliceEvent(slice('c-1', 'c', ['10.244.1.4']), undefined), true, 'deleted');
  t.same([...changes.checkout()].sort(), ['ns1/a', 'ns1/b', 'ns1/c']);

  const relabelled = { ...slice('d-1', 'd', ['10.244.1.5']), metadata: { namespace: 'ns1', name: 'd-1', labels: { 'kubernetes.io/service-name': 'd', other: 'x' }, resourceVersion: '9' } };
  t.equal(changes.endpointSliceEvent(slice('d-1', 'd', ['10.244.1.5']), relabelled), false, 'metadata the proxy does not see');
  t.same([...changes.checkout()], []);

  t.equal(changes.endpointSliceEvent(slice('e-1', 'e', ['10.244.1.6']), slice('e-1', 'f', ['10.244.1.6'])), true, 'a slice moved to another Service');
  t.same([...changes.checkout()].sort(), ['ns1/e', 'ns1/f'], 'changes both');
  const orphan: EndpointSliceObject = { metadata: { namespace: 'ns1', name: 'o' }, addressType: 'IPv4', endpoints: [{ addresses: ['10.244.1.7'] }] };
  t.equal(changes.endpointSliceEvent(undefined, orphan), false, 'a slice of no Service');
  t.same([...changes.checkout()], []);
});

t.test('Service and endpoint changes together', async (t) => {
  const changes = new ServiceChanges();
  changes.serviceEvent(undefined, service('a'));
  changes.endpointSliceEvent(undefined, slice('a-1', 'a', ['10.244.1.2']));
  changes.endpointSliceEvent(undefined, slice('b-1', 'b', ['10.244.1.3']));
  t.same([...changes.checkout()].sort(), ['ns1/a', 'ns1/b']);
});
