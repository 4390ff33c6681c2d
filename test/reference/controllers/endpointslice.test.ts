// The EndpointSlice controller against a real in-process control plane; the
// test plays the kubelet through pods/NAME/status. The layout of endpoints
// over slices is checked on its own below.
import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { maxEndpointsPerSlice, planSlices, startEndpointSliceController } from '../../../src/reference/controllers/endpointslice.ts';
import { startServiceAndVolumeHarness, type ServiceAndVolumeHarness } from './fixtures/service-and-volume-harness.ts';

interface Endpoint {
  addresses: string[];
  zone?: string;
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: string; name: string; namespace: string; uid: string };
}

interface Slice extends KubeObject {
  addressType: string;
  endpoints: Endpoint[] | null;
  ports: { name?: string; port: number; protocol: string }[] | null;
}

const ns = 'default';
const slicesPath = `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`;
const selector = { labelSelector: 'kubernetes.io/service-name=web' };

function pod(name: string, httpPort: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' } },
    spec: { ...extra, containers: [{ name: 'app', image: 'probe:1', ports: [{ name: 'http', containerPort: httpPort }] }] },
  };
}

async function createService(h: ServiceAndVolumeHarness): Promise<KubeObject> {
  return h.client.create(`/api/v1/namespaces/${ns}/services`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });
}

function endpointsOf(slices: Slice[]): Endpoint[] {
  return slices.flatMap((s) => s.endpoints ?? []);
}

t.test('slices follow readiness and termination, with named ports per pod', async (t) => {
  const h = await startServiceAndVolumeHarness(t);
  await h.createNode('node-1', { 'topology.kubernetes.io/zone': 'zone-a' });
  await h.start(startEndpointSliceController);
  const service = await createService(h);
  const [placeholder] = await h.waitForList<Slice>(slicesPath, (items) => items.length === 1, selector);
  t.same(placeholder!.endpoints ?? [], [], 'a service selecting nothing has one empty slice');
  t.match(placeholder!.metadata?.name, /^web-[a-z0-9]{5}$/);
  t.equal(placeholder!.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
  t.equal(placeholder!.addressType, 'IPv4');
  t.match(placeholder!.metadata?.ownerReferences, [{ kind: 'Service', name: 'web', uid: service.metadata?.uid, controller: true }]);

  await h.client.create(`/api/v1/namespaces/${ns}/pods`, pod('web-a', 8080, { hostname: 'a', subdomain: 'web', nodeName: 'node-1' }));
  await h.client.create(`/api/v1/namespaces/${ns}/pods`, pod('web-b', 8081));
  await h.setPodStatus(ns, 'web-a', '10.244.1.5', false);
  await h.setPodStatus(ns, 'web-b', '10.244.2.7', true);
  const two = await h.waitForList<Slice>(slicesPath, (items) => endpointsOf(items).length === 2 && items.length === 2, selector);
  const slice8080 = two.find((s) => s.ports?.[0]?.port === 8080)!;
  const slice8081 = two.find((s) => s.ports?.[0]?.port === 8081)!;
  t.same(slice8080.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }], 'the named target port resolved on web-a');
  t.same(slice8081.ports, [{ name: 'http', port: 8081, protocol: 'TCP' }], 'and on web-b');
  t.match(slice8080.endpoints, [{ addresses: ['10.244.1.5'], conditions: { ready: false, serving: false, terminating: false }, hostname: 'a', nodeName: 'node-1', zone: 'zone-a', targetRef: { kind: 'Pod', name: 'web-a' } }]);
  t.match(slice8081.endpoints, [{ addresses: ['10.244.2.7'], conditions: { ready: true, serving: true, terminating: false } }]);
  t.ok(slice8080.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']);

  await h.setPodStatus(ns, 'web-a', '10.244.1.5', true);
  await h.waitForList<Slice>(slicesPath, (items) => endpointsOf(items).every((e) => e.conditions.ready), selector);

  // A finalizer keeps the deleted pod around, terminating.
  await h.mergePatch(`/api/v1/namespaces/${ns}/pods/web-b`, { metadata: { finalizers: ['kdrill.dev/test-hold'] } });
  await h.client.delete(`/api/v1/namespaces/${ns}/pods/web-b`, { gracePeriodSeconds: 0 });
  const terminating = await h.waitForList<Slice>(slicesPath, (items) => endpointsOf(items).some((e) => e.conditions.terminating), selector);
  t.match(endpointsOf(terminating).find((e) => e.targetRef.name === 'web-b'), { conditions: { ready: false, serving: true, terminating: true } });
  await h.mergePatch(`/api/v1/namespaces/${ns}/pods/web-b`, { metadata: { finalizers: null } });
  await h.waitForList<Slice>(slicesPath, (items) => items.length === 1 && endpointsOf(items).length === 1, selector);

  await h.client.delete(`/api/v1/namespaces/${ns}/services/web`);
  await h.waitForList<Slice>(slicesPath, (items) => items.length === 0, selector);
});

t.test('more than 100 pods spread over slices of at most 100', async (t) => {
  const h = await startServiceAndVolumeHarness(t);
  await h.start(startEndpointSliceController);
  await createService(h);
  const count = 130;
  await Promise.all(Array.from({ length: count }, async (_, i) => {
    await h.client.create(`/api/v1/namespaces/${ns}/pods`, pod(`web-${i}`, 8080));
    await h.setPodStatus(ns, `web-${i}`, `10.244.${Math.floor(i / 200)}.${(i % 200) + 10}`, true);
  }));
  const slices = await h.waitForList<Slice>(slicesPath, (items) => endpointsOf(items).filter((e) => e.conditions.ready).length === count, selector);
  t.equal(slices.length, 2);
  t.ok(slices.every((s) => (s.endpoints ?? []).length <= maxEndpointsPerSlice));
  t.equal(new Set(endpointsOf(slices).map((e) => e.addresses[0])).size, count, 'each pod once');
});

t.test('planSlices keeps endpoints where they are and fills slices with room', async (t) => {
  const ports = [{ name: 'http', port: 8080, protocol: 'TCP' }];
  const ep = (uid: string) => ({ addresses: [uid], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: ns, name: uid, uid } });
  const existing = [
    { metadata: { name: 'web-aaaaa' }, ports, endpoints: [ep('1'), ep('2')] },
    { metadata: { name: 'web-bbbbb' }, ports, endpoints: [ep('3')] },
  ];
  const desired = new Map([[JSON.stringify(ports), { ports, endpoints: [ep('3'), ep('4'), ep('1')] }]]);
  const { keep, remove } = planSlices(existing, desired);
  t.same(remove, []);
  t.same(keep.map((k) => [k.existing?.metadata?.name, k.endpoints.map((e) => e.targetRef.uid)]), [['web-aaaaa', ['1', '4']], ['web-bbbbb', ['3']]]);
  const none = planSlices(existing, new Map());
  t.equal(none.keep.length, 1, 'one placeholder');
  t.same(none.keep[0]!.endpoints, []);
  t.equal(none.remove.length, 1);
});
