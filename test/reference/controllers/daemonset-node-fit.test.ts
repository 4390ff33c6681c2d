import t from 'tap';
import { daemonPlacement, pinnedToNode, targetNodeName, toleratesTaint, withDaemonPodTolerations, type DaemonPodSpec } from '../../../src/reference/controllers/daemonset-node-fit.ts';

const node = (name: string, labels: Record<string, string> = {}, taints: { key: string; value?: string; effect: string }[] = []) => ({
  metadata: { name, labels },
  spec: { taints },
});

t.test('daemon pods get upstream tolerations, network-unavailable only with hostNetwork', async (t) => {
  const keys = (spec: DaemonPodSpec) => (withDaemonPodTolerations(spec).tolerations ?? []).map((x) => `${x.key}:${x.effect}`);
  t.same(keys({}), [
    'node.kubernetes.io/not-ready:NoExecute',
    'node.kubernetes.io/unreachable:NoExecute',
    'node.kubernetes.io/disk-pressure:NoSchedule',
    'node.kubernetes.io/memory-pressure:NoSchedule',
    'node.kubernetes.io/pid-pressure:NoSchedule',
    'node.kubernetes.io/unschedulable:NoSchedule',
  ]);
  t.ok(keys({ hostNetwork: true }).includes('node.kubernetes.io/network-unavailable:NoSchedule'));
  const own = withDaemonPodTolerations({ tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] });
  t.equal(own.tolerations?.filter((x) => x.key === 'node.kubernetes.io/not-ready').length, 1, 'an existing toleration is replaced, not doubled');
  t.equal(own.tolerations?.[0]?.tolerationSeconds, undefined, 'daemon pods tolerate not-ready forever');
});

t.test('toleration matching', async (t) => {
  const taint = { key: 'dedicated', value: 'infra', effect: 'NoSchedule' };
  t.ok(toleratesTaint({ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }, taint));
  t.ok(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, taint), 'no effect matches every effect');
  t.ok(toleratesTaint({ operator: 'Exists' }, taint), 'empty key with Exists matches every taint');
  t.notOk(toleratesTaint({ key: 'dedicated', value: 'web', effect: 'NoSchedule' }, taint));
  t.notOk(toleratesTaint({ key: 'dedicated', value: 'infra', effect: 'NoExecute' }, taint));
});

t.test('placement: selector, affinity, taints', async (t) => {
  t.same(daemonPlacement(node('a', { disk: 'ssd' }), { nodeSelector: { disk: 'ssd' } }), { shouldRun: true, shouldContinueRunning: true });
  t.same(daemonPlacement(node('a'), { nodeSelector: { disk: 'ssd' } }), { shouldRun: false, shouldContinueRunning: false });
  t.same(daemonPlacement(node('a'), { nodeName: 'b' }), { shouldRun: false, shouldContinueRunning: false });
  const affinity = (operator: string, values?: string[]) => ({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator, ...(values ? { values } : {}) }] }] } } },
  });
  const eight = node('a', { cores: '8' });
  t.ok(daemonPlacement(eight, affinity('In', ['4', '8'])).shouldRun);
  t.notOk(daemonPlacement(eight, affinity('NotIn', ['8'])).shouldRun);
  t.ok(daemonPlacement(eight, affinity('Exists')).shouldRun);
  t.notOk(daemonPlacement(eight, affinity('DoesNotExist')).shouldRun);
  t.ok(daemonPlacement(eight, affinity('Gt', ['4'])).shouldRun);
  t.notOk(daemonPlacement(eight, affinity('Lt', ['4'])).shouldRun);
  t.notOk(daemonPlacement(eight, { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } }).shouldRun, 'an empty term selects nothing');
  t.ok(daemonPlacement(eight, pinnedToNode({}, 'a')).shouldRun);
  t.notOk(daemonPlacement(eight, pinnedToNode({}, 'b')).shouldRun);

  t.same(daemonPlacement(node('a', {}, [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }]), {}), { shouldRun: false, shouldContinueRunning: true }, 'NoSchedule keeps what runs');
  t.same(daemonPlacement(node('a', {}, [{ key: 'dedicated', value: 'infra', effect: 'NoExecute' }]), {}), { shouldRun: false, shouldContinueRunning: false }, 'NoExecute evicts');
  t.ok(daemonPlacement(node('a', {}, [{ key: 'dedicated', value: 'infra', effect: 'PreferNoSchedule' }]), {}).shouldRun);
  t.ok(daemonPlacement(node('a', {}, [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }]), { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'infra' }] }).shouldRun);
  t.ok(daemonPlacement(node('a', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]), {}).shouldRun, 'daemon tolerations apply');
  t.notOk(daemonPlacement(node('a', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), {}).shouldRun);
  t.ok(daemonPlacement(node('a', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), { hostNetwork: true }).shouldRun);
});

t.test('pinning replaces required terms, keeps the rest, and names the target node', async (t) => {
  const spec = {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'x', operator: 'Exists' }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: {} }],
      },
      podAntiAffinity: {},
    },
  };
  const pinned = pinnedToNode(spec, 'node-1');
  t.same(pinned.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }],
  });
  t.ok(pinned.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  t.ok(pinned.affinity?.podAntiAffinity);
  t.equal(pinned.nodeName, undefined, 'the scheduler binds the pod; nodeName stays empty');
  t.equal(targetNodeName(pinned), 'node-1');
  t.equal(targetNodeName({ nodeName: 'node-2' }), 'node-2');
  t.equal(targetNodeName({}), undefined);
});
