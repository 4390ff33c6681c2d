import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { startReplicaSetController, type ReplicaSet } from '../../../src/reference/controllers/replicaset.ts';
import { startDeploymentController } from '../../../src/reference/controllers/deployment.ts';
import { startGarbageCollector } from '../../../src/reference/controllers/garbage-collector.ts';
import type { Deployment } from '../../../src/reference/controllers/deployment-replica-math.ts';
import { startControllerHarness, type ControllerHarness } from './fixtures/workload-controller-harness.ts';

interface Running {
  h: ControllerHarness;
  ns: string;
  deployments: ReturnType<ControllerHarness['informers']['for']>;
  replicaSets: ReturnType<ControllerHarness['informers']['for']>;
  pods: ReturnType<ControllerHarness['informers']['for']>;
}

async function rolledOut(t: { teardown(fn: () => unknown): void }, ns: string): Promise<Running> {
  const h = await startControllerHarness(t, [startReplicaSetController, startDeploymentController, startGarbageCollector]);
  await h.namespace(ns);
  h.autoReady(ns);
  const deployments = h.informers.for<Deployment>('/apis/apps/v1/deployments');
  const replicaSets = h.informers.for<ReplicaSet>('/apis/apps/v1/replicasets');
  const pods = h.informers.for('/api/v1/pods');
  await h.client.create(`/apis/apps/v1/namespaces/${ns}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'probe:1' }] } } },
  });
  await h.until(deployments, () => (deployments.get(ns, 'web') as Deployment | undefined)?.status?.availableReplicas === 2, 'the rollout');
  return { h, ns, deployments, replicaSets, pods };
}

const gone = (informer: Running['pods'], ns: string) => () => informer.list(ns).length === 0;

t.test('Background: the Deployment goes at once, then its ReplicaSet and pods', async (t) => {
  const { h, ns, deployments, replicaSets, pods } = await rolledOut(t, 'gc-background');
  await h.client.delete(`/apis/apps/v1/namespaces/${ns}/deployments/web`, { propagationPolicy: 'Background' });
  await h.until(deployments, gone(deployments, ns), 'the Deployment deleted');
  await h.until(replicaSets, gone(replicaSets, ns), 'the ReplicaSet collected');
  await h.until(pods, gone(pods, ns), 'the pods collected');
  t.pass('everything owned is collected');
});

t.test('Foreground: pods, then the ReplicaSet, then the Deployment', async (t) => {
  const { h, ns, deployments, replicaSets, pods } = await rolledOut(t, 'gc-foreground');
  const order: string[] = [];
  const note = (what: string) => (obj: KubeObject) => order.push(`${what} ${obj.metadata?.name}`);
  pods.on({ delete: note('pod') });
  replicaSets.on({ delete: note('replicaset') });
  deployments.on({ delete: note('deployment') });
  const marked = (await h.client.delete(`/apis/apps/v1/namespaces/${ns}/deployments/web`, { propagationPolicy: 'Foreground' })) as KubeObject;
  t.ok(marked.metadata?.deletionTimestamp, 'the Deployment waits, marked for deletion');
  t.same(marked.metadata?.finalizers, ['foregroundDeletion']);
  await h.until(deployments, gone(deployments, ns), 'the Deployment deleted');
  t.same(order.map((o) => o.split(' ')[0]), ['pod', 'pod', 'replicaset', 'deployment'], order.join(', '));
  t.equal(pods.list(ns).length, 0);
});

t.test('Orphan: the Deployment goes, its ReplicaSet and pods stay and forget it', async (t) => {
  const { h, ns, deployments, replicaSets, pods } = await rolledOut(t, 'gc-orphan');
  await h.client.delete(`/apis/apps/v1/namespaces/${ns}/deployments/web`, { propagationPolicy: 'Orphan' });
  await h.until(deployments, gone(deployments, ns), 'the Deployment deleted');
  await h.until(replicaSets, () => replicaSets.list(ns).every((rs) => !rs.metadata?.ownerReferences), 'the ReplicaSet orphaned');
  t.equal(replicaSets.list(ns).length, 1);
  const live = pods.list(ns).filter((p) => !p.metadata?.deletionTimestamp);
  t.equal(live.length, 2, 'the pods stay');
  t.ok(live.every((p) => p.metadata?.ownerReferences?.[0]?.kind === 'ReplicaSet'), 'the pods still belong to the ReplicaSet');
});

t.test('a dependent with one owner gone and one left loses only the dangling reference', async (t) => {
  const h = await startControllerHarness(t, [startGarbageCollector]);
  const ns = await h.namespace('gc-partial');
  const configMaps = h.informers.for('/api/v1/configmaps');
  const cm = (name: string, ownerReferences?: NonNullable<KubeObject['metadata']>['ownerReferences']): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(ownerReferences ? { ownerReferences } : {}) } });
  const a = await h.client.create(`/api/v1/namespaces/${ns}/configmaps`, cm('owner-a'));
  const b = await h.client.create(`/api/v1/namespaces/${ns}/configmaps`, cm('owner-b'));
  const ref = (o: KubeObject) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata!.name!, uid: o.metadata!.uid! });
  await h.client.create(`/api/v1/namespaces/${ns}/configmaps`, cm('dependent', [ref(a), ref(b)]));
  await h.client.delete(`/api/v1/namespaces/${ns}/configmaps/owner-a`);
  await h.until(configMaps, () => configMaps.get(ns, 'dependent')?.metadata?.ownerReferences?.length === 1, 'the dangling reference dropped');
  t.equal(configMaps.get(ns, 'dependent')?.metadata?.ownerReferences?.[0]?.name, 'owner-b');
  await h.client.delete(`/api/v1/namespaces/${ns}/configmaps/owner-b`);
  await h.until(configMaps, () => configMaps.get(ns, 'dependent') === undefined, 'the dependent collected');
  t.pass('collected once no owner is left');
});
