// Each filter plugin, with the whole default profile running, alone decides
// where a pod goes: the nodes differ only in what that plugin looks at.
import t from 'tap';
import { defaultProfile } from '../../../src/reference/scheduler/default-profile.ts';
import { attemptScheduling, type AttemptResult } from '../../../src/reference/scheduler/scheduling-attempt.ts';
import type { Node, Pod } from '../../../src/reference/scheduler/pod-types.ts';
import { makeNode, makePod, makeSnapshot } from './fixtures/objects.ts';

const profile = defaultProfile();

function place(pod: Pod, nodes: Node[], bound: [Pod, string][] = []): AttemptResult {
  return attemptScheduling(profile, pod, makeSnapshot(nodes, bound));
}

function nodeNameOf(result: AttemptResult): string | undefined {
  return 'nodeName' in result ? result.nodeName : undefined;
}

function messageOf(result: AttemptResult): string | undefined {
  return 'message' in result ? result.message : undefined;
}

const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });

t.test('NodeUnschedulable keeps pods off cordoned nodes unless they tolerate it', async (t) => {
  const nodes = [makeNode('a', { unschedulable: true }), makeNode('b')];
  t.equal(nodeNameOf(place(makePod('p'), nodes)), 'b');
  t.equal(messageOf(place(makePod('p'), [nodes[0]!])), '0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  const tolerant = makePod('p', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } });
  t.equal(nodeNameOf(place(tolerant, [nodes[0]!])), 'a');
});

t.test('NodeName fits only the named node', async (t) => {
  const nodes = [makeNode('a'), makeNode('b'), makeNode('c')];
  t.equal(nodeNameOf(place(makePod('p', { spec: { nodeName: 'c' } }), nodes)), 'c');
  t.match(messageOf(place(makePod('p', { spec: { nodeName: 'z' } }), nodes)), /^0\/3 nodes are available: 3 node\(s\) didn't match the requested node name\./);
});

t.test('NodePorts rejects nodes where the host port is taken', async (t) => {
  const nodes = [makeNode('a'), makeNode('b')];
  const web = (name: string, hostIP?: string) => makePod(name, { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080, ...(hostIP ? { hostIP } : {}) }] }] } });
  t.equal(nodeNameOf(place(web('new'), nodes, [[web('old'), 'a']])), 'b');
  t.equal(nodeNameOf(place(web('new', '10.0.0.2'), nodes, [[web('old', '10.0.0.1'), 'a'], [web('old2'), 'b']])), 'a', 'different host IPs do not clash');
  const udp = makePod('u', { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080, protocol: 'UDP' }] }] } });
  t.equal(nodeNameOf(place(udp, nodes, [[web('old'), 'a'], [web('old2'), 'b']])) !== undefined, true, 'UDP does not clash with TCP');
  t.match(messageOf(place(web('new'), nodes, [[web('old'), 'a'], [web('old2'), 'b']])), /2 node\(s\) didn't have free ports for the requested pod ports\. preemption: 0\/2 nodes are available: 2 No preemption victims found for incoming pod\.$/);
});

t.test('NodeResourcesFit counts bound pods against allocatable', async (t) => {
  const nodes = [makeNode('a', { cpu: '2' }), makeNode('b', { cpu: '2' })];
  t.equal(nodeNameOf(place(makePod('p', { cpu: '1500m' }), nodes, [[makePod('q', { cpu: '1' }), 'a']])), 'b');
  t.equal(
    messageOf(place(makePod('p', { cpu: '1500m', memory: '9Gi' }), nodes, [[makePod('q', { cpu: '1' }), 'a']])),
    '0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    'a request above allocatable is unresolvable',
  );
  const full = [makeNode('a', { pods: '1' }), makeNode('b', { pods: '1' })];
  t.equal(nodeNameOf(place(makePod('p'), full, [[makePod('q'), 'a']])), 'b');
  t.match(messageOf(place(makePod('p'), full, [[makePod('q'), 'a'], [makePod('r'), 'b']])), /: 2 Too many pods\./);
  const init = makePod('i', { cpu: '500m', spec: { initContainers: [{ name: 'init', resources: { requests: { cpu: '3' } } }] } });
  t.equal(nodeNameOf(place(init, [makeNode('a', { cpu: '2' }), makeNode('b', { cpu: '4' })])), 'b', 'the largest init container counts');
});

t.test('NodeAffinity: nodeSelector, required terms and every operator', async (t) => {
  const nodes = [makeNode('a', { labels: { disk: 'ssd', gen: '3' } }), makeNode('b', { labels: { disk: 'hdd', gen: '5' } }), makeNode('c', { labels: { gen: '7' } })];
  t.equal(nodeNameOf(place(makePod('p', { spec: { nodeSelector: { disk: 'hdd' } } }), nodes)), 'b');
  const required = (...matchExpressions: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt'; values?: string[] }[]) =>
    makePod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } } } });
  t.equal(nodeNameOf(place(required({ key: 'disk', operator: 'In', values: ['ssd'] }), nodes)), 'a');
  t.equal(nodeNameOf(place(required({ key: 'disk', operator: 'DoesNotExist' }), nodes)), 'c');
  t.equal(nodeNameOf(place(required({ key: 'disk', operator: 'Exists' }, { key: 'disk', operator: 'NotIn', values: ['ssd'] }), nodes)), 'b');
  t.equal(nodeNameOf(place(required({ key: 'gen', operator: 'Gt', values: ['6'] }), nodes)), 'c');
  t.equal(nodeNameOf(place(required({ key: 'gen', operator: 'Lt', values: ['4'] }), nodes)), 'a');
  const byField = makePod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } } } });
  t.equal(nodeNameOf(place(byField, nodes)), 'b');
  t.match(messageOf(place(makePod('p', { spec: { nodeSelector: { disk: 'nvme' } } }), nodes)), /^0\/3 nodes are available: 3 node\(s\) didn't match Pod's node affinity\/selector\./);
});

t.test('TaintToleration: NoSchedule and NoExecute need a toleration, PreferNoSchedule does not', async (t) => {
  const controlPlane = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const };
  const nodes = [makeNode('cp', { taints: [controlPlane] }), makeNode('gpu', { taints: [{ key: 'gpu', value: 'true', effect: 'NoExecute' }] })];
  t.equal(
    messageOf(place(makePod('p'), nodes)),
    '0/2 nodes are available: 1 node(s) had untolerated taint {gpu: true}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
  );
  t.equal(nodeNameOf(place(makePod('p', { spec: { tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true' }] } }), nodes)), 'gpu');
  t.equal(nodeNameOf(place(makePod('p', { spec: { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] } }), nodes)), 'cp');
  t.equal(nodeNameOf(place(makePod('p', { spec: { tolerations: [{ key: 'gpu', operator: 'Equal', value: 'false' }] } }), nodes)), undefined, 'a different value does not tolerate');
  t.equal(nodeNameOf(place(makePod('p'), [makeNode('soft', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] })])), 'soft');
});

t.test('InterPodAffinity: required affinity, anti-affinity and existing anti-affinity', async (t) => {
  const nodes = [makeNode('a', { labels: zone('z1') }), makeNode('b', { labels: zone('z2') })];
  const db = makePod('db', { labels: { app: 'db' } });
  const term = { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'topology.kubernetes.io/zone' };
  const near = makePod('near', { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } });
  t.equal(nodeNameOf(place(near, nodes, [[db, 'b']])), 'b');
  t.match(messageOf(place(near, nodes)), /2 node\(s\) didn't match pod affinity rules\./, 'no db pod anywhere');
  const first = makePod('db2', { labels: { app: 'db' }, spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } });
  t.not(nodeNameOf(place(first, nodes)), undefined, 'the first pod of a group selecting itself may go anywhere');
  const apart = makePod('apart', { spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } });
  t.equal(nodeNameOf(place(apart, nodes, [[db, 'a']])), 'b');
  const loner = makePod('loner', { labels: { app: 'loner' }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } } } });
  t.equal(nodeNameOf(place(makePod('web', { labels: { app: 'web' } }), nodes, [[loner, 'a']])), 'b');
  t.match(messageOf(place(makePod('web', { labels: { app: 'web' } }), [nodes[0]!], [[loner, 'a']])), /1 node\(s\) didn't satisfy existing pods anti-affinity rules\./);
  const otherNs = makePod('db', { namespace: 'other', labels: { app: 'db' } });
  t.equal(nodeNameOf(place(apart, nodes, [[otherNs, 'a'], [db, 'b']])), 'a', 'terms select pods of their own namespace');
});

t.test('PodTopologySpread: maxSkew over zones, missing label', async (t) => {
  const nodes = [makeNode('a', { labels: zone('z1') }), makeNode('b', { labels: zone('z2') }), makeNode('c')];
  const spread = (name: string) =>
    makePod(name, { labels: { app: 'web' }, spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] } });
  t.equal(nodeNameOf(place(spread('new'), nodes, [[spread('w1'), 'a']])), 'b');
  const hungry = { ...spread('new'), spec: { ...spread('new').spec, containers: [{ name: 'c', resources: { requests: { cpu: '2' } } }] } };
  t.equal(
    messageOf(place(hungry, [nodes[0]!, nodes[2]!, makeNode('b', { labels: zone('z2'), cpu: '1' })], [[spread('w1'), 'a'], [spread('w2'), 'a']])),
    "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod topology spread constraints, 1 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
  );
});

t.test('PodTopologySpread: minDomains counts missing domains as empty; matchLabelKeys narrow the selector', async (t) => {
  const nodes = [makeNode('a', { labels: zone('z1') })];
  const spread = (name: string, extra: object = {}, labels: Record<string, string> = { app: 'web' }) =>
    makePod(name, { labels, spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra }] } });
  t.equal(nodeNameOf(place(spread('new'), nodes, [[spread('w1'), 'a']])), 'a');
  t.equal(nodeNameOf(place(spread('new', { minDomains: 2 }), nodes, [[spread('w1'), 'a']])), undefined);
  // b's domain counts (taints do not exclude nodes from spreading) though the pod cannot go there.
  const twoZones = [...nodes, makeNode('b', { labels: zone('z2'), taints: [{ key: 'k', effect: 'NoSchedule' }] })];
  const bound: [Pod, string][] = [[spread('old', {}, { app: 'web', rev: '1' }), 'a']];
  t.equal(nodeNameOf(place(spread('new', {}, { app: 'web', rev: '2' }), twoZones, bound)), undefined);
  t.equal(nodeNameOf(place(spread('new', { matchLabelKeys: ['rev'] }, { app: 'web', rev: '2' }), twoZones, bound)), 'a', 'pods of another revision do not count');
  t.equal(nodeNameOf(place(spread('new', { nodeTaintsPolicy: 'Honor' }, { app: 'web', rev: '2' }), twoZones, bound)), 'a', 'nodeTaintsPolicy Honor leaves the untolerated domain out');
});

t.test('PodTopologySpread: nodeAffinityPolicy Ignore counts domains the pod may not go to', async (t) => {
  const nodes = [makeNode('a', { labels: { ...zone('z1'), pool: 'web' } }), makeNode('b', { labels: { ...zone('z2'), pool: 'db' } })];
  const spread = (name: string, extra: object = {}) =>
    makePod(name, { labels: { app: 'web' }, spec: { nodeSelector: { pool: 'web' }, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra }] } });
  const bound: [Pod, string][] = [[spread('old'), 'a']];
  t.equal(nodeNameOf(place(spread('new'), nodes, bound)), 'a', 'Honor (the default): z2 is not a domain for this pod');
  t.equal(nodeNameOf(place(spread('new', { nodeAffinityPolicy: 'Ignore' }), nodes, bound)), undefined, 'Ignore: empty z2 holds the skew down');
});
