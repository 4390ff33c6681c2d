import t from 'tap';
import { ApiRequestError, type ApiClient } from '../../../../src/kube/api-client.ts';
import { createApiClient } from '../../../../src/kube/https-api-client.ts';
import type { KubeObject } from '../../../../src/reference/api/object.ts';
import { startTestControlPlane } from '../fixtures/control-plane.ts';

const cp = await startTestControlPlane(t);
const client: ApiClient = await createApiClient(cp.kubeconfigPath);
t.teardown(() => client.close());

interface Container {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

async function namespace(name: string, limits: Record<string, unknown>[]): Promise<string> {
  await client.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  await client.create(`/api/v1/namespaces/${name}/limitranges`, { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits' }, spec: { limits } });
  return `/api/v1/namespaces/${name}`;
}

function pod(name: string, containers: Container[], initContainers: Container[] = []): KubeObject {
  const withImage = (c: Container) => ({ image: 'c:1', ...c });
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: containers.map(withImage), ...(initContainers.length ? { initContainers: initContainers.map(withImage) } : {}) } };
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

t.test('a LimitRange is stored with its defaults filled from max and min', async (t) => {
  const base = await namespace('lr-defaults', [{ type: 'Container', max: { cpu: '2' }, min: { memory: '32Mi' } }]);
  const lr = await client.get(`${base}/limitranges/limits`);
  t.same((lr.spec as { limits: unknown[] }).limits, [{ type: 'Container', max: { cpu: '2' }, min: { memory: '32Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '32Mi' } }]);
});

t.test('defaults fill the containers\' missing requests and limits and are noted in the annotation', async (t) => {
  const base = await namespace('lr-fill', [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }]);
  const created = await client.create(`${base}/pods`, pod('web', [{ name: 'app' }, { name: 'side', resources: { limits: { cpu: '1' } } }], [{ name: 'init' }]));
  const spec = created.spec as { containers: Container[]; initContainers: Container[] };
  t.same(spec.containers[0]?.resources, { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  // The limit set by the client became its request at defaulting, before the LimitRange was consulted.
  t.same(spec.containers[1]?.resources, { requests: { cpu: '1', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } });
  t.same(spec.initContainers[0]?.resources, { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  t.equal(created.metadata?.annotations?.['kubernetes.io/limit-ranger'],
    'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app; memory request for container side; memory limit for container side; cpu, memory request for init container init; cpu, memory limit for init container init');
  t.equal((created.status as { qosClass?: string }).qosClass, 'Burstable', 'the QoS class reflects the defaults');
});

t.test('min, max and maxLimitRequestRatio per Container, and per Pod', async (t) => {
  const base = await namespace('lr-bounds', [
    { type: 'Container', min: { cpu: '100m' }, max: { cpu: '1', memory: '1Gi' }, maxLimitRequestRatio: { cpu: '4' } },
    { type: 'Pod', max: { memory: '1536Mi' } },
  ]);
  t.match(await refusal(client.create(`${base}/pods`, pod('big', [{ name: 'c', resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } } }]))), {
    code: 403,
    reason: 'Forbidden',
    message: 'pods "big" is forbidden: [maximum memory usage per Container is 1Gi, but limit is 2Gi, maximum memory usage per Pod is 1536Mi, but limit is 2Gi]',
  });
  t.match(await refusal(client.create(`${base}/pods`, pod('small', [{ name: 'c', resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } } }]))), {
    message: 'pods "small" is forbidden: minimum cpu usage per Container is 100m, but request is 50m',
  });
  t.match(await refusal(client.create(`${base}/pods`, pod('ratio', [{ name: 'c', resources: { requests: { cpu: '200m', memory: '64Mi' }, limits: { cpu: '1', memory: '64Mi' } } }]))), {
    message: 'pods "ratio" is forbidden: cpu max limit to request ratio per Container is 4, but provided ratio is 5.000000',
  });
  t.match(await refusal(client.create(`${base}/pods`, pod('pair', [
    { name: 'a', resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } } },
    { name: 'b', resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } } },
  ]))), { message: 'pods "pair" is forbidden: maximum memory usage per Pod is 1536Mi, but limit is 2Gi' });
  t.ok(await client.create(`${base}/pods`, pod('fits', [{ name: 'c', resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', memory: '512Mi' } } }])));
});

t.test('PersistentVolumeClaims: min and max storage', async (t) => {
  const base = await namespace('lr-claims', [{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '10Gi' } }]);
  const claim = (name: string, storage: string): KubeObject => ({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
  });
  t.match(await refusal(client.create(`${base}/persistentvolumeclaims`, claim('tiny', '500Mi'))), {
    message: 'persistentvolumeclaims "tiny" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
  });
  t.match(await refusal(client.create(`${base}/persistentvolumeclaims`, claim('huge', '20Gi'))), {
    message: 'persistentvolumeclaims "huge" is forbidden: maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi',
  });
  t.ok(await client.create(`${base}/persistentvolumeclaims`, claim('right', '5Gi')));
});
