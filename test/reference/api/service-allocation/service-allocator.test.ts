// The allocator on a real embedded store: what kube-apiserver's Service REST
// storage does on create and delete, including concurrent creates and a
// restart that finds Services stored without their lock keys.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { KubeObject } from '../../../../src/reference/api/object.ts';
import { ApiError } from '../../../../src/reference/api/status.ts';
import { createServiceAllocator, ipLockPrefix, nodePortLockPrefix } from '../../../../src/reference/api/service-allocation/service-allocator.ts';
import { openStore } from '../../../../src/reference/store/open.ts';
import type { Store } from '../../../../src/reference/store/store.ts';

async function tempStore(t: Test): Promise<Store> {
  const dir = await mkdtemp(join(tmpdir(), 'kdrill-svc-alloc-'));
  const store = await openStore({ backend: 'embedded', dataDir: dir });
  t.teardown(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return store;
}

function service(name: string, spec: Record<string, unknown> = {}, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, uid: `uid-${namespace}-${name}` }, spec: { type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP' }], ...spec } };
}

function spec(svc: KubeObject): Record<string, any> {
  return svc.spec as Record<string, any>;
}

async function rejects422(t: Test, p: Promise<unknown>, message: string): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  t.ok(err instanceof ApiError, 'an ApiError');
  t.equal((err as ApiError).code, 422);
  t.equal((err as ApiError).message, message);
}

t.test('sequential creates get distinct IPs from the upper band of 10.96.0.0/12', async (t) => {
  const store = await tempStore(t);
  const allocator = createServiceAllocator();
  const ips = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const svc = service(`s${i}`);
    await allocator.allocate(svc, store);
    t.equal(spec(svc).clusterIPs[0], spec(svc).clusterIP);
    t.same(spec(svc).ipFamilies, ['IPv4']);
    t.equal(spec(svc).ipFamilyPolicy, 'SingleStack');
    ips.add(spec(svc).clusterIP);
  }
  t.equal(ips.size, 20);
  for (const ip of ips) {
    t.match(ip, /^10\.(9[6-9]|10[0-9]|11[01])\./, `${ip} in 10.96.0.0/12`);
    t.notOk(ip.startsWith('10.96.0.'), `${ip} outside the static band`);
  }
});

t.test('concurrent creates get distinct IPs and node ports', async (t) => {
  const store = await tempStore(t);
  // Every allocator starts from the same address, so all of them race for it.
  const allocators = Array.from({ length: 4 }, () => createServiceAllocator({ random: () => 0.5 }));
  const services = Array.from({ length: 24 }, (_, i) => service(`c${i}`, { type: 'NodePort' }));
  await Promise.all(services.map((svc, i) => allocators[i % 4]!.allocate(svc, store)));
  t.equal(new Set(services.map((s) => spec(s).clusterIP)).size, 24);
  t.equal(new Set(services.map((s) => spec(s).ports[0].nodePort)).size, 24);
  t.equal((await store.list(ipLockPrefix)).items.length, 24);
});

t.test('kubernetes gets the first address; the DNS address only on request', async (t) => {
  const store = await tempStore(t);
  const allocator = createServiceAllocator({ serviceCIDR: '10.0.0.0/28' });
  const api = service('kubernetes');
  await allocator.allocate(api, store);
  t.equal(spec(api).clusterIP, '10.0.0.1');
  const taken: string[] = [];
  for (let i = 0; i < 12; i++) {
    const svc = service(`d${i}`);
    await allocator.allocate(svc, store);
    taken.push(spec(svc).clusterIP);
  }
  t.notOk(taken.includes('10.0.0.10'), 'dynamic allocation leaves the DNS address');
  const err = await allocator.allocate(service('full'), store).then(() => undefined, (e: unknown) => e);
  t.equal((err as ApiError).code, 500);
  t.equal((err as ApiError).message, 'Internal error occurred: failed to allocate a serviceIP: range is full');
  const dns = service('kube-dns', { clusterIP: '10.0.0.10' }, 'kube-system');
  await allocator.allocate(dns, store);
  t.same(spec(dns).clusterIPs, ['10.0.0.10']);
});

t.test('a requested IP is honoured once; taken or out of range is 422', async (t) => {
  const store = await tempStore(t);
  const allocator = createServiceAllocator();
  const first = service('a', { clusterIP: '10.96.0.50', clusterIPs: ['10.96.0.50'] });
  await allocator.allocate(first, store);
  t.equal(spec(first).clusterIP, '10.96.0.50');
  await rejects422(t, allocator.allocate(service('b', { clusterIP: '10.96.0.50', clusterIPs: ['10.96.0.50'] }), store),
    'Service "b" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.50"]: failed to allocate IP 10.96.0.50: provided IP is already allocated');
  await rejects422(t, allocator.allocate(service('c', { clusterIP: '192.168.0.1', clusterIPs: ['192.168.0.1'] }), store),
    'Service "c" is invalid: spec.clusterIPs: Invalid value: ["192.168.0.1"]: failed to allocate IP 192.168.0.1: the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12');
});

t.test('headless and ExternalName services get no IP', async (t) => {
  const store = await tempStore(t);
  const allocator = createServiceAllocator();
  const headless = service('h', { clusterIP: 'None', clusterIPs: ['None'] });
  await allocator.allocate(headless, store);
  t.same(spec(headless).clusterIPs, ['None']);
  const external = service('e', { type: 'ExternalName', externalName: 'example.com', ports: [] });
  await allocator.allocate(external, store);
  t.equal(spec(external).clusterIP, undefined);
  t.equal((await store.list(ipLockPrefix)).items.length, 0);
});

t.test('node ports: in range, requested ones checked, shared across protocols of one port', async (t) => {
  const store = await tempStore(t);
  const allocator = createServiceAllocator();
  const np = service('np', { type: 'NodePort', ports: [{ port: 53, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }, { port: 80, protocol: 'TCP' }] });
  await allocator.allocate(np, store);
  const [tcp, udp, http] = spec(np).ports.map((p: { nodePort: number }) => p.nodePort);
  t.ok(tcp >= 30000 && tcp <= 32767 && http >= 30000 && http <= 32767);
  t.equal(udp, tcp);
  t.not(http, tcp);

  const lb = service('lb', { type: 'LoadBalancer', ports: [{ port: 443, protocol: 'TCP', nodePort: 30443 }] });
  await allocator.allocate(lb, store);
  t.equal(spec(lb).ports[0].nodePort, 30443);
  const local = service('local', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
  await allocator.allocate(local, store);
  const health = spec(local).healthCheckNodePort;
  t.ok(health >= 30000 && health <= 32767 && health !== spec(local).ports[0].nodePort, 'a Local LoadBalancer gets its own healthCheckNodePort');
  await rejects422(t, allocator.allocate(service('local2', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: health }), store),
    `Service "local2" is invalid: spec.healthCheckNodePort: Invalid value: ${health}: provided port is already allocated`);
  await allocator.release(local, store);
  t.notOk(await store.get(`${nodePortLockPrefix}${health}`), 'released with the service');
  const noPorts = service('lb2', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false });
  await allocator.allocate(noPorts, store);
  t.equal(spec(noPorts).ports[0].nodePort, undefined);
  const clusterOnly = service('plain');
  await allocator.allocate(clusterOnly, store);
  t.equal(spec(clusterOnly).ports[0].nodePort, undefined);

  const locksBefore = (await store.list(ipLockPrefix)).items.length;
  await rejects422(t, allocator.allocate(service('dup', { type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', nodePort: 30443 }] }), store),
    'Service "dup" is invalid: spec.ports[0].nodePort: Invalid value: 30443: provided port is already allocated');
  t.equal((await store.list(ipLockPrefix)).items.length, locksBefore, 'the IP taken before the failure is given back');
  await rejects422(t, allocator.allocate(service('low', { type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', nodePort: 8080 }] }), store),
    'Service "low" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767');
});

t.test('release on delete frees the IP and node ports for others, and only the owner\'s', async (t) => {
  const store = await tempStore(t);
  const allocator = createServiceAllocator();
  const a = service('a', { type: 'NodePort', clusterIP: '10.96.0.77', clusterIPs: ['10.96.0.77'], ports: [{ port: 80, protocol: 'TCP', nodePort: 31000 }] });
  await allocator.allocate(a, store);
  await allocator.release(service('impostor', { clusterIP: '10.96.0.77', clusterIPs: ['10.96.0.77'], ports: [{ port: 80, nodePort: 31000 }] }), store);
  t.ok(await store.get(`${ipLockPrefix}10.96.0.77`), 'a service that does not hold the IP cannot free it');
  await allocator.release(a, store);
  t.equal((await store.list(ipLockPrefix)).items.length, 0);
  t.equal((await store.list(nodePortLockPrefix)).items.length, 0);
  const b = service('b', { type: 'NodePort', clusterIP: '10.96.0.77', clusterIPs: ['10.96.0.77'], ports: [{ port: 80, protocol: 'TCP', nodePort: 31000 }] });
  await allocator.allocate(b, store);
  t.equal(spec(b).clusterIP, '10.96.0.77');
});

t.test('after a restart, Services already stored keep their IPs and ports', async (t) => {
  const store = await tempStore(t);
  const stored = service('old', { type: 'NodePort', clusterIP: '10.96.0.88', clusterIPs: ['10.96.0.88'], ports: [{ port: 80, protocol: 'TCP', nodePort: 30088 }] });
  await store.create('/registry/services/specs/default/old', JSON.stringify(stored));
  const allocator = createServiceAllocator();
  await rejects422(t, allocator.allocate(service('new', { clusterIP: '10.96.0.88', clusterIPs: ['10.96.0.88'] }), store),
    'Service "new" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.88"]: failed to allocate IP 10.96.0.88: provided IP is already allocated');
  await rejects422(t, allocator.allocate(service('new2', { type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', nodePort: 30088 }] }), store),
    'Service "new2" is invalid: spec.ports[0].nodePort: Invalid value: 30088: provided port is already allocated');
});
