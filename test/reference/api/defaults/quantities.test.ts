import t from 'tap';
import { canonicalQuantity, canonicalResourceList } from '../../../../src/reference/api/defaults/quantities.ts';
import { defaulted, node, persistentVolumeClaim, pod } from '../validation/fixtures/objects.ts';

t.test('quantities come back in canonical form', async (t) => {
  t.equal(canonicalQuantity('0.5'), '500m');
  t.equal(canonicalQuantity('1024Mi'), '1Gi');
  t.equal(canonicalQuantity(2), '2');
  t.equal(canonicalQuantity('lots'), 'lots', 'malformed values are left for validation');
});

t.test('resource lists are rounded up to thousandths', async (t) => {
  const list = { cpu: '0.0001', memory: '1.5Gi', 'example.com/gpu': 1, bad: 'x', negative: '-0.0005' };
  canonicalResourceList(list);
  t.same(list, { cpu: '1m', memory: '1536Mi', 'example.com/gpu': '1', bad: 'x', negative: '-1m' });
});

t.test('the resource lists of pods, claims and nodes', async (t) => {
  const p = pod();
  p.spec.containers[0].resources = { limits: { cpu: 0.5, memory: '1024Mi' } };
  p.spec.volumes = [{ name: 'tmp', emptyDir: { sizeLimit: '0.5Gi' } }];
  const stored = defaulted(p);
  t.same(stored.spec.containers[0].resources, { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
  t.equal(stored.spec.volumes[0].emptyDir.sizeLimit, '512Mi');
  const claim = persistentVolumeClaim();
  claim.spec.resources.requests.storage = '1000M';
  t.equal(defaulted(claim).spec.resources.requests.storage, '1G');
  const n = node();
  n.status.capacity.memory = '16777216Ki';
  t.same(defaulted(n).status.allocatable, { cpu: '4', memory: '16Gi', pods: '110' });
});
