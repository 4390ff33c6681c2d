import t from 'tap';
import { createApiClient } from '../../../src/kube/https-api-client.ts';
import { advertisedAddress } from '../../../src/reference/api/kubernetes-service.ts';
import { startTestControlPlane } from './fixtures/control-plane.ts';

const cp = await startTestControlPlane(t);
const client = await createApiClient(cp.kubeconfigPath);
t.teardown(() => client.close());
const address = advertisedAddress('127.0.0.1');

t.test('the kubernetes Service points 443 at the API server\'s port', async (t) => {
  const svc = await client.get('/api/v1/namespaces/default/services/kubernetes');
  t.match(svc, {
    metadata: { labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: cp.port }] },
  });
});

t.test('its Endpoints and EndpointSlice carry the advertised address', { skip: address === undefined ? 'this machine has no non-loopback IPv4 address' : false }, async (t) => {
  const endpoints = await client.get('/api/v1/namespaces/default/endpoints/kubernetes');
  t.match(endpoints, {
    metadata: { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: address }], ports: [{ name: 'https', port: cp.port, protocol: 'TCP' }] }],
  });
  const slice = await client.get('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes');
  t.match(slice, {
    metadata: { labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [address], conditions: { ready: true } }],
    ports: [{ name: 'https', port: cp.port, protocol: 'TCP' }],
  });
});

t.test('a restarted API server on another port puts the Service back and rewrites its port', async (t) => {
  const dataDir = cp.dataDir;
  const before = await client.get('/api/v1/namespaces/default/services/kubernetes');
  await client.delete('/api/v1/namespaces/default/services/kubernetes');
  await cp.stop();
  const again = await startTestControlPlane(t, { dataDir });
  const second = await createApiClient(again.kubeconfigPath);
  t.teardown(() => second.close());
  const svc = await second.get('/api/v1/namespaces/default/services/kubernetes');
  t.not(svc.metadata?.uid, before.metadata?.uid, 'recreated');
  t.match(svc, { spec: { clusterIP: '10.96.0.1', ports: [{ port: 443, targetPort: again.port }] } });
  if (address) t.match(await second.get('/api/v1/namespaces/default/endpoints/kubernetes'), { subsets: [{ ports: [{ port: again.port }] }] });
});
