import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { startReplicaSetController, type ReplicaSet } from '../../../src/reference/controllers/replicaset.ts';
import { startDeploymentController } from '../../../src/reference/controllers/deployment.ts';
import type { Deployment } from '../../../src/reference/controllers/deployment-replica-math.ts';
import { computeTemplateHash } from '../../../src/reference/controllers/template-hash.ts';
import { controllerOf } from '../../../src/reference/controllers/controller-ref.ts';
import { startControllerHarness } from './fixtures/workload-controller-harness.ts';

function deployment(name: string, replicas: number, image: string, strategy: Record<string, unknown>): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, annotations: { team: 'drill' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy,
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
    } as Deployment['spec'],
  };
}

const image = (rs: ReplicaSet): string | undefined => (rs.spec?.template?.spec as { containers: { image: string }[] }).containers[0]?.image;

t.test('a Deployment rolls out, rolls a new image within maxSurge and maxUnavailable, and rolls back', async (t) => {
  const h = await startControllerHarness(t, [startReplicaSetController, startDeploymentController]);
  const ns = await h.namespace('deploy');
  h.autoReady(ns);
  const deployments = h.informers.for<Deployment>('/apis/apps/v1/deployments');
  const replicaSets = h.informers.for<ReplicaSet>('/apis/apps/v1/replicasets');
  const pods = h.informers.for('/api/v1/pods');
  const events = h.informers.for('/api/v1/events');
  const dPath = `/apis/apps/v1/namespaces/${ns}/deployments/web`;
  // 30% of 4: maxSurge rounds up to 2, maxUnavailable rounds down to 1.
  await h.client.create(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment('web', 4, 'probe:1', { type: 'RollingUpdate', rollingUpdate: { maxSurge: '30%', maxUnavailable: '30%' } }));
  const d = (): Deployment => deployments.get(ns, 'web')!;
  const done = (img: string): boolean => {
    const s = d()?.status;
    const cond = s?.conditions?.find((c) => c.type === 'Progressing');
    const fresh = replicaSets.list(ns).find((rs) => image(rs) === img);
    return s?.observedGeneration === d()?.metadata?.generation && s?.updatedReplicas === 4 && s.availableReplicas === 4 && s.replicas === 4 && cond?.reason === 'NewReplicaSetAvailable' && cond.message === `ReplicaSet "${fresh?.metadata?.name}" has successfully progressed.`;
  };
  await h.until(deployments, () => done('probe:1'), 'the first rollout');

  const [first] = replicaSets.list(ns);
  const live = await h.client.get<Deployment>(dPath);
  const hash = computeTemplateHash(live.spec?.template);
  t.equal(first?.metadata?.name, `web-${hash}`);
  t.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  t.same(first?.metadata?.labels, { app: 'web', 'pod-template-hash': hash });
  t.same((first?.spec as { selector: unknown }).selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
  t.match(first?.metadata?.annotations, { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '6', team: 'drill' });
  t.match(controllerOf(first!), { kind: 'Deployment', name: 'web', uid: live.metadata?.uid, blockOwnerDeletion: true });
  t.equal(live.metadata?.annotations?.['deployment.kubernetes.io/revision'], '1');
  t.match(live.status?.conditions?.find((c) => c.type === 'Available'), { status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
  t.match(live.status, { replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4, unavailableReplicas: 0 });
  await h.until(events, () => events.list(ns).some((e) => e.reason === 'ScalingReplicaSet'), 'a ScalingReplicaSet event');
  t.match(events.list(ns).find((e) => e.reason === 'ScalingReplicaSet'), { type: 'Normal', message: `Scaled up replica set web-${hash} from 0 to 4`, source: { component: 'deployment-controller' } });
  const status = await h.kubectl(['rollout', 'status', '-n', ns, 'deployment/web', '--timeout=20s']);
  t.equal(status.exitCode, 0, status.stderr);
  t.match(status.stdout, 'deployment "web" successfully rolled out');

  // Every ReplicaSet and pod change seen during the rollout stays within the bounds.
  const violations: string[] = [];
  replicaSets.on({
    update() {
      const total = replicaSets.list(ns).reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
      if (total > 6) violations.push(`${total} replicas wanted, more than 4 + maxSurge 2`);
    },
  });
  const checkReady = (): void => {
    const ready = pods.list(ns).filter((p) => !p.metadata?.deletionTimestamp && (p.status as { conditions?: { type: string; status: string }[] })?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    if (ready < 3) violations.push(`${ready} ready pods, fewer than 4 - maxUnavailable 1`);
  };
  pods.on({ update: checkReady, delete: checkReady });
  await h.kubectl(['set', 'image', '-n', ns, 'deployment/web', 'web=probe:2']);
  await h.until(deployments, () => done('probe:2'), 'the rollout of probe:2');
  t.same(violations, [], 'maxSurge and maxUnavailable held at every step');
  await h.until(replicaSets, () => replicaSets.list(ns).find((rs) => image(rs) === 'probe:1')?.status?.replicas === 0, 'the old ReplicaSet emptied');
  const second = replicaSets.list(ns).find((rs) => image(rs) === 'probe:2')!;
  t.equal(second.metadata?.annotations?.['deployment.kubernetes.io/revision'], '2');
  t.equal(replicaSets.get(ns, first!.metadata!.name!)?.spec?.replicas, 0);
  t.ok(events.list(ns).some((e) => e.message === `Scaled down replica set ${first!.metadata!.name} from 4 to 3`), 'old ReplicaSet scaled down by maxUnavailable');
  t.equal(pods.list(ns).filter((p: KubeObject) => !p.metadata?.deletionTimestamp).length, 4);

  const undo = await h.kubectl(['rollout', 'undo', '-n', ns, 'deployment/web']);
  t.equal(undo.exitCode, 0, undo.stderr);
  await h.until(deployments, () => done('probe:1'), 'the rollback to probe:1');
  const back = replicaSets.get(ns, first!.metadata!.name!)!;
  t.equal(back.spec?.replicas, 4, 'the first ReplicaSet is the new one again');
  t.match(back.metadata?.annotations, { 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
  t.equal(d().metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
  t.equal(replicaSets.list(ns).length, 2, 'no third ReplicaSet');
  const history = await h.kubectl(['rollout', 'history', '-n', ns, 'deployment/web']);
  t.match(history.stdout, /\n2\s+<none>\s*\n3\s+<none>/);
});

t.test('Recreate stops every old pod before the new ReplicaSet scales up', async (t) => {
  const h = await startControllerHarness(t, [startReplicaSetController, startDeploymentController]);
  const ns = await h.namespace('recreate');
  h.autoReady(ns);
  const deployments = h.informers.for<Deployment>('/apis/apps/v1/deployments');
  const pods = h.informers.for('/api/v1/pods');
  await h.client.create(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment('db', 3, 'probe:1', { type: 'Recreate' }));
  const complete = (): boolean => {
    const s = deployments.get(ns, 'db')?.status;
    return s?.observedGeneration === deployments.get(ns, 'db')?.metadata?.generation && s?.updatedReplicas === 3 && s.availableReplicas === 3 && s.replicas === 3;
  };
  await h.until(deployments, complete, 'the first rollout');
  const images = new Set<string>();
  const mixed: string[] = [];
  const before = new Set(pods.list(ns).map((p) => p.metadata?.uid));
  pods.on({
    add(pod) {
      if (before.has(pod.metadata?.uid)) return;
      const live = pods.list(ns).filter((p) => p.metadata?.labels?.app === 'db');
      const running = new Set(live.map((p) => (p.spec as { containers: { image: string }[] }).containers[0]!.image));
      if (running.size > 1) mixed.push(`${pod.metadata?.name} created while ${[...running].join(' and ')} pods exist`);
      images.add((pod.spec as { containers: { image: string }[] }).containers[0]!.image);
    },
  });
  await h.patch(`/apis/apps/v1/namespaces/${ns}/deployments/db`, { spec: { template: { spec: { containers: [{ name: 'web', image: 'probe:2' }] } } } });
  await h.until(deployments, () => complete() && deployments.get(ns, 'db')?.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '2', 'the recreate rollout');
  t.same([...images], ['probe:2']);
  t.same(mixed, [], 'old and new pods never coexist');
  const cond = deployments.get(ns, 'db')?.status?.conditions?.find((c) => c.type === 'Progressing');
  t.match(cond, { status: 'True', reason: 'NewReplicaSetAvailable' });
});

t.test('a rollout that makes no progress exceeds its deadline', async (t) => {
  const h = await startControllerHarness(t, [startReplicaSetController, startDeploymentController]);
  const ns = await h.namespace('stuck');
  const deployments = h.informers.for<Deployment>('/apis/apps/v1/deployments');
  const d = deployment('stuck', 2, 'probe:1', { type: 'RollingUpdate' });
  d.spec!.progressDeadlineSeconds = 1;
  await h.client.create(`/apis/apps/v1/namespaces/${ns}/deployments`, d);
  const progressing = () => deployments.get(ns, 'stuck')?.status?.conditions?.find((c) => c.type === 'Progressing');
  await h.until(deployments, () => progressing()?.reason === 'ProgressDeadlineExceeded', 'ProgressDeadlineExceeded');
  t.match(progressing(), { status: 'False', message: /^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/ });
  t.match(deployments.get(ns, 'stuck')?.status?.conditions?.find((c) => c.type === 'Available'), { status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
  const status = await h.kubectl(['rollout', 'status', '-n', ns, 'deployment/stuck', '--timeout=20s']);
  t.not(status.exitCode, 0);
  t.match(status.stderr, 'deployment "stuck" exceeded its progress deadline');
});
