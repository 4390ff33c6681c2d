import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { startReplicaSetController, type ReplicaSet } from '../../../src/reference/controllers/replicaset.ts';
import { controllerOf } from '../../../src/reference/controllers/controller-ref.ts';
import { startControllerHarness } from './fixtures/workload-controller-harness.ts';

function replicaSet(name: string, replicas: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, tier: 'web' } }, spec: { containers: [{ name: 'c', image: 'probe:1' }] } },
    } as ReplicaSet['spec'],
  };
}

t.test('a ReplicaSet scales up, self-heals, scales down, adopts and releases', async (t) => {
  const h = await startControllerHarness(t, [startReplicaSetController]);
  const ns = await h.namespace('rs');
  h.autoReady(ns);
  const pods = h.informers.for('/api/v1/pods');
  const replicaSets = h.informers.for<ReplicaSet>('/apis/apps/v1/replicasets');
  const events = h.informers.for('/api/v1/events');
  const rsPath = `/apis/apps/v1/namespaces/${ns}/replicasets`;
  const created = await h.client.create<ReplicaSet>(rsPath, replicaSet('web', 3));
  const live = (): KubeObject[] => pods.list(ns).filter((p) => !p.metadata?.deletionTimestamp);
  const status = () => replicaSets.get(ns, 'web')?.status;

  await h.until(replicaSets, () => status()?.availableReplicas === 3 && status()?.readyReplicas === 3, '3 available replicas');
  t.equal(live().length, 3);
  for (const pod of live()) {
    t.match(pod.metadata?.name, /^web-[a-z0-9]{5}$/);
    t.same(pod.metadata?.labels, { app: 'web', tier: 'web' });
    t.match(controllerOf(pod), { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: created.metadata?.uid, controller: true, blockOwnerDeletion: true });
  }
  t.match(status(), { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  await h.until(events, () => events.list(ns).filter((e) => e.reason === 'SuccessfulCreate').length === 3, 'SuccessfulCreate events');
  const createdEvent = events.list(ns).find((e) => e.reason === 'SuccessfulCreate')!;
  t.match(createdEvent, { type: 'Normal', message: /^Created pod: web-[a-z0-9]{5}$/, involvedObject: { kind: 'ReplicaSet', name: 'web' }, source: { component: 'replicaset-controller' } });

  const victim = live()[0]!;
  await h.client.delete(`/api/v1/namespaces/${ns}/pods/${victim.metadata!.name}`);
  await h.until(pods, () => live().length === 3 && !live().some((p) => p.metadata?.uid === victim.metadata?.uid), 'a replacement pod');

  await h.until(replicaSets, () => status()?.readyReplicas === 3, 'the replacement ready');
  await h.patch(`${rsPath}/web`, { spec: { replicas: 1 } });
  await h.until(replicaSets, () => status()?.replicas === 1 && status()?.observedGeneration === 2, 'scaled down to 1');
  t.equal(live().length, 1);
  await h.until(events, () => events.list(ns).filter((e) => e.reason === 'SuccessfulDelete').length === 2, 'SuccessfulDelete events');
  t.match(events.list(ns).find((e) => e.reason === 'SuccessfulDelete'), { message: /^Deleted pod: web-[a-z0-9]{5}$/ });

  // An orphan with matching labels is adopted instead of a new pod being made.
  await h.client.create(`/api/v1/namespaces/${ns}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'stray', labels: { app: 'web' } },
    spec: { containers: [{ name: 'c', image: 'probe:1' }] },
  });
  await h.until(pods, () => controllerOf(pods.get(ns, 'stray') ?? {})?.uid === created.metadata?.uid, 'the orphan adopted');
  await h.until(pods, () => live().length === 1, 'the surplus pod deleted');
  t.equal(status()?.replicas, 1, 'the count is not raised');

  // A pod relabelled out of the selector is released and replaced.
  const kept = live()[0]!;
  await h.patch(`/api/v1/namespaces/${ns}/pods/${kept.metadata!.name}`, { metadata: { labels: { app: 'other' } } });
  await h.until(pods, () => controllerOf(pods.get(ns, kept.metadata!.name!) ?? {}) === undefined, 'the relabelled pod released');
  await h.until(replicaSets, () => live().filter((p) => p.metadata?.labels?.app === 'web').length === 1 && status()?.replicas === 1, 'a replacement for the released pod');
});
