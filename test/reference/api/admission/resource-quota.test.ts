import t from 'tap';
import { ApiRequestError } from '../../../../src/kube/api-client.ts';
import type { KubeObject } from '../../../../src/reference/api/object.ts';
import { startResourceQuotaController } from '../../../../src/reference/controllers/resourcequota.ts';
import { startSetAndJobHarness, type SetAndJobHarness } from '../../controllers/fixtures/set-and-job-harness.ts';

const ns = '/api/v1/namespaces/default';

interface Quota extends KubeObject {
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

async function quota(h: SetAndJobHarness, name: string, spec: Record<string, unknown>): Promise<Quota> {
  await h.client.create(`${ns}/resourcequotas`, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec });
  const hard = Object.keys((spec.hard as Record<string, string>));
  return h.waitFor<Quota>(`${ns}/resourcequotas`, name, (q) => hard.every((k) => q.status?.used?.[k] !== undefined));
}

function pod(name: string, extra: Record<string, unknown> = {}, resources?: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'c:1', ...(resources ? { resources } : {}) }], ...extra } };
}

async function refusal(p: Promise<unknown>): Promise<Record<string, unknown> | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    if (err instanceof ApiRequestError) return err.status;
    throw err;
  }
}

t.test('object counts: the third pod exceeds pods=2 with upstream\'s message; a deletion frees the slot', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startResourceQuotaController);
  const q = await quota(h, 'pods', { hard: { pods: '2', configmaps: '1', 'count/deployments.apps': '0' } });
  t.same(q.status, { hard: { 'configmaps': '1', 'count/deployments.apps': '0', pods: '2' }, used: { configmaps: '0', 'count/deployments.apps': '0', pods: '0' } });
  await h.client.create(`${ns}/pods`, pod('a'));
  await h.client.create(`${ns}/pods`, pod('b'));
  t.match(await refusal(h.client.create(`${ns}/pods`, pod('c'))), {
    code: 403,
    reason: 'Forbidden',
    message: 'pods "c" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2',
    details: { name: 'c', kind: 'pods' },
  });
  t.match(await refusal(h.client.create('/apis/apps/v1/namespaces/default/deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'c' }] } } },
  })), { message: 'deployments.apps "d" is forbidden: exceeded quota: pods, requested: count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0' });
  t.equal((await h.client.get<Quota>(`${ns}/resourcequotas/pods`)).status?.used?.pods, '2', 'admission charged the quota');

  await h.client.delete(`${ns}/pods/a`);
  await h.waitFor<Quota>(`${ns}/resourcequotas`, 'pods', (q) => q.status?.used?.pods === '1');
  t.ok(await h.client.create(`${ns}/pods`, pod('c')), 'the freed slot is taken');
  await h.client.create(`${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' } });
  t.match(await refusal(h.client.create(`${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two' } })),
    { message: 'configmaps "two" is forbidden: exceeded quota: pods, requested: configmaps=1, used: configmaps=1, limited: configmaps=1' });
  t.match(await refusal(h.client.create(`${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry' } }, { dryRun: 'All' })), { code: 403 });
});

t.test('a quota whose usage is not yet known refuses what it counts', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.client.create(`${ns}/resourcequotas`, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'new' }, spec: { hard: { secrets: '5' } } });
  await h.client.update(`${ns}/resourcequotas/new/status`, { ...(await h.client.get(`${ns}/resourcequotas/new`)), status: { hard: { secrets: '5' } } });
  t.match(await refusal(h.client.create(`${ns}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } })),
    { code: 403, message: 'secrets "s" is forbidden: status unknown for quota: new, resources: secrets' });
  t.ok(await h.client.create(`${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'free' } }), 'what it does not count is not held back');
});

t.test('compute resources: containers must state what the quota limits; requests and limits add up', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startResourceQuotaController);
  await quota(h, 'compute', { hard: { 'requests.cpu': '1', 'requests.memory': '1Gi', 'limits.cpu': '2', 'limits.memory': '2Gi' } });
  t.match(await refusal(h.client.create(`${ns}/pods`, pod('bare'))), {
    code: 403,
    message: 'pods "bare" is forbidden: failed quota: compute: must specify limits.cpu for: c; limits.memory for: c; requests.cpu for: c; requests.memory for: c',
  });
  const sized = { requests: { cpu: '600m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } };
  await h.client.create(`${ns}/pods`, pod('first', {}, sized));
  const q = await h.client.get<Quota>(`${ns}/resourcequotas/compute`);
  t.same(q.status?.used, { 'limits.cpu': '1', 'limits.memory': '1Gi', 'requests.cpu': '600m', 'requests.memory': '512Mi' });
  t.match(await refusal(h.client.create(`${ns}/pods`, pod('second', {}, sized))), {
    message: 'pods "second" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1',
  });
});

t.test('scopes: BestEffort, Terminating and PriorityClass quotas count only the pods they select', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startResourceQuotaController);
  await quota(h, 'best-effort', { hard: { pods: '1' }, scopes: ['BestEffort'] });
  await quota(h, 'terminating', { hard: { pods: '1' }, scopes: ['Terminating'] });
  await quota(h, 'high', { hard: { pods: '0' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } });
  await h.client.create('/apis/scheduling.k8s.io/v1/priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 });

  await h.client.create(`${ns}/pods`, pod('be-1'));
  t.match(await refusal(h.client.create(`${ns}/pods`, pod('be-2'))), { message: /exceeded quota: best-effort, requested: pods=1, used: pods=1, limited: pods=1/ });
  const burstable = { requests: { cpu: '100m' } };
  t.ok(await h.client.create(`${ns}/pods`, pod('burst', {}, burstable)), 'a Burstable pod is outside the BestEffort scope');
  t.ok(await h.client.create(`${ns}/pods`, pod('job-1', { activeDeadlineSeconds: 60 }, burstable)));
  t.match(await refusal(h.client.create(`${ns}/pods`, pod('job-2', { activeDeadlineSeconds: 60 }, burstable))), { message: /exceeded quota: terminating/ });
  t.match(await refusal(h.client.create(`${ns}/pods`, pod('vip', { priorityClassName: 'high' }, burstable))), { message: /exceeded quota: high, requested: pods=1, used: pods=0, limited: pods=0/ });
  t.match((await h.client.get<Quota>(`${ns}/resourcequotas/best-effort`)).status?.used, { pods: '1' });
});

t.test('services, node ports, load balancers and claimed storage', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startResourceQuotaController);
  await quota(h, 'net', { hard: { services: '3', 'services.nodeports': '2', 'services.loadbalancers': '0', persistentvolumeclaims: '2', 'requests.storage': '1Gi' } });
  const svc = (name: string, type: string, ports: number): KubeObject => ({
    apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type, selector: { a: 'b' }, ports: Array.from({ length: ports }, (_, i) => ({ name: `p${i}`, port: 80 + i })) },
  });
  await h.client.create(`${ns}/services`, svc('np', 'NodePort', 2));
  t.match(await refusal(h.client.create(`${ns}/services`, svc('np2', 'NodePort', 1))), { message: /requested: services.nodeports=1, used: services.nodeports=2, limited: services.nodeports=2/ });
  t.match(await refusal(h.client.create(`${ns}/services`, svc('lb', 'LoadBalancer', 0))), { message: /requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0/ });
  await h.client.create(`${ns}/services`, svc('plain', 'ClusterIP', 1));
  t.match(await refusal(h.client.patch(`${ns}/services/plain`, 'merge', { spec: { type: 'NodePort' } })), {
    code: 403,
    message: 'services "plain" is forbidden: exceeded quota: net, requested: services.nodeports=1, used: services.nodeports=2, limited: services.nodeports=2',
  }, 'an update is charged what it adds');
  const claim = (name: string, storage: string): KubeObject => ({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
  });
  await h.client.create(`${ns}/persistentvolumeclaims`, claim('small', '600Mi'));
  t.match(await refusal(h.client.create(`${ns}/persistentvolumeclaims`, claim('big', '600Mi'))), { message: 'persistentvolumeclaims "big" is forbidden: exceeded quota: net, requested: requests.storage=600Mi, used: requests.storage=600Mi, limited: requests.storage=1Gi' });
  const q = await h.client.get<Quota>(`${ns}/resourcequotas/net`);
  // The API server's own kubernetes Service lives in default too, and counts.
  t.same(q.status?.used, { persistentvolumeclaims: '1', 'requests.storage': '600Mi', services: '3', 'services.loadbalancers': '0', 'services.nodeports': '2' });
});

t.test('a namespace holding a quota and what it counts is deleted cleanly', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startResourceQuotaController);
  await h.client.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
  await h.client.create('/api/v1/namespaces/doomed/resourcequotas', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { configmaps: '5', pods: '5' } } });
  await h.waitFor<Quota>('/api/v1/namespaces/doomed/resourcequotas', 'q', (q) => q.status?.used?.configmaps !== undefined);
  for (const name of ['a', 'b']) await h.client.create('/api/v1/namespaces/doomed/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  await h.client.create('/api/v1/namespaces/doomed/pods', { ...pod('p'), metadata: { name: 'p', namespace: 'doomed' } });
  await h.client.delete('/api/v1/namespaces/doomed');
  await h.waitForList('/api/v1/namespaces', (items) => !items.some((n) => n.metadata?.name === 'doomed'));
  t.pass('the namespace is gone');
});
