import t from 'tap';
import type { IncomingMessage } from 'node:http';
import { impersonationRequest } from '../../../../src/reference/api/authorization/impersonation.ts';

const request = (headers: Record<string, string | string[]>) => ({ headers }) as unknown as IncomingMessage;

t.test('no impersonation headers: nothing to check', async (t) => {
  t.equal(impersonationRequest(request({})), undefined);
});

t.test('user, groups, uid and extras each need their own impersonate check', async (t) => {
  const r = impersonationRequest(request({
    'impersonate-user': 'eve', 'impersonate-group': ['devs', 'ops'], 'impersonate-uid': 'u-1', 'impersonate-extra-scopes': 'view, edit',
  }))!;
  t.same(r.user, { name: 'eve', groups: ['devs', 'ops', 'system:authenticated'], uid: 'u-1', extra: { scopes: ['view', 'edit'] } });
  t.same(r.checks.map((c) => [c.verb, c.apiGroup, c.resource, c.subresource, c.namespace, c.name]), [
    ['impersonate', '', 'users', '', '', 'eve'],
    ['impersonate', '', 'groups', '', '', 'devs'],
    ['impersonate', '', 'groups', '', '', 'ops'],
    ['impersonate', 'authentication.k8s.io', 'uids', '', '', 'u-1'],
    ['impersonate', 'authentication.k8s.io', 'userextras', 'scopes', '', 'view'],
    ['impersonate', 'authentication.k8s.io', 'userextras', 'scopes', '', 'edit'],
  ]);
});

t.test('a service account is impersonated through the serviceaccounts resource and gets its groups', async (t) => {
  const r = impersonationRequest(request({ 'impersonate-user': 'system:serviceaccount:team:robot' }))!;
  t.match(r.checks, [{ resource: 'serviceaccounts', namespace: 'team', name: 'robot' }]);
  t.same(r.user.groups, ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated']);
});

t.test('the anonymous user stays unauthenticated; groups without a user are refused', async (t) => {
  t.same(impersonationRequest(request({ 'impersonate-user': 'system:anonymous' }))!.user.groups, ['system:unauthenticated']);
  t.throws(() => impersonationRequest(request({ 'impersonate-group': 'devs' })), { code: 400, reason: 'BadRequest' });
});
