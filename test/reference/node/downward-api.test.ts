import t from 'tap';
import { fieldRefValue, resourceFieldValue } from '../../../src/reference/node/downward-api.ts';
import type { Pod } from '../../../src/reference/node/pod-types.ts';

const pod: Pod = {
  metadata: { name: 'p', namespace: 'ns', uid: 'u-1', labels: { app: 'web', tier: 'front' }, annotations: { note: 'a "quoted" one' } },
  spec: {
    nodeName: 'worker-1',
    serviceAccountName: 'builder',
    containers: [{ name: 'c', resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1500m' } } }],
  },
  status: { hostIP: '172.18.0.3', hostIPs: [{ ip: '172.18.0.3' }], podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }] },
};

t.test('fieldRef values', async (t) => {
  const v = (fieldPath: string, forVolume = false) => fieldRefValue(pod, { fieldPath }, forVolume);
  t.equal(v('metadata.name'), 'p');
  t.equal(v('metadata.namespace'), 'ns');
  t.equal(v('metadata.uid'), 'u-1');
  t.equal(v("metadata.labels['app']"), 'web');
  t.equal(v("metadata.annotations['note']"), 'a "quoted" one');
  t.equal(v("metadata.labels['absent']"), '');
  t.equal(v('spec.nodeName'), 'worker-1');
  t.equal(v('spec.serviceAccountName'), 'builder');
  t.equal(v('status.hostIP'), '172.18.0.3');
  t.equal(v('status.podIPs'), '10.244.1.5');
  t.equal(v('metadata.labels', true), 'app="web"\ntier="front"', 'whole maps only in volumes, as k="v" lines');
  t.throws(() => v('metadata.labels'), /unsupported fieldPath/);
});

t.test('resourceFieldRef values, divided and rounded up; unset limits are the node’s', async (t) => {
  const allocatable = { cpu: '4', memory: '8Gi' };
  const r = (resource: string, divisor?: string) => resourceFieldValue(pod, { resource, ...(divisor ? { divisor } : {}) }, 'c', allocatable);
  t.equal(r('limits.cpu'), '2', '1500m rounds up to 2 cores');
  t.equal(r('limits.cpu', '1m'), '1500');
  t.equal(r('requests.cpu', '1m'), '250');
  t.equal(r('requests.memory', '1Mi'), '64');
  t.equal(r('limits.memory'), String(8 * 1024 ** 3), 'no memory limit: node allocatable');
  t.throws(() => r('limits.nvidia.com/gpu'), /unsupported container resource : limits.nvidia.com\/gpu/);
});
