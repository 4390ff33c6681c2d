import t from 'tap';
import { clusterRoleBindingRules, roleBindingRules, validateClusterRole, validateRole } from '../../../../src/reference/api/validation/rbac.ts';

const messages = (causes: { field?: string; message: string }[]) => causes.map((c) => `${c.field}: ${c.message}`);

t.test('rules need verbs and either resources with groups or non-resource URLs (cluster roles only)', async (t) => {
  t.same(messages(validateRole({ rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] })), []);
  t.same(messages(validateRole({ rules: [{ apiGroups: [''] }] })), [
    'rules[0].verbs: Required value: verbs must contain at least one value',
    'rules[0].resources: Required value: resource rules must supply at least one resource',
  ]);
  t.same(messages(validateRole({ rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] })), [
    'rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
  ]);
  t.same(messages(validateClusterRole({ rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] })), []);
  t.same(messages(validateClusterRole({ rules: [{ verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] }] })), [
    'rules[0].nonResourceURLs: Invalid value: ["/x"]: rules cannot apply to both regular resources and non-resource URLs',
  ]);
});

t.test('bindings: roleRef kind and name, subjects, and a roleRef that never changes', async (t) => {
  const ref = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' };
  t.same(messages(roleBindingRules.create({ roleRef: ref, subjects: [{ kind: 'ServiceAccount', name: 'robot' }] })), []);
  t.same(messages(clusterRoleBindingRules.create({ roleRef: { ...ref, kind: 'Role' }, subjects: [{ kind: 'ServiceAccount', name: 'robot' }, { kind: 'Robot', name: 'r' }] })), [
    'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    'subjects[0].namespace: Required value',
    'subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
  ]);
  t.same(messages(roleBindingRules.update({ roleRef: { ...ref, name: 'edit' } }, { roleRef: ref })), [
    'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
  ]);
});
