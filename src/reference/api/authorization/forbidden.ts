// The 403 kube-apiserver answers a refused request with
// (endpoints/handlers/responsewriters.Forbidden over apierrors.NewForbidden):
//   pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "y"
//   forbidden: User "x" cannot get path "/foo"
// with ": <reason>" after it when the authorizers gave one.
import { ApiError } from '../status.ts';
import type { RequestAttributes } from './policy-rule.ts';

export function forbiddenMessage(userName: string, a: RequestAttributes): string {
  if (!a.resourceRequest) return `User ${JSON.stringify(userName)} cannot ${a.verb} path ${JSON.stringify(a.path)}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace ${JSON.stringify(a.namespace)}` : 'at the cluster scope';
  return `User ${JSON.stringify(userName)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup)} ${where}`;
}

export function forbiddenError(userName: string, a: RequestAttributes, reason: string): ApiError {
  const why = reason ? `${forbiddenMessage(userName, a)}: ${reason}` : forbiddenMessage(userName, a);
  if (!a.resourceRequest || a.resource === '') return new ApiError(403, 'Forbidden', `forbidden: ${why}`, {});
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const subject = a.name ? `${qualified} ${JSON.stringify(a.name)}` : qualified;
  return new ApiError(403, 'Forbidden', `${subject} is forbidden: ${why}`, {
    ...(a.name ? { name: a.name } : {}),
    ...(a.apiGroup ? { group: a.apiGroup } : {}),
    kind: a.resource,
  });
}
