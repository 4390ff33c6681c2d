import t from 'tap';
import { createApiClient } from '../../../src/kube/https-api-client.ts';
import { startTestControlPlane } from './fixtures/control-plane.ts';

const cp = await startTestControlPlane(t);
const client = await createApiClient(cp.kubeconfigPath);
t.teardown(() => client.close());

t.test('every built-in group version has its Local APIService, with upstream\'s priorities', async (t) => {
  const { items } = await client.list('/apis/apiregistration.k8s.io/v1/apiservices');
  const byName = new Map(items.map((a) => [a.metadata?.name, a]));
  t.match(byName.get('v1.'), { metadata: { labels: { 'kube-aggregator.kubernetes.io/automanaged': 'onstart' } }, spec: { group: '', version: 'v1', groupPriorityMinimum: 18000, versionPriority: 1 } });
  t.match(byName.get('v1.apps'), { spec: { group: 'apps', version: 'v1', groupPriorityMinimum: 17800, versionPriority: 15 } });
  t.match(byName.get('v2.autoscaling'), { spec: { groupPriorityMinimum: 17500, versionPriority: 30 } });
  t.match(byName.get('v1.policy'), { spec: { groupPriorityMinimum: 17100, versionPriority: 15 } });
  t.notOk([...byName.values()].some((a) => (a.spec as { service?: unknown }).service), 'all Local');
});

t.test('a deleted one comes back when the API server starts again', async (t) => {
  await client.delete('/apis/apiregistration.k8s.io/v1/apiservices/v1.batch');
  await cp.stop();
  const again = await startTestControlPlane(t, { dataDir: cp.dataDir });
  const second = await createApiClient(again.kubeconfigPath);
  t.teardown(() => second.close());
  t.match(await second.get('/apis/apiregistration.k8s.io/v1/apiservices/v1.batch'), { spec: { group: 'batch', version: 'v1', groupPriorityMinimum: 17400 } });
});
