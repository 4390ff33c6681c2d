// flannel's kube subnet manager against a real control plane: the lease is
// the Node's podCIDR and is published in its annotations with
// NetworkUnavailable=False; the other Nodes' annotations are the peers' leases.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import type { KubeObject } from '../../../../../src/reference/api/object.ts';
import { leaseAnnotations } from '../../../../../src/reference/node/network/flannel/flannel-annotations.ts';
import { KubeSubnetManager } from '../../../../../src/reference/node/network/flannel/kube-subnet-manager.ts';
import type { PeerLease } from '../../../../../src/reference/node/network/flannel/peer-lease.ts';
import { startControllerCluster } from '../../../../helpers/controller-cluster.ts';

interface NodeShape extends KubeObject {
  spec?: { podCIDR?: string };
  status?: { conditions?: { type: string; status: string; reason?: string }[] };
}

const node = (name: string, podCIDR?: string, annotations: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, annotations },
  ...(podCIDR ? { spec: { podCIDR } } : {}),
});

async function eventually(what: string, check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 300 && !check(); tries++) await sleep(50);
  if (!check()) throw new Error(`never happened: ${what}`);
}

t.test("the Node's podCIDR is the lease, published in its annotations; the other Nodes are the peers", async (t) => {
  const cluster = await startControllerCluster(t);
  const netConfFile = join(t.testdir(), 'net-conf.json');
  await writeFile(netConfFile, '{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}}');
  const manager = new KubeSubnetManager({ client: cluster.client, nodeName: 'w1', netConfFile, log: () => undefined });
  t.teardown(() => manager.stop());
  t.same(await manager.networkConfig(), { network: '10.244.0.0/16', backend: 'vxlan' });

  await cluster.client.create('/api/v1/nodes', node('w1'));
  const attrs = { publicIP: '172.18.0.3', backend: 'vxlan' as const, vxlan: { vni: 1, vtepMAC: '0a:58:0a:f4:01:00' } };
  await t.rejects(manager.acquireLease(attrs), { message: 'node "w1" pod cidr not assigned' });
  await cluster.client.patch('/api/v1/nodes/w1', 'merge', { spec: { podCIDR: '10.244.1.0/24' } });
  t.equal(await manager.storedVtepMAC(), undefined, 'nothing published yet');
  t.equal(await manager.acquireLease(attrs), '10.244.1.0/24');
  const w1 = await cluster.client.get<NodeShape>('/api/v1/nodes/w1');
  t.has(w1.metadata?.annotations, leaseAnnotations(attrs), 'the lease in the annotations');
  t.has(w1.status?.conditions?.find((c) => c.type === 'NetworkUnavailable'), { status: 'False', reason: 'FlannelIsUp' });
  t.equal(await manager.storedVtepMAC(), '0a:58:0a:f4:01:00', 'the published MAC, for a restart');

  const peerAttrs = { publicIP: '172.18.0.4', backend: 'vxlan' as const, vxlan: { vni: 1, vtepMAC: '0a:58:0a:f4:02:00' } };
  await cluster.client.create('/api/v1/nodes', node('w2', '10.244.2.0/24', leaseAnnotations(peerAttrs)));
  const peers = new Map<string, PeerLease>();
  await manager.watchLeases({ peer: (key, lease) => (lease ? peers.set(key, lease) : peers.delete(key)), revoked: () => t.fail('never revoked') });
  t.same([...peers.keys()], ['w2'], 'the other Node, not its own');
  t.has(peers.get('w2'), { subnet: '10.244.2.0/24', publicIP: '172.18.0.4', backend: 'vxlan', vtepMAC: '0a:58:0a:f4:02:00' });
  await cluster.client.delete('/api/v1/nodes/w2');
  await eventually('the deleted Node goes', () => !peers.has('w2'));
  t.notOk(peers.has('w2'), 'a deleted Node is no peer');
});
