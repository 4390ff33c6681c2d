import t from 'tap';
import type { ApiClient } from '../../../../src/kube/api-client.ts';
import { forbiddenMessage, kubeletRequestAttributes, subjectAccessReviewAuthorizer } from '../../../../src/reference/node/server/kubelet-authorizer.ts';

t.test('request attributes, as the kubelet names them', async (t) => {
  t.same(kubeletRequestAttributes('GET', '/containerLogs/ns/pod/c', false, 'n1'), { verb: 'get', subresource: 'proxy', name: 'n1' });
  t.same(kubeletRequestAttributes('GET', '/exec/ns/pod/c', true, 'n1'), { verb: 'create', subresource: 'proxy', name: 'n1' }, 'an upgrade creates');
  t.same(kubeletRequestAttributes('POST', '/portForward/ns/pod', true, 'n1'), { verb: 'create', subresource: 'proxy', name: 'n1' });
  t.same(kubeletRequestAttributes('GET', '/stats/summary', false, 'n1'), { verb: 'get', subresource: 'stats', name: 'n1' });
  t.same(kubeletRequestAttributes('GET', '/metrics', false, 'n1'), { verb: 'get', subresource: 'metrics', name: 'n1' });
  t.same(kubeletRequestAttributes('GET', '/logs/syslog', false, 'n1'), { verb: 'get', subresource: 'log', name: 'n1' });
  t.same(kubeletRequestAttributes('GET', '/specs', false, 'n1'), { verb: 'get', subresource: 'proxy', name: 'n1' }, 'prefixes match whole segments');
  t.same(kubeletRequestAttributes('DELETE', '/pods', false, 'n1'), { verb: 'delete', subresource: 'proxy', name: 'n1' });
  t.equal(forbiddenMessage({ name: 'bob', groups: [] }, { verb: 'create', subresource: 'proxy', name: 'n1' }),
    'Forbidden (user=bob, verb=create, resource=nodes, subresource(s)=[proxy])');
});

t.test('SubjectAccessReviews, cached five minutes when allowed and thirty seconds when not', async (t) => {
  const reviews: unknown[] = [];
  let allow = new Set(['alice']);
  const client = {
    async create(path: string, body: { spec: { user: string } }) {
      t.equal(path, '/apis/authorization.k8s.io/v1/subjectaccessreviews');
      reviews.push(body);
      return { ...body, status: { allowed: allow.has(body.spec.user) } };
    },
  } as unknown as ApiClient;
  let clock = 0;
  const authorize = subjectAccessReviewAuthorizer(client, () => clock);
  const attributes = { verb: 'get', subresource: 'proxy', name: 'n1' };
  t.equal(await authorize({ name: 'alice', groups: ['g'] }, attributes), true);
  t.same(reviews[0], {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: { user: 'alice', groups: ['g'], resourceAttributes: { verb: 'get', group: '', version: 'v1', resource: 'nodes', subresource: 'proxy', name: 'n1' } },
  });
  t.equal(await authorize({ name: 'bob', groups: [] }, attributes), false);
  allow = new Set(['bob']);
  clock = 29_000;
  t.equal(await authorize({ name: 'alice', groups: ['g'] }, attributes), true, 'alice from the cache');
  t.equal(await authorize({ name: 'bob', groups: [] }, attributes), false, 'bob from the cache');
  t.equal(reviews.length, 2);
  clock = 31_000;
  t.equal(await authorize({ name: 'bob', groups: [] }, attributes), true, 'a denial is asked again after thirty seconds');
  t.equal(await authorize({ name: 'alice', groups: ['g'] }, attributes), true);
  t.equal(reviews.length, 3, 'an allowance is not');
  clock = 301_000;
  t.equal(await authorize({ name: 'alice', groups: ['g'] }, attributes), false, 'after five minutes it is');
});
