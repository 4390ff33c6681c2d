import t from 'tap';
import { ApiRequestError } from '../../../src/kube/api-client.ts';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import type { DisruptionBudget } from '../../../src/reference/controllers/disruption-budget.ts';
import { startDisruptionController } from '../../../src/reference/controllers/disruption.ts';
import { startSetAndJobHarness, type SetAndJobHarness } from './fixtures/set-and-job-harness.ts';

const podsPath = '/api/v1/namespaces/default/pods';
const pdbsPath = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';

async function readyPods(h: SetAndJobHarness, names: string[], labels: Record<string, string>): Promise<void> {
  for (const name of names) {
    // A node name makes deletion graceful, so the evicted pod stays (terminating) long enough to be looked at.
    const pod = await h.client.create(podsPath, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { nodeName: 'node-a', containers: [{ name: 'c', image: 'c:1' }] } });
    await h.setPodPhase(pod, 'Running');
  }
}

async function evict(h: SetAndJobHarness, name: string): Promise<ApiRequestError | undefined> {
  try {
    await h.client.create(`${podsPath}/${name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } });
    return undefined;
  } catch (err) {
    if (err instanceof ApiRequestError) return err;
    throw err;
  }
}

const settled = (pdb: DisruptionBudget) => pdb.status?.observedGeneration === pdb.metadata?.generation;

t.test('the controller fills the status; eviction spends disruptions and is refused with 429 when none are left', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startDisruptionController);
  await readyPods(h, ['web-0', 'web-1', 'web-2'], { app: 'web' });
  await h.client.create(pdbsPath, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } });

  const pdb = await h.waitFor<DisruptionBudget>(pdbsPath, 'web', (p) => settled(p) && p.status?.currentHealthy === 3);
  t.match(pdb.status, { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, observedGeneration: 1 });
  t.match(pdb.status?.conditions, [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', observedGeneration: 1 }]);

  t.equal(await evict(h, 'web-0'), undefined, 'the first eviction is allowed');
  const evicted = await h.client.get(`${podsPath}/web-0`);
  t.ok(evicted.metadata?.deletionTimestamp, 'the evicted pod is being deleted');
  t.match((evicted.status as { conditions?: unknown[] }).conditions, [{ type: 'Ready' }, { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' }]);

  const spent = await h.waitFor<DisruptionBudget>(pdbsPath, 'web', (p) => p.status?.disruptionsAllowed === 0 && p.status.currentHealthy === 2);
  t.match(spent.status?.conditions, [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' }]);

  const refused = await evict(h, 'web-1');
  t.equal(refused?.code, 429);
  t.match(refused?.status, {
    reason: 'TooManyRequests',
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
  });
  t.notOk((await h.client.get(`${podsPath}/web-1`)).metadata?.deletionTimestamp, 'the refused pod stays');

  await h.mergePatch(`${pdbsPath}/web`, { spec: { minAvailable: 1 } });
  await h.waitFor<DisruptionBudget>(pdbsPath, 'web', (p) => settled(p) && p.status?.disruptionsAllowed === 1);
  t.equal(await evict(h, 'web-1'), undefined, 'relaxing the budget lets the eviction through');
});

t.test('maxUnavailable as a percentage counts the owning controllers\' scale; unmanaged pods fail safe', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startDisruptionController);
  await readyPods(h, ['lone'], { app: 'lone' });
  await h.client.create(pdbsPath, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'lone' }, spec: { maxUnavailable: '50%', selector: { matchLabels: { app: 'lone' } } } });
  const pdb = await h.waitFor<DisruptionBudget>(pdbsPath, 'lone', settled);
  t.match(pdb.status, { expectedPods: 0, desiredHealthy: 0, currentHealthy: 1, disruptionsAllowed: 0 });
  const events = await h.events('default');
  t.ok(events.some((e) => e.reason === 'UnmanagedPods' && e.type === 'Warning'));
});

t.test('maxUnavailable counts the scale of the Deployment behind the pods\' ReplicaSet', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startDisruptionController);
  const template = { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'c', image: 'c:1' }] } };
  const deployment = await h.client.create('/apis/apps/v1/namespaces/default/deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: { replicas: 4, selector: { matchLabels: { app: 'api' } }, template },
  });
  // No Deployment or ReplicaSet controller runs here: the ReplicaSet and its pods are made by hand, owned as those controllers would.
  const owner = (o: KubeObject, kind: string, apiVersion: string) => ({ apiVersion, kind, name: o.metadata!.name!, uid: o.metadata!.uid!, controller: true });
  const rs = await h.client.create('/apis/apps/v1/namespaces/default/replicasets', {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'api-1', ownerReferences: [owner(deployment, 'Deployment', 'apps/v1')] },
    spec: { replicas: 4, selector: { matchLabels: { app: 'api' } }, template },
  });
  for (const name of ['api-1-a', 'api-1-b', 'api-1-c']) {
    const pod = await h.client.create(podsPath, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'api' }, ownerReferences: [owner(rs, 'ReplicaSet', 'apps/v1')] }, spec: { containers: [{ name: 'c', image: 'c:1' }] } });
    await h.setPodPhase(pod, 'Running');
  }
  await h.client.create(pdbsPath, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'api' } } } });
  const pdb = await h.waitFor<DisruptionBudget>(pdbsPath, 'api', (p) => settled(p) && p.status?.currentHealthy === 3);
  t.match(pdb.status, { expectedPods: 4, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 }, 'one replica short already: nothing more may go');
});

t.test('unready pods go without spending a disruption once the budget is healthy (IfHealthyBudget), always with AlwaysAllow', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startDisruptionController);
  await readyPods(h, ['a-0', 'a-1'], { app: 'a' });
  const sick = await h.client.create(podsPath, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a-sick', labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'c:1' }] } });
  await h.setPodPhase(sick, 'Running', false);
  await h.client.create(pdbsPath, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'a' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'a' } } } });
  await h.waitFor<DisruptionBudget>(pdbsPath, 'a', (p) => settled(p) && p.status?.currentHealthy === 2 && p.status.disruptionsAllowed === 0);
  t.equal(await evict(h, 'a-sick'), undefined, 'the unready pod is evicted although no disruption is allowed');
  t.equal((await evict(h, 'a-0'))?.code, 429, 'a ready one is not');

  await h.mergePatch(`${pdbsPath}/a`, { spec: { minAvailable: 3, unhealthyPodEvictionPolicy: 'AlwaysAllow' } });
  const other = await h.client.create(podsPath, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a-sick-2', labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'c:1' }] } });
  await h.setPodPhase(other, 'Running', false);
  await h.waitFor<DisruptionBudget>(pdbsPath, 'a', (p) => settled(p) && p.status?.desiredHealthy === 3);
  t.equal(await evict(h, 'a-sick-2'), undefined, 'AlwaysAllow evicts an unready pod of an unhealthy budget');
});

t.test('a pod selected by two budgets cannot be evicted; one without a budget can', async (t) => {
  const h = await startSetAndJobHarness(t);
  await readyPods(h, ['x', 'free'], { app: 'x' });
  await h.mergePatch(`${podsPath}/free`, { metadata: { labels: { app: 'free' } } });
  for (const name of ['one', 'two']) {
    await h.client.create(pdbsPath, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'x' } } } });
  }
  const err = await evict(h, 'x');
  t.equal(err?.code, 500);
  t.equal(err?.status?.message, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  t.equal(await evict(h, 'free'), undefined);
});

t.test('a budget the controller has not yet processed refuses evictions', async (t) => {
  const h = await startSetAndJobHarness(t);
  await readyPods(h, ['y'], { app: 'y' });
  await h.client.create(pdbsPath, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'y' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'y' } } } });
  const err = await evict(h, 'y');
  t.equal(err?.code, 429);
  t.match(err?.status, { details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget y is still being processed by the server.' }] } });
});

t.test('validation: minAvailable and maxUnavailable are exclusive, percentages at most 100%', async (t) => {
  const h = await startSetAndJobHarness(t);
  const body = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'bad' }, spec: { selector: {}, ...spec } });
  const rejected = async (spec: Record<string, unknown>) => {
    try {
      await h.client.create(pdbsPath, body(spec));
      return undefined;
    } catch (err) {
      return err as ApiRequestError;
    }
  };
  t.match((await rejected({ minAvailable: 1, maxUnavailable: 1 }))?.status, { code: 422, message: /spec: Invalid value: .*minAvailable and maxUnavailable cannot be both set/ });
  t.match((await rejected({ minAvailable: '150%' }))?.status, { code: 422, message: /spec.minAvailable: Invalid value: "150%": must not be greater than 100%/ });
  t.match((await rejected({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'Sometimes' }))?.status, { code: 422, message: /spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes"/ });
});
