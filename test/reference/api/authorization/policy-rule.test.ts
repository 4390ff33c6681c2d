import t from 'tap';
import { formatRule, ruleAllows, rulesCover, uncoveredRules, type RequestAttributes } from '../../../../src/reference/api/authorization/policy-rule.ts';

function resource(verb: string, apiGroup: string, resourceName: string, extra: Partial<RequestAttributes> = {}): RequestAttributes {
  return { verb, resourceRequest: true, apiGroup, apiVersion: 'v1', resource: resourceName, subresource: '', namespace: 'ns', name: '', path: '', ...extra };
}

function nonResource(verb: string, path: string): RequestAttributes {
  return { verb, resourceRequest: false, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', path };
}

t.test('verbs, groups and resources must all match', async (t) => {
  const rule = { verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'] };
  t.ok(ruleAllows(rule, resource('list', 'apps', 'deployments')));
  t.notOk(ruleAllows(rule, resource('create', 'apps', 'deployments')), 'verb');
  t.notOk(ruleAllows(rule, resource('list', '', 'deployments')), 'group');
  t.notOk(ruleAllows(rule, resource('list', 'apps', 'replicasets')), 'resource');
  t.ok(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, resource('deletecollection', 'batch', 'jobs')), '* matches everything');
});

t.test('subresources are named resource/subresource; */sub matches that subresource of any resource', async (t) => {
  const log = resource('get', '', 'pods', { subresource: 'log', name: 'p' });
  t.ok(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, log));
  t.notOk(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, log), 'the resource alone does not grant its subresources');
  t.ok(ruleAllows({ verbs: ['get'], apiGroups: ['*'], resources: ['*/log'] }, log));
  t.notOk(ruleAllows({ verbs: ['get'], apiGroups: ['*'], resources: ['*/status'] }, log));
  t.ok(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['*'] }, log), '* covers subresources too');
});

t.test('resourceNames limit a rule to the named objects', async (t) => {
  const rule = { verbs: ['get', 'update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['one'] };
  t.ok(ruleAllows(rule, resource('get', '', 'configmaps', { name: 'one' })));
  t.notOk(ruleAllows(rule, resource('get', '', 'configmaps', { name: 'two' })));
  t.notOk(ruleAllows(rule, resource('list', '', 'configmaps')), 'a list has no name');
});

t.test('non-resource URLs match exactly or by a prefix ending in *', async (t) => {
  const rule = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] };
  t.ok(ruleAllows(rule, nonResource('get', '/healthz')));
  t.notOk(ruleAllows(rule, nonResource('get', '/healthz/etcd')));
  t.ok(ruleAllows(rule, nonResource('get', '/apis/apps/v1')));
  t.notOk(ruleAllows(rule, nonResource('post', '/healthz')));
  t.notOk(ruleAllows(rule, resource('get', '', 'pods')), 'a non-resource rule grants no resources');
});

t.test('coverage: the owner must hold every verb, group, resource and name of the requested rule', async (t) => {
  const owner = [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'] }, { verbs: ['get'], nonResourceURLs: ['/api/*'] }];
  t.ok(rulesCover(owner, { verbs: ['get'], apiGroups: [''], resources: ['pods'] }));
  t.ok(rulesCover(owner, { verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: ['x'] }), 'a name-limited rule is covered by an unlimited one');
  t.ok(rulesCover(owner, { verbs: ['get'], nonResourceURLs: ['/api/v1'] }));
  t.notOk(rulesCover(owner, { verbs: ['get', 'create'], apiGroups: [''], resources: ['pods'] }));
  t.notOk(rulesCover(owner, { verbs: ['get'], apiGroups: ['*'], resources: ['pods'] }), 'all groups is more than the core group');
  t.notOk(rulesCover([{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }], { verbs: ['get'], apiGroups: [''], resources: ['pods'] }));
  t.same(uncoveredRules(owner, [{ verbs: ['get', 'delete'], apiGroups: [''], resources: ['pods', 'secrets'] }]), [
    { verbs: ['get'], apiGroups: [''], resources: ['secrets'] },
    { verbs: ['delete'], apiGroups: [''], resources: ['pods'] },
    { verbs: ['delete'], apiGroups: [''], resources: ['secrets'] },
  ]);
});

t.test('rules print as upstream prints them in escalation errors', async (t) => {
  t.equal(formatRule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }), '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}');
  t.equal(formatRule({ verbs: ['get'], nonResourceURLs: ['/metrics'] }), '{NonResourceURLs:["/metrics"], Verbs:["get"]}');
});
