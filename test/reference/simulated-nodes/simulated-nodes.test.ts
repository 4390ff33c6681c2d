import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { parseIpv4, parseIpv4Cidr } from '../../../src/reference/controllers/node-ipam.ts';
import { startNodeIpamController } from '../../../src/reference/controllers/node-ipam.ts';
import { startSimulatedNodes } from '../../../src/reference/simulated-nodes/simulated-nodes.ts';
import { startNodeCluster } from './fixtures/node-cluster.ts';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

interface ContainerStatus {
  name: string;
  state: { running?: object; terminated?: { exitCode: number; reason: string }; waiting?: { reason: string } };
  lastState: { terminated?: { exitCode: number } };
  ready: boolean;
  started: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID: string;
}

interface Pod extends KubeObject {
  spec: { nodeName: string };
  status?: { phase?: string; podIP?: string; hostIP?: string; podIPs?: { ip: string }[]; startTime?: string; conditions?: Condition[]; containerStatuses?: ContainerStatus[] };
}

function inCidr(ip: string, cidr: string): boolean {
  const c = parseIpv4Cidr(cidr)!;
  const n = parseIpv4(ip)!;
  return n >= c.base && n < c.base + 2 ** (32 - c.prefix);
}

t.test('simulated nodes register, heartbeat and run their pods', async (t) => {
  const cluster = await startNodeCluster(t);
  const ipam = await startNodeIpamController(cluster.ctx);
  cluster.defer(() => ipam.stop());
  const nodesCtl = await startSimulatedNodes(cluster.ctx, { count: 3, cpu: '4', memory: '8Gi', namePrefix: 'sim', labels: { 'kdrill.dev/pool': 'a' }, leaseDurationSeconds: 2, restartBackOffSeconds: 0.05 });
  cluster.defer(() => nodesCtl.stop());
  t.same(nodesCtl.names, ['sim-0', 'sim-1', 'sim-2']);

  const nodes = cluster.informers.for('/api/v1/nodes');
  const pods = cluster.informers.for<Pod>('/api/v1/pods');
  const leases = cluster.informers.for('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases');
  const events = cluster.informers.for('/api/v1/events');
  const eventsOf = (name: string) => events.list().filter((e) => (e.involvedObject as { name?: string }).name === name).map((e) => `${e.reason}: ${e.message}`);
  await cluster.until(nodes, () => nodesCtl.names.every((n) => (nodes.get(undefined, n)?.spec as { podCIDR?: string } | undefined)?.podCIDR), 'podCIDRs on all nodes');

  const node = nodes.get(undefined, 'sim-1')!;
  t.match(node.metadata?.labels, { 'kubernetes.io/hostname': 'sim-1', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kdrill.dev/pool': 'a' });
  const status = node.status as { capacity: Record<string, string>; allocatable: Record<string, string>; conditions: Condition[]; addresses: { type: string; address: string }[]; nodeInfo: Record<string, string> };
  t.match(status.capacity, { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' });
  t.same(status.allocatable, status.capacity);
  t.match(status.conditions.find((c) => c.type === 'Ready'), { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
  t.match(status.conditions.find((c) => c.type === 'MemoryPressure'), { status: 'False', reason: 'KubeletHasSufficientMemory' });
  t.match(status.addresses, [{ type: 'InternalIP', address: /^172\.30\./ }, { type: 'Hostname', address: 'sim-1' }]);
  t.match(status.nodeInfo, { operatingSystem: 'linux', architecture: 'amd64', containerRuntimeVersion: /^kdrill:\/\// });
  t.same((node.status as { daemonEndpoints?: unknown }).daemonEndpoints, { kubeletEndpoint: { Port: 0 } }, 'no kubelet API is served: port 0');
  await cluster.until(events, () => eventsOf('sim-1').length >= 6, 'the registration events of sim-1');
  t.same(eventsOf('sim-1').sort(), [
    'NodeAllocatableEnforced: Updated Node Allocatable limit across pods',
    'NodeHasNoDiskPressure: Node sim-1 status is now: NodeHasNoDiskPressure',
    'NodeHasSufficientMemory: Node sim-1 status is now: NodeHasSufficientMemory',
    'NodeHasSufficientPID: Node sim-1 status is now: NodeHasSufficientPID',
    'NodeReady: Node sim-1 status is now: NodeReady',
    'Starting: Starting kubelet.',
  ]);
  const cidrs = nodesCtl.names.map((n) => (nodes.get(undefined, n)!.spec as { podCIDR: string }).podCIDR);
  t.equal(new Set(cidrs).size, 3, 'distinct podCIDRs');

  const firstRenew = await cluster.until(leases, () => (leases.get('kube-node-lease', 'sim-1')?.spec as { renewTime?: string } | undefined)?.renewTime, 'the lease of sim-1');
  const lease = leases.get('kube-node-lease', 'sim-1')!;
  t.match(lease.spec, { holderIdentity: 'sim-1', leaseDurationSeconds: 2 });
  t.match(lease.metadata?.ownerReferences, [{ kind: 'Node', name: 'sim-1', uid: node.metadata?.uid }]);
  await cluster.until(leases, () => (leases.get('kube-node-lease', 'sim-1')?.spec as { renewTime: string }).renewTime !== firstRenew, 'a lease renewal');

  const create = (name: string, extra: { annotations?: Record<string, string>; command?: string[]; restartPolicy?: string }) =>
    cluster.client.create('/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
      spec: {
        nodeName: 'sim-1',
        restartPolicy: extra.restartPolicy ?? 'Always',
        containers: [{ name: 'main', image: 'busybox:1.36', ...(extra.command ? { command: extra.command } : {}) }],
      },
    });

  await t.test('a pod runs with an address of its node podCIDR', async (t) => {
    await create('runner', {});
    const pod = await cluster.until(pods, () => {
      const p = pods.get('default', 'runner');
      return p?.status?.phase === 'Running' ? p : undefined;
    }, 'runner Running');
    const s = pod.status!;
    t.ok(inCidr(s.podIP!, cidrs[1]!), `${s.podIP} in ${cidrs[1]}`);
    t.same(s.podIPs, [{ ip: s.podIP }]);
    t.equal(s.hostIP, status.addresses[0]!.address);
    t.ok(s.startTime);
    for (const type of ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready']) {
      t.equal(s.conditions?.find((c) => c.type === type)?.status, 'True', type);
    }
    t.match(s.containerStatuses, [{ name: 'main', state: { running: {} }, ready: true, started: true, restartCount: 0, image: 'busybox:1.36', imageID: /^busybox@sha256:[0-9a-f]{64}$/, containerID: /^kdrill:\/\/[0-9a-f]{64}$/ }]);
    await cluster.until(events, () => eventsOf('runner').length >= 3, 'the container events of runner');
    t.same(eventsOf('runner').sort(), ['Created: Created container: main', 'Pulled: Container image "busybox:1.36" already present on machine', 'Started: Started container main']);
  });

  await t.test('a host-network pod has its node address', async (t) => {
    await cluster.client.create('/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'host' },
      spec: { nodeName: 'sim-2', hostNetwork: true, containers: [{ name: 'main', image: 'busybox:1.36' }] },
    });
    const pod = await cluster.until(pods, () => {
      const p = pods.get('default', 'host');
      return p?.status?.phase === 'Running' ? p : undefined;
    }, 'host Running');
    const nodeIP = (nodes.get(undefined, 'sim-2')!.status as { addresses: { address: string }[] }).addresses[0]!.address;
    t.equal(pod.status?.podIP, nodeIP);
    t.equal(pod.status?.hostIP, nodeIP);
  });

  await t.test('pods whose containers exit complete as their restartPolicy says', async (t) => {
    await create('done', { command: ['sh', '-c', 'exit 0'], restartPolicy: 'Never' });
    await create('broken', { annotations: { 'kdrill.dev/simulate-exit-code': '3' }, restartPolicy: 'Never' });
    await create('retried', { command: ['false'], restartPolicy: 'OnFailure' });
    const done = await cluster.until(pods, () => {
      const p = pods.get('default', 'done');
      return p?.status?.phase === 'Succeeded' ? p : undefined;
    }, 'done Succeeded');
    t.match(done.status?.containerStatuses, [{ state: { terminated: { exitCode: 0, reason: 'Completed' } }, ready: false }]);
    t.match(done.status?.conditions?.find((c) => c.type === 'Ready'), { status: 'False', reason: 'PodCompleted' });
    const broken = await cluster.until(pods, () => {
      const p = pods.get('default', 'broken');
      return p?.status?.phase === 'Failed' ? p : undefined;
    }, 'broken Failed');
    t.match(broken.status?.containerStatuses, [{ state: { terminated: { exitCode: 3, reason: 'Error' } } }]);
    const retried = await cluster.until(pods, () => {
      const p = pods.get('default', 'retried');
      return (p?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2 ? p : undefined;
    }, 'retried restarted twice');
    t.equal(retried.status?.phase, 'Running');
    t.match(retried.status?.containerStatuses?.[0], { lastState: { terminated: { exitCode: 1 } } });
    const backOff = await cluster.until(events, () => events.list().find((e) => e.reason === 'BackOff'), 'a BackOff event');
    t.match(backOff, { type: 'Warning', message: /^Back-off restarting failed container main in pod retried_default\(/, involvedObject: { name: 'retried' } });
  });

  await t.test('a deleted pod is gone once its node has stopped it', async (t) => {
    await cluster.client.delete('/api/v1/namespaces/default/pods/runner', {});
    await cluster.until(pods, () => !pods.get('default', 'runner'), 'runner gone');
    t.pass('runner deleted by its node');
  });
});
