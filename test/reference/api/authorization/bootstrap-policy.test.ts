// The bootstrap policy at start: missing default roles and bindings are
// created again, and what a user changed is left as it is, as kube-apiserver's
// rbac/bootstrap-roles hook does. And the aggregation of admin, edit and view.
import t from 'tap';
import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from '../../../../src/reference/api/authorization/bootstrap-policy.ts';
import type { RoleObject } from '../../../../src/reference/api/authorization/rbac-types.ts';
import { aggregatedRules } from '../../../../src/reference/controllers/clusterrole-aggregation.ts';
import { startTestControlPlane } from '../fixtures/control-plane.ts';

t.test('every default role and binding is labelled and annotated for auto-update; every binding names a default role', async (t) => {
  const roles = bootstrapClusterRoles();
  const names = new Set(roles.map((r) => r.metadata?.name));
  for (const obj of [...roles, ...bootstrapClusterRoleBindings()]) {
    t.equal(obj.metadata?.labels?.['kubernetes.io/bootstrapping'], 'rbac-defaults', obj.metadata?.name ?? '');
    t.equal(obj.metadata?.annotations?.['rbac.authorization.kubernetes.io/autoupdate'], 'true', obj.metadata?.name ?? '');
  }
  for (const b of bootstrapClusterRoleBindings()) t.ok(names.has(b.roleRef.name), `${b.metadata?.name} → ${b.roleRef.name}`);
  for (const name of ['cluster-admin', 'admin', 'edit', 'view', 'system:basic-user', 'system:discovery', 'system:public-info-viewer', 'system:node',
    'system:kube-scheduler', 'system:kube-controller-manager', 'system:service-account-issuer-discovery', 'system:auth-delegator',
    'system:node-proxier', 'system:volume-scheduler', 'system:controller:replicaset-controller']) {
    t.ok(names.has(name), name);
  }
});

t.test('admin ⊇ edit ⊇ view through the aggregate-to labels', async (t) => {
  const roles = bootstrapClusterRoles();
  const rulesOf = (name: string) => aggregatedRules(roles.find((r) => r.metadata?.name === name)!, roles);
  const view = rulesOf('view');
  const edit = rulesOf('edit');
  const admin = rulesOf('admin');
  t.ok(view.length > 0);
  t.ok(view.every((r) => edit.some((e) => JSON.stringify(e) === JSON.stringify(r))), 'edit has every rule of view');
  t.ok(edit.every((r) => admin.some((e) => JSON.stringify(e) === JSON.stringify(r))), 'admin has every rule of edit');
  t.notOk(view.some((r) => r.resources?.includes('secrets')), 'view reads no secrets');
  t.ok(admin.some((r) => r.resources?.includes('rolebindings')), 'admin manages role bindings');
  const extra: RoleObject = { metadata: { name: 'zz-extra', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }, rules: [{ verbs: ['get'], apiGroups: ['x.io'], resources: ['things'] }] };
  t.same(aggregatedRules(roles.find((r) => r.metadata?.name === 'view')!, [...roles, extra]).at(-1), extra.rules![0], 'a labelled role joins, after the defaults by name');
});

t.test('a restart puts back what the defaults lack and keeps what users added, unless autoupdate is false', async (t) => {
  const dataDir = t.testdir();
  const first = await startTestControlPlane(t, { dataDir });
  const rbac = first.kubeConfig().makeApiClient(RbacAuthorizationV1Api);
  await rbac.deleteClusterRole({ name: 'system:basic-user' });
  await rbac.deleteClusterRoleBinding({ name: 'system:discovery' });
  const viewer = await rbac.readClusterRole({ name: 'system:public-info-viewer' });
  viewer.rules = [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics'] }];
  await rbac.replaceClusterRole({ name: 'system:public-info-viewer', body: viewer });
  const frozen = await rbac.readClusterRole({ name: 'system:auth-delegator' });
  frozen.metadata!.annotations!['rbac.authorization.kubernetes.io/autoupdate'] = 'false';
  frozen.rules = [];
  await rbac.replaceClusterRole({ name: 'system:auth-delegator', body: frozen });
  const binding = await rbac.readClusterRoleBinding({ name: 'system:basic-user' });
  binding.subjects = [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'eve' }];
  await rbac.replaceClusterRoleBinding({ name: 'system:basic-user', body: binding });
  await rbac.deleteClusterRoleBinding({ name: 'system:monitoring' });
  await rbac.createClusterRoleBinding({ body: { metadata: { name: 'system:monitoring' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [] } });
  await first.stop();

  const second = await startTestControlPlane(t, { dataDir });
  const again = second.kubeConfig().makeApiClient(RbacAuthorizationV1Api);
  t.equal((await again.readClusterRole({ name: 'system:basic-user' })).rules?.length, 2, 'the deleted role is back');
  t.ok(await again.readClusterRoleBinding({ name: 'system:discovery' }), 'the deleted binding is back');
  const urls = (await again.readClusterRole({ name: 'system:public-info-viewer' })).rules?.flatMap((r) => r.nonResourceURLs ?? []);
  t.same(urls?.sort(), ['/healthz', '/livez', '/metrics', '/readyz', '/version', '/version/'], 'the removed URLs are back, the added one kept');
  t.same((await again.readClusterRole({ name: 'system:auth-delegator' })).rules, [], 'autoupdate=false is left alone');
  t.same((await again.readClusterRoleBinding({ name: 'system:basic-user' })).subjects?.map((s) => s.name), ['eve', 'system:authenticated'], 'subjects: the added one kept, the default back');
  const monitoring = await again.readClusterRoleBinding({ name: 'system:monitoring' });
  t.equal(monitoring.roleRef.name, 'system:monitoring', 'a binding to another role is made again with the default roleRef');
  t.same(monitoring.subjects?.map((s) => s.name), ['system:monitoring']);
  t.ok((await second.kubeConfig().makeApiClient(CoreV1Api).listNamespace()).items.length >= 4, 'the admin still works');
});
