// How the Endpoints controller packs pods into subsets, on plain objects.
import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { desiredSubsets, maxEndpointsCapacity, truncateSubsets } from '../../../src/reference/controllers/endpoints.ts';

function pod(name: string, ip: string, opts: { ready?: boolean; phase?: string; deleting?: boolean; ports?: { name: string; containerPort: number; protocol?: string }[] } = {}): KubeObject {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { containers: [{ name: 'c', ports: opts.ports ?? [{ name: 'http', containerPort: 8080 }] }] },
    status: { phase: opts.phase ?? 'Running', podIP: ip, conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
  };
}

function service(spec: Record<string, unknown>): KubeObject {
  return { metadata: { name: 'svc', namespace: 'ns' }, spec: { selector: { app: 'x' }, ...spec } };
}

t.test('pods with one port set share a subset, sorted by IP, split by readiness', async (t) => {
  const svc = service({ ports: [{ name: 'web', port: 80, targetPort: 'http', protocol: 'TCP' }] });
  const subsets = desiredSubsets(svc, [pod('b', '10.0.0.2'), pod('a', '10.0.0.1'), pod('c', '10.0.0.3', { ready: false })]);
  t.same(subsets.map((s) => [s.addresses?.map((a) => a.ip), s.notReadyAddresses?.map((a) => a.ip), s.ports]), [
    [['10.0.0.1', '10.0.0.2'], ['10.0.0.3'], [{ name: 'web', port: 8080, protocol: 'TCP' }]],
  ]);
});

t.test('terminal, deleting and IP-less pods are left out; so are pods lacking a named port', async (t) => {
  const svc = service({ ports: [{ port: 80, targetPort: 'http', protocol: 'TCP' }] });
  const subsets = desiredSubsets(svc, [
    pod('done', '10.0.0.1', { phase: 'Succeeded' }),
    pod('going', '10.0.0.2', { deleting: true }),
    pod('noip', ''),
    pod('udp-only', '10.0.0.4', { ports: [{ name: 'http', containerPort: 53, protocol: 'UDP' }] }),
    pod('ok', '10.0.0.5'),
  ]);
  t.same(subsets.flatMap((s) => s.addresses ?? []).map((a) => a.ip), ['10.0.0.5']);
});

t.test('a headless service without ports still lists its pods', async (t) => {
  const subsets = desiredSubsets(service({ clusterIP: 'None' }), [pod('a', '10.0.0.1')]);
  t.same(subsets, [{ addresses: [{ ip: '10.0.0.1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' } }] }]);
});

t.test('over capacity, ready addresses are kept first, each subset its share', async (t) => {
  const addresses = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ ip: `${prefix}.${i}`, targetRef: { kind: 'Pod', namespace: 'ns', name: `${prefix}-${i}`, uid: `${prefix}-${i}` } }));
  const small = [{ addresses: addresses(10, 'a'), notReadyAddresses: addresses(10, 'b') }];
  t.equal(truncateSubsets(small), false);
  t.equal(small[0]!.notReadyAddresses!.length, 10);

  const mixed = [{ addresses: addresses(600, 'a'), notReadyAddresses: addresses(300, 'b') }, { addresses: addresses(200, 'c'), notReadyAddresses: addresses(100, 'd') }];
  t.equal(truncateSubsets(mixed), true);
  t.same(mixed.map((s) => [s.addresses?.length, s.notReadyAddresses?.length]), [[600, 150], [200, 50]], 'all 800 ready kept, 200 not-ready shared 3:1');

  const ready = [{ addresses: addresses(1500, 'a'), notReadyAddresses: addresses(5, 'b') }, { addresses: addresses(500, 'c') }];
  t.equal(truncateSubsets(ready), true);
  t.same(ready.map((s) => [s.addresses?.length, s.notReadyAddresses?.length]), [[750, undefined], [250, undefined]]);
  t.equal(ready.reduce((n, s) => n + (s.addresses?.length ?? 0), 0), maxEndpointsCapacity);
});
