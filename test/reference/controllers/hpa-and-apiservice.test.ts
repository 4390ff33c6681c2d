import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { startApiServiceController } from '../../../src/reference/controllers/apiservice.ts';
import { startHpaController } from '../../../src/reference/controllers/hpa.ts';
import { startSetAndJobHarness } from './fixtures/set-and-job-harness.ts';

interface WithConditions extends KubeObject {
  status?: { currentReplicas?: number; desiredReplicas?: number; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

const hpasPath = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';
const apiServicesPath = '/apis/apiregistration.k8s.io/v1/apiservices';

t.test('an HPA reads its target\'s scale and reports that no metrics can be had', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start((ctx) => startHpaController(ctx));
  await h.client.create('/apis/apps/v1/namespaces/default/deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'c' }] } } },
  });
  const created = await h.client.create<WithConditions>(hpasPath, {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5 },
  });
  t.match(created.spec, { minReplicas: 1, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] }, 'defaults');
  const hpa = await h.waitFor<WithConditions>(hpasPath, 'web', (o) => o.status?.conditions?.some((c) => c.type === 'ScalingActive') === true);
  t.match(hpa.status, {
    currentReplicas: 2,
    desiredReplicas: 0,
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" },
      {
        type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric',
        message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
      },
    ],
  });
  const events = await h.events('default');
  t.ok(events.some((e) => e.reason === 'FailedGetResourceMetric' && e.type === 'Warning'));
  t.ok(events.some((e) => e.reason === 'FailedComputeMetricsReplicas' && /^invalid metrics \(1 invalid out of 1\), first error is: failed to get cpu resource metric value: /.test(e.message)));

  await h.client.create<WithConditions>(hpasPath, {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'ghost' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ghost' }, maxReplicas: 5 },
  });
  const ghost = await h.waitFor<WithConditions>(hpasPath, 'ghost', (o) => (o.status?.conditions?.length ?? 0) > 0);
  t.match(ghost.status?.conditions, [{ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: /^the HPA controller was unable to get the target's current scale: .*not found/ }]);

  const invalid = await h.client.create(hpasPath, {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'bad' },
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 2 },
  }).catch((e: Error) => e);
  t.match((invalid as Error).message, /spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`/);
});

t.test('APIService availability: Local, ServiceNotFound, MissingEndpoints', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startApiServiceController);
  const apiService = (name: string, group: string, service?: Record<string, unknown>): KubeObject => ({
    apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name },
    spec: { group, version: 'v1', groupPriorityMinimum: 1000, versionPriority: 15, ...(service ? { service, insecureSkipTLSVerify: true } : {}) },
  });
  await h.client.create(apiServicesPath, apiService('v1.local.example.com', 'local.example.com'));
  await h.client.create(apiServicesPath, apiService('v1.remote.example.com', 'remote.example.com', { namespace: 'default', name: 'metrics' }));
  const available = (name: string, reason: string) => h.waitFor<WithConditions>(apiServicesPath, name, (o) => o.status?.conditions?.some((c) => c.type === 'Available' && c.reason === reason) === true);

  t.match((await available('v1.local.example.com', 'Local')).status?.conditions, [{ type: 'Available', status: 'True', message: 'Local APIServices are always available' }]);
  t.match((await available('v1.remote.example.com', 'ServiceNotFound')).status?.conditions, [{ status: 'False', message: 'service/metrics in "default" is not present' }]);
  await h.client.create('/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'metrics' }, spec: { selector: { app: 'metrics' }, ports: [{ name: 'https', port: 443, targetPort: 8443 }] } });
  t.match((await available('v1.remote.example.com', 'ServiceNotFound')).status?.conditions, [{ status: 'False' }]);
  await h.client.create('/api/v1/namespaces/default/endpoints', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'metrics' }, subsets: [{ notReadyAddresses: [{ ip: '10.244.0.5' }], ports: [{ name: 'https', port: 8443 }] }] });
  t.match((await available('v1.remote.example.com', 'MissingEndpoints')).status?.conditions, [{ status: 'False', message: 'endpoints for service/metrics in "default" have no addresses with port name "https"' }]);

  const err = await h.client.create(apiServicesPath, { ...apiService('v1.wrong', 'right.example.com') }).catch((e: Error) => e);
  t.match((err as Error).message, /metadata.name: Invalid value: "v1.wrong": must be `spec.version\+"."\+spec.group`/);
});
