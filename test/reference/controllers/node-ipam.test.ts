import t from 'tap';
import { CidrSet, parseIpv4Cidr, startNodeIpamController } from '../../../src/reference/controllers/node-ipam.ts';
import { startNodeCluster } from '../simulated-nodes/fixtures/node-cluster.ts';

t.test('CIDR sets hand out, take back and run out of node CIDRs', async (t) => {
  const set = new CidrSet('10.244.0.0/22', 24);
  t.same([set.allocate(), set.allocate()], ['10.244.0.0/24', '10.244.1.0/24']);
  t.ok(set.occupy('10.244.3.0/24'));
  t.notOk(set.occupy('10.245.0.0/24'), 'outside the cluster CIDR');
  t.notOk(set.occupy('10.244.2.0/25'), 'another mask size');
  t.equal(set.allocate(), '10.244.2.0/24');
  t.equal(set.allocate(), undefined, 'full');
  set.release('10.244.1.0/24');
  t.equal(set.allocate(), '10.244.1.0/24');
  t.throws(() => new CidrSet('10.244.0.0', 24), /not an IPv4 CIDR/);
  t.throws(() => new CidrSet('10.244.0.0/16', 8), /node mask size 8/);
  t.same(parseIpv4Cidr('10.244.7.9/16'), { base: 0x0af40000, prefix: 16 });
  t.equal(parseIpv4Cidr('10.244.0.0/33'), undefined);
});

t.test('node IPAM gives each node its own podCIDR and reuses those of deleted nodes', async (t) => {
  const cluster = await startNodeCluster(t);
  const ipam = await startNodeIpamController(cluster.ctx, { clusterCIDR: '10.250.0.0/23', nodeMaskSize: 24 });
  cluster.defer(() => ipam.stop());
  const nodes = cluster.informers.for('/api/v1/nodes');
  const events = cluster.informers.for('/api/v1/events');
  const podCIDR = (name: string) => (nodes.get(undefined, name)?.spec as { podCIDR?: string; podCIDRs?: string[] } | undefined);
  const create = (name: string) => cluster.client.create('/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name } });

  await create('a');
  await create('b');
  await cluster.until(nodes, () => podCIDR('a')?.podCIDR && podCIDR('b')?.podCIDR, 'podCIDRs of a and b');
  const a = podCIDR('a')!;
  const b = podCIDR('b')!;
  t.not(a.podCIDR, b.podCIDR);
  t.same([a.podCIDR, b.podCIDR].sort(), ['10.250.0.0/24', '10.250.1.0/24']);
  t.same(a.podCIDRs, [a.podCIDR]);

  await create('c');
  const full = await cluster.until(events, () => events.list('default').find((e) => (e.involvedObject as { name?: string }).name === 'c'), 'an event on c');
  t.match(full, { reason: 'CIDRNotAvailable', type: 'Normal', message: 'Node c status is now: CIDRNotAvailable', involvedObject: { kind: 'Node', name: 'c' } });
  t.notOk(podCIDR('c')?.podCIDR);

  await cluster.client.delete('/api/v1/nodes/a');
  await cluster.until(nodes, () => podCIDR('c')?.podCIDR, 'a podCIDR for c');
  t.equal(podCIDR('c')!.podCIDR, a.podCIDR, 'c got the CIDR a released');
});
