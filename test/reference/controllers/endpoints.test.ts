// The Endpoints controller against a real in-process control plane. No node
// runs pods here: the test plays the kubelet, writing pods/NAME/status with a
// podIP and the Ready condition.
import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { startEndpointsController } from '../../../src/reference/controllers/endpoints.ts';
import { startServiceAndVolumeHarness } from './fixtures/service-and-volume-harness.ts';

interface Subset {
  addresses?: { ip: string; hostname?: string; nodeName?: string; targetRef: { kind: string; name: string; uid: string } }[];
  notReadyAddresses?: { ip: string }[];
  ports?: { name?: string; port: number; protocol: string }[];
}

interface Endpoints extends KubeObject {
  subsets?: Subset[];
}

const ns = 'default';

function pod(name: string, labels: Record<string, string>, httpPort: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { ...extra, containers: [{ name: 'app', image: 'probe:1', ports: [{ name: 'http', containerPort: httpPort }] }] },
  };
}

t.test('Endpoints follow pod readiness, with named target ports resolved per pod', async (t) => {
  const h = await startServiceAndVolumeHarness(t);
  await h.start(startEndpointsController);
  await h.client.create(`/api/v1/namespaces/${ns}/services`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', labels: { tier: 'front' } },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 9100 }] },
  });
  const empty = await h.waitFor<Endpoints>(`/api/v1/namespaces/${ns}/endpoints`, 'web', () => true);
  t.same(empty.subsets ?? [], [], 'a service selecting nothing has empty Endpoints');
  t.equal(empty.metadata?.labels?.tier, 'front', 'the service\'s labels are copied');

  await h.client.create(`/api/v1/namespaces/${ns}/pods`, pod('web-a', { app: 'web' }, 8080, { hostname: 'a', subdomain: 'web', nodeName: 'node-1' }));
  await h.client.create(`/api/v1/namespaces/${ns}/pods`, pod('web-b', { app: 'web' }, 8081));
  await h.client.create(`/api/v1/namespaces/${ns}/pods`, pod('other', { app: 'other' }, 8080));
  await h.client.create(`/api/v1/namespaces/${ns}/pods`, pod('no-ip', { app: 'web' }, 8080));
  await h.setPodStatus(ns, 'web-a', '10.244.1.5', false);
  await h.setPodStatus(ns, 'web-b', '10.244.2.7', true);
  await h.setPodStatus(ns, 'other', '10.244.2.8', true);

  const both = await h.waitFor<Endpoints>(`/api/v1/namespaces/${ns}/endpoints`, 'web', (e) => (e.subsets ?? []).length === 2);
  const byPort = (e: Endpoints, port: number) => (e.subsets ?? []).find((s) => s.ports?.some((p) => p.port === port));
  t.same(byPort(both, 8080)?.notReadyAddresses?.map((a) => a.ip), ['10.244.1.5'], 'not ready: in notReadyAddresses');
  t.equal(byPort(both, 8080)?.addresses, undefined);
  t.same(byPort(both, 8081)?.addresses?.map((a) => a.ip), ['10.244.2.7']);
  t.same(byPort(both, 8081)?.ports, [{ name: 'http', port: 8081, protocol: 'TCP' }, { name: 'metrics', port: 9100, protocol: 'TCP' }]);
  t.ok(both.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'], 'the trigger time annotation');

  await h.setPodStatus(ns, 'web-a', '10.244.1.5', true);
  const ready = await h.waitFor<Endpoints>(`/api/v1/namespaces/${ns}/endpoints`, 'web', (e) => byPort(e, 8080)?.addresses?.length === 1);
  const a = byPort(ready, 8080)!.addresses![0]!;
  t.equal(a.ip, '10.244.1.5');
  t.equal(a.hostname, 'a', 'hostname published under the subdomain naming the service');
  t.equal(a.nodeName, 'node-1');
  t.equal(a.targetRef.kind, 'Pod');
  t.equal(a.targetRef.name, 'web-a');

  await h.client.delete(`/api/v1/namespaces/${ns}/pods/web-b`, { gracePeriodSeconds: 0 });
  await h.waitFor<Endpoints>(`/api/v1/namespaces/${ns}/endpoints`, 'web', (e) => (e.subsets ?? []).length === 1);

  await h.client.delete(`/api/v1/namespaces/${ns}/services/web`);
  await h.waitForList(`/api/v1/namespaces/${ns}/endpoints`, (items) => !items.some((e) => e.metadata?.name === 'web'));
});

t.test('publishNotReadyAddresses lists every pod as ready; a headless service is labelled', async (t) => {
  const h = await startServiceAndVolumeHarness(t);
  await h.start(startEndpointsController);
  await h.client.create(`/api/v1/namespaces/${ns}/pods`, pod('db-0', { app: 'db' }, 5432));
  await h.setPodStatus(ns, 'db-0', '10.244.3.2', false);
  await h.client.create(`/api/v1/namespaces/${ns}/services`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'db' },
    spec: { clusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'db' }, ports: [{ port: 5432 }] },
  });
  const e = await h.waitFor<Endpoints>(`/api/v1/namespaces/${ns}/endpoints`, 'db', (e) => (e.subsets ?? []).length === 1);
  t.same(e.subsets![0]!.addresses!.map((a) => a.ip), ['10.244.3.2']);
  t.equal(e.metadata?.labels?.['service.kubernetes.io/headless'], '');
});
