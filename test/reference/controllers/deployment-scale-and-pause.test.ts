import t from 'tap';
import { startReplicaSetController, type ReplicaSet } from '../../../src/reference/controllers/replicaset.ts';
import { startDeploymentController } from '../../../src/reference/controllers/deployment.ts';
import type { Deployment } from '../../../src/reference/controllers/deployment-replica-math.ts';
import { startControllerHarness } from './fixtures/workload-controller-harness.ts';

t.test('kubectl scale resizes the ReplicaSet; a paused Deployment does not roll out until resumed', async (t) => {
  const h = await startControllerHarness(t, [startReplicaSetController, startDeploymentController]);
  const ns = await h.namespace('scale');
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
  const d = () => deployments.get(ns, 'web');
  const settled = (n: number) => () => {
    const s = d()?.status;
    return s?.observedGeneration === d()?.metadata?.generation && s?.replicas === n && s.availableReplicas === n && s.updatedReplicas === n;
  };
  const live = () => pods.list(ns).filter((p) => !p.metadata?.deletionTimestamp).length;
  await h.until(deployments, settled(2), '2 replicas');

  for (const n of [6, 1]) {
    const r = await h.kubectl(['scale', '-n', ns, 'deployment/web', `--replicas=${n}`]);
    t.equal(r.exitCode, 0, r.stderr);
    await h.until(deployments, settled(n), `${n} replicas`);
    await h.until(pods, () => live() === n, `${n} pods`);
    const [rs] = replicaSets.list(ns);
    t.equal(rs?.spec?.replicas, n);
    t.match(rs?.metadata?.annotations, { 'deployment.kubernetes.io/desired-replicas': String(n), 'deployment.kubernetes.io/max-replicas': String(n + Math.ceil(n / 4)) });
  }
  t.equal(replicaSets.list(ns).length, 1, 'scaling makes no new ReplicaSet');

  t.equal((await h.kubectl(['rollout', 'pause', '-n', ns, 'deployment/web'])).exitCode, 0);
  const progressing = () => d()?.status?.conditions?.find((c) => c.type === 'Progressing');
  await h.until(deployments, () => progressing()?.reason === 'DeploymentPaused', 'the paused condition');
  t.match(progressing(), { status: 'Unknown', message: 'Deployment is paused' });
  await h.kubectl(['set', 'image', '-n', ns, 'deployment/web', 'web=probe:2']);
  await h.until(deployments, () => d()?.status?.observedGeneration === d()?.metadata?.generation, 'the new template observed');
  t.equal(replicaSets.list(ns).length, 1, 'no rollout while paused');

  t.equal((await h.kubectl(['rollout', 'resume', '-n', ns, 'deployment/web'])).exitCode, 0);
  const status = await h.kubectl(['rollout', 'status', '-n', ns, 'deployment/web', '--timeout=20s']);
  t.equal(status.exitCode, 0, status.stderr);
  t.equal(replicaSets.list(ns).length, 2);
  t.equal(d()?.metadata?.annotations?.['deployment.kubernetes.io/revision'], '2');
});
