// A node whose pod subnet is leased by flannel over etcd rather than given by
// its Node's spec.podCIDR: the control plane allocates none (no node IPAM
// controller here, as with --allocate-node-cidrs=false), and the agent makes
// its runtime with the leased subnet.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { NodeAgent } from '../../../src/reference/node/agent.ts';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { startControllerCluster, type ControllerCluster } from '../../helpers/controller-cluster.ts';
import { testAgentConfig } from './fixtures/agent-cluster.ts';
import { MemoryImageStore } from './fixtures/memory-image-store.ts';
import { ProcessRuntime } from './fixtures/process-runtime.ts';

interface NodeShape extends KubeObject {
  spec?: { podCIDR?: string };
  status?: { conditions?: { type: string; status: string }[] };
}

const agentConfig = (nodeName: string, nodeIP: string, dir: string) => testAgentConfig(dir, { nodeName, nodeIP, labels: {} });

t.test('the runtime gets the leased pod subnet; the Node keeps no podCIDR and becomes Ready', async (t) => {
  const cluster = await startControllerCluster(t);
  const dir = await mkdtemp(join(tmpdir(), 'kdrill-agent-'));
  const runtime = new ProcessRuntime();
  const logs: string[] = [];
  const given: string[] = [];
  let leases = 0;
  const agent = new NodeAgent({
    config: agentConfig('worker-1', '172.18.0.3', dir),
    client: cluster.client,
    images: new MemoryImageStore(),
    leasePodSubnet: async () => {
      leases++;
      return '10.5.42.0/24';
    },
    createRuntime: async (podCIDR) => {
      given.push(podCIDR);
      return runtime;
    },
    log: (m) => logs.push(m),
  });
  t.teardown(async () => {
    await agent.stop();
    await runtime.close();
    await rm(dir, { recursive: true, force: true });
  });
  await agent.start();
  t.same(given, ['10.5.42.0/24'], 'the runtime is made with the leased subnet');
  t.equal(leases, 1, 'leased once');
  t.ok(logs.includes('node worker-1: pod subnet leased 10.5.42.0/24'));
  const [node] = await cluster.waitForList<NodeShape>('/api/v1/nodes', (items) => items.some((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')));
  t.equal(node!.spec?.podCIDR, undefined, 'no podCIDR on the Node');
});

/** An agent whose lease never comes: start() must end with the stop error once stop() is called after `before`. */
async function stoppedAgent(t: Test, nodeName: string, nodeIP: string, before: (cluster: ControllerCluster) => Promise<unknown>): Promise<void> {
  const cluster = await startControllerCluster(t);
  const dir = await mkdtemp(join(tmpdir(), 'kdrill-agent-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const agent = new NodeAgent({
    config: agentConfig(nodeName, nodeIP, dir),
    client: cluster.client,
    images: new MemoryImageStore(),
    leasePodSubnet: () => new Promise<string>(() => undefined),
    createRuntime: async () => {
      throw new Error('no runtime without a subnet');
    },
    log: () => undefined,
  });
  const outcome = agent.start().then(
    () => 'started',
    (err: Error) => err.message,
  );
  await before(cluster);
  await agent.stop();
  t.equal(await outcome, `node ${nodeName}: stopped before it had a pod subnet`);
}

t.test('stopped while the lease is pending: start() ends', (t) =>
  stoppedAgent(t, 'worker-2', '172.18.0.4', (cluster) => cluster.waitForList<NodeShape>('/api/v1/nodes', (items) => items.length === 1)));

t.test('stopped while the Node is being registered: start() ends too', (t) => stoppedAgent(t, 'worker-3', '172.18.0.5', async () => undefined));
