// Impersonation headers, as the apiserver's WithImpersonation filter reads
// them: Impersonate-User, Impersonate-Group (repeated), Impersonate-Uid and
// Impersonate-Extra-KEY. The requester needs the `impersonate` verb on each
// (users, groups, serviceaccounts for system:serviceaccount:NS:NAME, uids,
// userextras/KEY); the request then runs as the impersonated user.
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../authn.ts';
import { badRequest } from '../status.ts';
import { authenticatedGroup, serviceAccountsGroup, unauthenticatedGroup } from './bootstrap-policy.ts';
import type { RequestAttributes } from './policy-rule.ts';

const anonymousName = 'system:anonymous';
const serviceAccountPrefix = 'system:serviceaccount:';
const extraPrefix = 'impersonate-extra-';

export interface ImpersonationRequest {
  user: UserInfo;
  /** What the requester must be allowed, one check per impersonated value. */
  checks: RequestAttributes[];
}

function values(header: string | string[] | undefined): string[] {
  return header === undefined ? [] : [header].flat();
}

function impersonate(resource: string, name: string, extra: Partial<RequestAttributes> = {}): RequestAttributes {
  return { verb: 'impersonate', resourceRequest: true, apiGroup: '', apiVersion: '', resource, subresource: '', namespace: '', name, path: '', ...extra };
}

/** The impersonation a request asks for, or undefined when it asks none. */
export function impersonationRequest(req: IncomingMessage): ImpersonationRequest | undefined {
  const userName = values(req.headers['impersonate-user'])[0];
  const groups = values(req.headers['impersonate-group']);
  const uid = values(req.headers['impersonate-uid'])[0];
  const extra: Record<string, string[]> = {};
  for (const [header, value] of Object.entries(req.headers)) {
    if (!header.startsWith(extraPrefix)) continue;
    extra[decodeURIComponent(header.slice(extraPrefix.length))] = values(value).flatMap((v) => v.split(',').map((s) => s.trim()));
  }
  if (userName === undefined) {
    if (groups.length || uid !== undefined || Object.keys(extra).length) {
      throw badRequest('requested impersonation without impersonating a user');
    }
    return undefined;
  }
  const checks: RequestAttributes[] = [];
  const userGroups: string[] = [];
  if (userName.startsWith(serviceAccountPrefix)) {
    const [namespace = '', name = ''] = userName.slice(serviceAccountPrefix.length).split(':');
    checks.push(impersonate('serviceaccounts', name, { namespace }));
    userGroups.push(serviceAccountsGroup, `${serviceAccountsGroup}:${namespace}`);
  } else {
    checks.push(impersonate('users', userName));
  }
  for (const group of groups) {
    checks.push(impersonate('groups', group));
    if (!userGroups.includes(group)) userGroups.push(group);
  }
  if (uid !== undefined) checks.push(impersonate('uids', uid, { apiGroup: 'authentication.k8s.io' }));
  for (const [key, vals] of Object.entries(extra)) {
    for (const v of vals) checks.push(impersonate('userextras', v, { apiGroup: 'authentication.k8s.io', subresource: key }));
  }
  // As upstream: an impersonated user is authenticated (or, for system:anonymous, unauthenticated) unless the groups say so.
  if (userName === anonymousName) {
    if (!userGroups.includes(unauthenticatedGroup)) userGroups.push(unauthenticatedGroup);
  } else if (!userGroups.includes(authenticatedGroup)) {
    userGroups.push(authenticatedGroup);
  }
  const user: UserInfo = {
    name: userName,
    groups: userGroups,
    ...(uid !== undefined ? { uid } : {}),
    ...(Object.keys(extra).length ? { extra } : {}),
  };
  return { user, checks };
}
