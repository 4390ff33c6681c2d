import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { startDaemonSetController } from '../../../src/reference/controllers/daemonset.ts';
import { startSetAndJobHarness } from './fixtures/set-and-job-harness.ts';

interface Pod extends KubeObject {
  spec: { nodeName?: string; tolerations?: { key?: string }[]; affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: { matchFields?: { values: string[] }[] }[] } } }; containers: { image: string }[] };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

const podsPath = '/api/v1/namespaces/default/pods';
const dsPath = '/apis/apps/v1/namespaces/default/daemonsets';
const pinnedNode = (pod: Pod) => pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]?.matchFields?.[0]?.values[0];
const isReady = (pod: Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

t.test('one pod per matching node, respecting selectors and taints; rolling update within maxUnavailable', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.createNode('node-a', { disk: 'ssd' });
  await h.createNode('node-b', { disk: 'ssd' }, [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }]);
  await h.createNode('node-c');
  await h.createNode('node-d', { disk: 'ssd' }, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
  await h.start(startDaemonSetController);

  await h.client.create(dsPath, {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'agent', image: 'agent:1' }] } },
    },
  });
  let pods = await h.waitForList<Pod>(podsPath, (items) => items.length === 2);
  t.same(pods.map(pinnedNode).sort(), ['node-a', 'node-d'], 'not on the unlabelled node, nor the one with an untolerated taint');
  for (const pod of pods) {
    t.equal(pod.spec.nodeName, undefined, 'pinned by node affinity, left to the scheduler to bind');
    t.ok(pod.spec.tolerations?.some((x) => x.key === 'node.kubernetes.io/unschedulable'));
    t.match(pod.metadata?.labels, { app: 'agent', 'controller-revision-hash': /^[bcdfghjklmnpqrstvwxz2456789]+$/ });
    t.match(pod.metadata?.ownerReferences, [{ kind: 'DaemonSet', name: 'agent', controller: true }]);
  }

  await h.createNode('node-e', { disk: 'ssd' });
  pods = await h.waitForList<Pod>(podsPath, (items) => items.length === 3);
  t.ok(pods.some((p) => pinnedNode(p) === 'node-e'), 'a new matching node gets its pod');
  for (const pod of pods) await h.setPodPhase(pod, 'Running');
  await h.waitFor(dsPath, 'agent', (ds: KubeObject) =>
    JSON.stringify(ds.status) ===
    JSON.stringify({ ...(ds.status as object), desiredNumberScheduled: 3, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 3, observedGeneration: 1 }),
  );

  const oldHash = pods[0]?.metadata?.labels?.['controller-revision-hash'];
  await h.mergePatch(`${dsPath}/agent`, { spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2' }] } } } });
  let mostUnavailable = 0;
  for (;;) {
    pods = await h.waitForList<Pod>(podsPath, (items) => {
      mostUnavailable = Math.max(mostUnavailable, 3 - items.filter(isReady).length);
      const updated = items.filter((p) => p.spec.containers[0]?.image === 'agent:2');
      return items.length === 3 && (updated.some((p) => !isReady(p)) || updated.length === 3);
    });
    const waiting = pods.filter((p) => !isReady(p));
    if (waiting.length === 0) break;
    for (const pod of waiting) await h.setPodPhase(pod, 'Running');
  }
  t.equal(mostUnavailable, 1, 'never more than maxUnavailable (1) nodes without a ready pod');
  t.ok(pods.every((p) => p.metadata?.labels?.['controller-revision-hash'] !== oldHash));
  await h.waitFor(dsPath, 'agent', (ds: { status?: { updatedNumberScheduled?: number; numberAvailable?: number; observedGeneration?: number } } & KubeObject) =>
    ds.status?.updatedNumberScheduled === 3 && ds.status.numberAvailable === 3 && ds.status.observedGeneration === 2,
  );

  await h.mergePatch('/api/v1/nodes/node-a', { spec: { taints: [{ key: 'evict', effect: 'NoExecute' }] } });
  await h.waitForList<Pod>(podsPath, (items) => items.length === 2 && !items.some((p) => pinnedNode(p) === 'node-a'));
  const events = await h.events('default');
  t.ok(events.some((e) => e.reason === 'SuccessfulCreate' && /^Created pod: agent-[a-z0-9]{5}$/.test(e.message)));
  t.ok(events.some((e) => e.reason === 'SuccessfulDelete' && /^Deleted pod: agent-[a-z0-9]{5}$/.test(e.message)));
});

t.test('maxSurge: the new pod starts beside the old one, which goes once the new one is available', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.createNode('node-a');
  await h.createNode('node-b');
  await h.start(startDaemonSetController);
  await h.client.create(dsPath, {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'proxy' },
    spec: {
      selector: { matchLabels: { app: 'proxy' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: { metadata: { labels: { app: 'proxy' } }, spec: { containers: [{ name: 'proxy', image: 'proxy:1' }] } },
    },
  });
  for (const pod of await h.waitForList<Pod>(podsPath, (items) => items.length === 2)) await h.setPodPhase(pod, 'Running');
  await h.waitFor(dsPath, 'proxy', (ds: KubeObject & { status?: { numberAvailable?: number } }) => ds.status?.numberAvailable === 2);

  await h.mergePatch(`${dsPath}/proxy`, { spec: { template: { spec: { containers: [{ name: 'proxy', image: 'proxy:2' }] } } } });
  let fewestReadyNodes = 2;
  let mostPods = 0;
  for (;;) {
    const pods = await h.waitForList<Pod>(podsPath, (items) => {
      fewestReadyNodes = Math.min(fewestReadyNodes, new Set(items.filter(isReady).map(pinnedNode)).size);
      mostPods = Math.max(mostPods, items.length);
      const updated = items.filter((p) => p.spec.containers[0]?.image === 'proxy:2');
      return updated.some((p) => !isReady(p)) || (updated.length === 2 && items.length === 2);
    });
    const waiting = pods.filter((p) => !isReady(p));
    if (waiting.length === 0) break;
    for (const pod of waiting) await h.setPodPhase(pod, 'Running');
  }
  t.equal(fewestReadyNodes, 2, 'every node kept a ready pod throughout');
  t.equal(mostPods, 3, 'one surge pod at a time');
  await h.waitFor(dsPath, 'proxy', (ds: KubeObject & { status?: { updatedNumberScheduled?: number; numberAvailable?: number } }) => ds.status?.updatedNumberScheduled === 2 && ds.status.numberAvailable === 2);
});
