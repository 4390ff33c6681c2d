// VolumeBinding decides placement from claims, volumes and storage classes;
// bindingPlan says what binding must do for the chosen node.
import t from 'tap';
import type { PersistentVolume, PersistentVolumeClaim } from '../../../src/reference/controllers/pv-matching.ts';
import { defaultProfile } from '../../../src/reference/scheduler/default-profile.ts';
import type { VolumeLookups } from '../../../src/reference/scheduler/framework.ts';
import { bindingPlan, podClaimNames } from '../../../src/reference/scheduler/plugins/volume-binding.ts';
import type { Pod, StorageClass } from '../../../src/reference/scheduler/pod-types.ts';
import { attemptScheduling } from '../../../src/reference/scheduler/scheduling-attempt.ts';
import { makeNode, makePod, makeSnapshot } from './fixtures/objects.ts';

const profile = defaultProfile();
const nodes = () => makeSnapshot([makeNode('a'), makeNode('b')]);

function lookups(claims: PersistentVolumeClaim[], volumes: PersistentVolume[] = [], classes: StorageClass[] = []): VolumeLookups {
  return {
    claim: (ns, name) => claims.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name),
    volume: (name) => volumes.find((v) => v.metadata?.name === name),
    allVolumes: () => volumes,
    storageClass: (name) => classes.find((c) => c.metadata?.name === name),
  };
}

function claim(name: string, o: { className?: string; volumeName?: string } = {}): PersistentVolumeClaim {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: o.className ?? 'local', ...(o.volumeName ? { volumeName: o.volumeName } : {}) },
  };
}

function volume(name: string, node: string | undefined, o: { claimRef?: PersistentVolumeClaim } = {}): PersistentVolume {
  return {
    metadata: { name },
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'local',
      ...(node ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } } } : {}),
      ...(o.claimRef ? { claimRef: { namespace: 'default', name: o.claimRef.metadata!.name } } : {}),
    },
    status: { phase: o.claimRef ? 'Bound' : 'Available' },
  };
}

const wffc = (name: string, provisioner = 'kubernetes.io/no-provisioner'): StorageClass => ({ metadata: { name }, provisioner, volumeBindingMode: 'WaitForFirstConsumer' });
const immediate: StorageClass = { metadata: { name: 'fast' }, provisioner: 'kdrill.dev/hostpath', volumeBindingMode: 'Immediate' };

const withClaim = (claimName: string): Pod => makePod('p', { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] } });

t.test('claim names come from persistentVolumeClaim and ephemeral volumes', async (t) => {
  t.same(podClaimNames(makePod('web', { spec: { volumes: [{ name: 'a', persistentVolumeClaim: { claimName: 'c' } }, { name: 'scratch', ephemeral: {} }] } })), ['c', 'web-scratch']);
});

t.test('a missing claim or an unbound Immediate claim rejects the pod before any node is looked at', async (t) => {
  t.same(attemptScheduling(profile, withClaim('nope'), nodes(), { volumes: lookups([]) }), {
    message: '0/2 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
  });
  t.same(attemptScheduling(profile, withClaim('c'), nodes(), { volumes: lookups([claim('c', { className: 'fast' })], [], [immediate]) }), {
    message: '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
  });
});

t.test("a bound claim's volume node affinity decides the node", async (t) => {
  const c = claim('c', { volumeName: 'pv-b' });
  t.same(attemptScheduling(profile, withClaim('c'), nodes(), { volumes: lookups([c], [volume('pv-b', 'b', { claimRef: c })]) }), { nodeName: 'b' });
  t.match(attemptScheduling(profile, withClaim('c'), [nodes()[0]!], { volumes: lookups([c], [volume('pv-b', 'b', { claimRef: c })]) }), { message: /^0\/1 nodes are available: 1 node\(s\) had volume node affinity conflict\./ });
});

t.test('a WaitForFirstConsumer claim goes where a volume is available, or anywhere its class provisions', async (t) => {
  const c = claim('c');
  const local = lookups([c], [volume('pv-a', 'a')], [wffc('local')]);
  t.same(attemptScheduling(profile, withClaim('c'), nodes(), { volumes: local }), { nodeName: 'a' });
  const [a, b] = nodes();
  t.match(bindingPlan(withClaim('c'), a!, local), { staticBindings: [{ claim: { metadata: { name: 'c' } }, volume: { metadata: { name: 'pv-a' } } }], provisionings: [] });
  t.match(attemptScheduling(profile, withClaim('c'), [b!], { volumes: local }), { message: /1 node\(s\) didn't find available persistent volumes to bind\./ });
  const provisioned = lookups([c], [], [wffc('local', 'kdrill.dev/hostpath')]);
  t.match(attemptScheduling(profile, withClaim('c'), nodes(), { volumes: provisioned }), { nodeName: /^[ab]$/ });
  t.match(bindingPlan(withClaim('c'), b!, provisioned), { staticBindings: [], provisionings: [{ metadata: { name: 'c' } }] });
  t.equal(bindingPlan(withClaim('c'), b!, lookups([claim('c', { volumeName: 'pv' })], [], [wffc('local')])), undefined, 'nothing to do for a bound claim');
});
