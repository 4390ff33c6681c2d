import t from 'tap';
import { forbiddenError } from '../../../../src/reference/api/authorization/forbidden.ts';
import { requestAttributes } from '../../../../src/reference/api/authorization/request-attributes.ts';

const attrs = (method: string, path: string) => requestAttributes(method, new URL(path, 'https://apiserver'));

t.test('403 messages and details as kube-apiserver words them', async (t) => {
  const list = forbiddenError('bob', attrs('GET', '/api/v1/namespaces/y/pods'), '');
  t.equal(list.message, 'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "y"');
  t.same(list.toStatus(), {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
    message: 'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "y"', details: { kind: 'pods' },
  });
  const get = forbiddenError('bob', attrs('GET', '/apis/apps/v1/namespaces/y/deployments/web/scale'), '');
  t.equal(get.message, 'deployments.apps "web" is forbidden: User "bob" cannot get resource "deployments/scale" in API group "apps" in the namespace "y"');
  t.same(get.details, { name: 'web', group: 'apps', kind: 'deployments' });
  t.equal(forbiddenError('bob', attrs('POST', '/api/v1/nodes'), '').message,
    'nodes is forbidden: User "bob" cannot create resource "nodes" in API group "" at the cluster scope');
  t.equal(forbiddenError('system:anonymous', attrs('GET', '/api'), '').message, 'forbidden: User "system:anonymous" cannot get path "/api"');
  t.equal(forbiddenError('bob', attrs('GET', '/api/v1/pods?watch=true'), 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found').message,
    'pods is forbidden: User "bob" cannot watch resource "pods" in API group "" at the cluster scope: RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found');
});

t.test('a namespace is in itself, so a RoleBinding there can grant reading it', async (t) => {
  t.match(attrs('GET', '/api/v1/namespaces/team'), { verb: 'get', resource: 'namespaces', name: 'team', namespace: 'team' });
  t.match(attrs('DELETE', '/api/v1/namespaces/team/pods'), { verb: 'deletecollection', resource: 'pods', namespace: 'team' });
  t.match(attrs('GET', '/apis/apps/v1/watch/namespaces/team/deployments'), { verb: 'watch', apiGroup: 'apps', namespace: 'team' });
  t.match(attrs('GET', '/api/v1/nodes/n1/proxy/stats/summary'), { resourceRequest: true, verb: 'get', resource: 'nodes', name: 'n1', subresource: 'proxy' });
  t.match(attrs('GET', '/apis/apps/v1'), { resourceRequest: false, verb: 'get', path: '/apis/apps/v1' });
  t.match(attrs('GET', '/api'), { resourceRequest: false, path: '/api' });
});
