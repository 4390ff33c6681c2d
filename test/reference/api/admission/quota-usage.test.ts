import t from 'tap';
import { missingComputeResources, objectUsage, quotaSelects, trackedTypes } from '../../../../src/reference/api/admission/quota-usage.ts';
import { toJson } from '../../../../src/reference/api/admission/resource-list.ts';
import type { KubeObject } from '../../../../src/reference/api/object.ts';
import { resourceTypes } from '../../../../src/reference/api/resources.ts';

const type = (group: string, plural: string) => resourceTypes.find((r) => r.group === group && r.plural === plural)!;
const pods = type('', 'pods');
const pod = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({ metadata: { name: 'p' }, spec, status });

t.test('pod usage: requests and limits summed over containers, init containers at their largest, nothing once finished', async (t) => {
  const spec = {
    containers: [
      { name: 'a', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } } },
      { name: 'b', resources: { requests: { cpu: '300m', memory: '64Mi' } } },
    ],
    initContainers: [{ name: 'i', resources: { requests: { cpu: '1', memory: '32Mi' } } }],
  };
  t.same(toJson(objectUsage(pods, pod(spec))), {
    'count/pods': '1', cpu: '1', 'limits.cpu': '200m', 'limits.memory': '128Mi', memory: '128Mi', pods: '1', 'requests.cpu': '1', 'requests.memory': '128Mi',
  });
  t.same(toJson(objectUsage(pods, pod(spec, { phase: 'Succeeded' }))), {});
  t.equal(missingComputeResources(pods, pod(spec), ['limits.cpu', 'pods']), 'must specify limits.cpu for: b,i');
});

t.test('object counts and which types a quota tracks', async (t) => {
  t.same(toJson(objectUsage(type('apps', 'deployments'), { metadata: { name: 'd' } })), { 'count/deployments.apps': '1' });
  t.same(toJson(objectUsage(type('', 'secrets'), { metadata: { name: 's' } })), { 'count/secrets': '1', secrets: '1' });
  t.same(toJson(objectUsage(type('', 'persistentvolumeclaims'), { metadata: { name: 'c' }, spec: { storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } } })), {
    'count/persistentvolumeclaims': '1', 'fast.storageclass.storage.k8s.io/persistentvolumeclaims': '1', 'fast.storageclass.storage.k8s.io/requests.storage': '5Gi',
    persistentvolumeclaims: '1', 'requests.storage': '5Gi',
  });
  t.same(trackedTypes(['pods', 'count/deployments.apps', 'services.nodeports']).map((r) => r.plural).sort(), ['deployments', 'pods', 'services']);
});

t.test('scopes select pods only', async (t) => {
  const quota = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'q' }, spec });
  const bestEffort = pod({ containers: [{ name: 'c' }] });
  const burstable = pod({ containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }], activeDeadlineSeconds: 30, priorityClassName: 'high' });
  t.ok(quotaSelects(quota({ scopes: ['BestEffort'] }), ['pods'], pods, bestEffort));
  t.notOk(quotaSelects(quota({ scopes: ['BestEffort'] }), ['pods'], pods, burstable));
  t.ok(quotaSelects(quota({ scopes: ['Terminating', 'NotBestEffort'] }), ['pods'], pods, burstable));
  t.ok(quotaSelects(quota({ scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } }), ['pods'], pods, burstable));
  t.notOk(quotaSelects(quota({ scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'NotIn', values: ['high'] }] } }), ['pods'], pods, burstable));
  t.notOk(quotaSelects(quota({ scopes: ['NotTerminating'] }), ['services'], type('', 'services'), { metadata: { name: 's' } }), 'a scoped quota never counts services');
  t.notOk(quotaSelects(quota({}), ['services'], pods, bestEffort), 'nor counts a pod when it limits nothing pods use');
});
