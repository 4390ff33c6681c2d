// rbac.authorization.k8s.io validation, as pkg/apis/rbac/validation: every
// rule names verbs and either resources (with API groups) or non-resource
// URLs, which namespaced Roles cannot hold; a binding's roleRef names a Role
// or ClusterRole (a ClusterRoleBinding only a ClusterRole) and never changes;
// a ClusterRoleBinding's service account subjects name their namespace.
import { pathSegmentName } from './names.ts';
import { arr, obj, objs, str, type Obj } from './object-access.ts';
import { child, index } from './field-path.ts';
import { invalid, notSupported, required, type StatusCause } from './status-cause.ts';

function validateRule(rule: Obj, namespaced: boolean, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (arr(rule.verbs).length === 0) causes.push(required(child(path, 'verbs'), 'verbs must contain at least one value'));
  const urls = arr(rule.nonResourceURLs);
  if (urls.length > 0) {
    if (namespaced) causes.push(invalid(child(path, 'nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (arr(rule.apiGroups).length || arr(rule.resources).length || arr(rule.resourceNames).length) {
      causes.push(invalid(child(path, 'nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return causes;
  }
  if (arr(rule.apiGroups).length === 0) causes.push(required(child(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  if (arr(rule.resources).length === 0) causes.push(required(child(path, 'resources'), 'resource rules must supply at least one resource'));
  return causes;
}

export function validateRole(o: Obj): StatusCause[] {
  return objs(o.rules).flatMap((r, i) => validateRule(r, true, index('rules', i)));
}

export function validateClusterRole(o: Obj): StatusCause[] {
  return objs(o.rules).flatMap((r, i) => validateRule(r, false, index('rules', i)));
}

function validateBinding(o: Obj, namespaced: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  const ref = obj(o.roleRef);
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(ref.kind))) causes.push(notSupported('roleRef.kind', str(ref.kind), kinds));
  const name = str(ref.name);
  if (name === '') causes.push(required('roleRef.name'));
  else causes.push(...pathSegmentName(name, false).map((msg) => invalid('roleRef.name', name, msg)));
  objs(o.subjects).forEach((s, i) => {
    const path = index('subjects', i);
    if (str(s.name) === '') causes.push(required(child(path, 'name')));
    if (!['ServiceAccount', 'User', 'Group'].includes(str(s.kind))) causes.push(notSupported(child(path, 'kind'), str(s.kind), ['ServiceAccount', 'User', 'Group']));
    if (!namespaced && str(s.kind) === 'ServiceAccount' && str(s.namespace) === '') causes.push(required(child(path, 'namespace')));
  });
  return causes;
}

/** A roleRef as Go prints the struct in the error (%#v). */
function goRoleRef(ref: Obj): string {
  return `rbac.RoleRef{APIGroup:${JSON.stringify(str(ref.apiGroup))}, Kind:${JSON.stringify(str(ref.kind))}, Name:${JSON.stringify(str(ref.name))}}`;
}

function roleRefUnchanged(o: Obj, old: Obj): StatusCause[] {
  const ref = obj(o.roleRef);
  const before = obj(old.roleRef);
  if (str(ref.apiGroup) === str(before.apiGroup) && str(ref.kind) === str(before.kind) && str(ref.name) === str(before.name)) return [];
  return [{ reason: 'FieldValueInvalid', field: 'roleRef', message: `Invalid value: ${goRoleRef(ref)}: cannot change roleRef` }];
}

export const roleBindingRules = {
  create: (o: Obj) => validateBinding(o, true),
  update: (o: Obj, old: Obj) => [...validateBinding(o, true), ...roleRefUnchanged(o, old)],
};

export const clusterRoleBindingRules = {
  create: (o: Obj) => validateBinding(o, false),
  update: (o: Obj, old: Obj) => [...validateBinding(o, false), ...roleRefUnchanged(o, old)],
};
