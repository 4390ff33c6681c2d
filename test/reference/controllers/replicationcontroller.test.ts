import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { controllerOf } from '../../../src/reference/controllers/controller-ref.ts';
import type { ReplicaSet } from '../../../src/reference/controllers/replicaset.ts';
import { startReplicationControllerController } from '../../../src/reference/controllers/replicationcontroller.ts';
import { startControllerHarness } from './fixtures/workload-controller-harness.ts';

t.test('a ReplicationController keeps its replicas, scales with kubectl scale rc, adopts orphans by equality selector', async (t) => {
  const h = await startControllerHarness(t, [startReplicationControllerController]);
  const ns = await h.namespace('rc');
  h.autoReady(ns);
  const pods = h.informers.for('/api/v1/pods');
  const rcs = h.informers.for<ReplicaSet>('/api/v1/replicationcontrollers');
  const events = h.informers.for('/api/v1/events');
  const rcPath = `/api/v1/namespaces/${ns}/replicationcontrollers`;
  const created = await h.client.create<ReplicaSet>(rcPath, {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'web' },
    spec: { replicas: 2, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'web:1' }] } } } as ReplicaSet['spec'],
  });
  t.same((created.spec as { selector?: unknown }).selector, { app: 'web' }, 'the selector defaults to the template labels');
  t.same(created.metadata?.labels, { app: 'web' }, 'so do the labels');
  const live = (): KubeObject[] => pods.list(ns).filter((p) => !p.metadata?.deletionTimestamp);
  const status = () => rcs.get(ns, 'web')?.status;

  await h.until(rcs, () => status()?.availableReplicas === 2, '2 available replicas');
  t.match(status(), { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
  for (const pod of live()) t.match(controllerOf(pod), { apiVersion: 'v1', kind: 'ReplicationController', name: 'web', uid: created.metadata?.uid, controller: true });
  await h.until(events, () => events.list(ns).some((e) => e.reason === 'SuccessfulCreate'), 'SuccessfulCreate events');
  t.match(events.list(ns).find((e) => e.reason === 'SuccessfulCreate'), { involvedObject: { kind: 'ReplicationController', name: 'web' }, source: { component: 'replication-controller' } });

  const scaled = await h.kubectl(['scale', 'rc', 'web', '-n', ns, '--replicas=3']);
  t.equal(scaled.exitCode, 0, scaled.stderr);
  t.equal(scaled.stdout.trim(), 'replicationcontroller/web scaled');
  await h.until(rcs, () => status()?.readyReplicas === 3, 'scaled to 3');
  t.equal(live().length, 3);
  const scale = await h.client.get(`${rcPath}/web/scale`);
  t.match(scale, { kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 3 }, status: { replicas: 3, selector: 'app=web' } });

  await h.client.create(`/api/v1/namespaces/${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orphan', labels: { app: 'web', extra: 'x' } }, spec: { containers: [{ name: 'c', image: 'web:1' }] } });
  const orphanTaken = (): boolean => {
    const orphan = pods.get(ns, 'orphan');
    return orphan !== undefined && (controllerOf(orphan)?.kind === 'ReplicationController' || orphan.metadata?.deletionTimestamp !== undefined);
  };
  await h.until(pods, orphanTaken, 'the orphan adopted');
  await h.until(pods, () => live().length === 3, 'one pod too many deleted');
  t.ok(live().every((p) => controllerOf(p)?.uid === created.metadata?.uid), 'every remaining pod is the controller\'s');
});

t.test('validation: a selector that does not match the template, a template that does not always restart', async (t) => {
  const h = await startControllerHarness(t, []);
  const ns = await h.namespace('rc-invalid');
  const err = await h.client.create(`/api/v1/namespaces/${ns}/replicationcontrollers`, {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'bad' },
    spec: { selector: { app: 'other' }, template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'web:1' }] } } },
  }).catch((e: { status?: Record<string, unknown> }) => e.status);
  t.match(err, { code: 422, message: /spec.template.metadata.labels: Invalid value: .*`selector` does not match template `labels`/ });
  t.match(err, { message: /spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"/ });
});
