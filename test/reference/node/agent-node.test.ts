// The node agent registers its Node and keeps its Lease and status, against a
// real control plane (pods run as plain processes: fixtures/process-runtime.ts).
import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { kubernetesVersion } from '../../../src/reference/api/version.ts';
import { startAgentCluster } from './fixtures/agent-cluster.ts';

interface NodeShape extends KubeObject {
  spec?: { podCIDR?: string; taints?: { key: string; value?: string; effect: string }[] };
  status?: {
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    addresses?: { type: string; address: string }[];
    daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
    nodeInfo?: Record<string, string>;
    images?: { names: string[]; sizeBytes: number }[];
  };
}

t.test('registers its Node as the kubelet does, renews its Lease and reports its images', async (t) => {
  const c = await startAgentCluster(t, {
    taints: [{ key: 'dedicated', value: 'tests', effect: 'NoSchedule' }],
    serving: { port: 10255, certFile: '', keyFile: '', clientCAFile: '' },
  });
  c.images.add(['busybox:latest', 'busybox:1.35'], {}, 5000);
  const [node] = await c.waitForList<NodeShape>('/api/v1/nodes', (items) => items.some((n) => n.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')));
  t.ok(node);
  t.match(node!.metadata?.labels, {
    'kubernetes.io/hostname': 'worker-1',
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': String,
    'node-role.kubernetes.io/worker': '',
  });
  t.same(node!.spec?.taints, [{ key: 'dedicated', value: 'tests', effect: 'NoSchedule' }]);
  t.match(node!.status?.capacity, { cpu: '2', memory: '4Gi', pods: '50', 'ephemeral-storage': /^\d+Ki$/ });
  t.same(node!.status?.allocatable, node!.status?.capacity);
  t.same(node!.status?.addresses, [
    { type: 'InternalIP', address: '172.18.0.3' },
    { type: 'Hostname', address: 'worker-1' },
  ]);
  t.equal(node!.status?.daemonEndpoints?.kubeletEndpoint?.Port, 10255);
  t.match(node!.status?.nodeInfo, { kubeletVersion: kubernetesVersion, operatingSystem: 'linux', containerRuntimeVersion: /^kdrill:\/\// });
  t.match(node!.spec?.podCIDR, /^10\.244\.\d+\.0\/24$/);
  const conditions = node!.status?.conditions ?? [];
  t.match(conditions.find((x) => x.type === 'Ready'), { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
  t.match(conditions.find((x) => x.type === 'MemoryPressure'), { status: 'False', reason: 'KubeletHasSufficientMemory' });
  t.match(conditions.find((x) => x.type === 'DiskPressure'), { status: 'False', reason: 'KubeletHasNoDiskPressure' });
  t.match(conditions.find((x) => x.type === 'PIDPressure'), { status: 'False', reason: 'KubeletHasSufficientPID' });

  const leases = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';
  const [first] = await c.waitForList<KubeObject & { spec?: { renewTime?: string } }>(leases, (items) => items.length === 1);
  t.match(first, { metadata: { name: 'worker-1', ownerReferences: [{ kind: 'Node', name: 'worker-1' }] }, spec: { holderIdentity: 'worker-1', leaseDurationSeconds: 4 } });
  const renewed = await c.waitForList<KubeObject & { spec?: { renewTime?: string } }>(leases, (items) => items[0]?.spec?.renewTime !== first!.spec?.renewTime);
  t.not(renewed[0]?.spec?.renewTime, first!.spec?.renewTime, 'the lease is renewed');

  const [withImages] = await c.waitForList<NodeShape>('/api/v1/nodes', (items) => (items[0]?.status?.images ?? []).length > 0);
  t.same(withImages!.status?.images, [{ names: ['docker.io/library/busybox:latest', 'docker.io/library/busybox:1.35'], sizeBytes: 5000 }], 'an image loaded later shows up');
  t.equal(c.runtime.orphanCleanups, 1, 'leftovers of an earlier run are cleaned up before pods run');
});

t.test('the Node is not Ready until the runtime, and the pods’ network with it, is up', async (t) => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const c = await startAgentCluster(t, {}, gate);
  const [waiting] = await c.waitForList<NodeShape>('/api/v1/nodes', (items) => items.some((n) => n.spec?.podCIDR));
  t.match(waiting!.status?.conditions?.find((x) => x.type === 'Ready'), {
    status: 'False',
    reason: 'KubeletNotReady',
    message: /^container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady/,
  });
  release();
  const [ready] = await c.waitForList<NodeShape>('/api/v1/nodes', (items) => items.some((n) => n.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')));
  t.match(ready!.status?.conditions?.find((x) => x.type === 'Ready'), { status: 'True', reason: 'KubeletReady' });
});
