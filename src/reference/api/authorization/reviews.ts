// The review resources, answered and never stored: SelfSubjectAccessReview,
// SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectRulesReview
// (authorization.k8s.io), SelfSubjectReview and TokenReview
// (authentication.k8s.io). kubectl auth can-i and kubectl auth whoami use them.
import type { Authenticator, UserInfo } from '../authn.ts';
import type { KubeObject } from '../object.ts';
import type { ResourceType } from '../resources.ts';
import { ApiError, badRequest, type StatusCause } from '../status.ts';
import type { Authorizer } from './authorizer.ts';
import type { PolicyRule, RequestAttributes } from './policy-rule.ts';
import type { RbacAuthorizer } from './rbac-authorizer.ts';

interface ResourceAttributesSpec {
  namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string;
}
interface NonResourceAttributesSpec { path?: string; verb?: string }
interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributesSpec;
  nonResourceAttributes?: NonResourceAttributesSpec;
  user?: string;
  groups?: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

function invalidReview(kind: string, group: string, causes: StatusCause[]): ApiError {
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  return new ApiError(422, 'Invalid', `${kind}.${group} "" is invalid: ${list.length === 1 ? list[0] : `[${list.join(', ')}]`}`, { group, kind, causes });
}

function attributesOf(spec: AccessReviewSpec): RequestAttributes {
  const r = spec.resourceAttributes;
  if (r) {
    return {
      verb: r.verb ?? '', resourceRequest: true, apiGroup: r.group ?? '', apiVersion: r.version ?? '', resource: r.resource ?? '',
      subresource: r.subresource ?? '', namespace: r.namespace ?? '', name: r.name ?? '', path: '',
    };
  }
  const n = spec.nonResourceAttributes ?? {};
  return { verb: n.verb ?? '', resourceRequest: false, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', path: n.path ?? '' };
}

function userInfoStatus(user: UserInfo): Record<string, unknown> {
  return { username: user.name, ...(user.uid ? { uid: user.uid } : {}), groups: [...user.groups], ...(user.extra ? { extra: user.extra } : {}) };
}

function answer(body: KubeObject, status: Record<string, unknown>, namespace?: string): KubeObject {
  return {
    kind: body.kind,
    apiVersion: body.apiVersion,
    metadata: { ...(body.metadata ?? {}), ...(namespace ? { namespace } : {}), creationTimestamp: null },
    spec: body.spec ?? {},
    status,
  } as unknown as KubeObject;
}

function ruleStatus(rules: PolicyRule[]): { resourceRules: Record<string, unknown>[]; nonResourceRules: Record<string, unknown>[] } {
  const resourceRules: Record<string, unknown>[] = [];
  const nonResourceRules: Record<string, unknown>[] = [];
  for (const r of rules) {
    if (r.nonResourceURLs?.length) nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
    if (r.resources?.length) {
      resourceRules.push({ verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources, ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) });
    }
  }
  return { resourceRules, nonResourceRules };
}

export class Reviews {
  readonly #authorizer: Authorizer;
  readonly #rbac: RbacAuthorizer;
  readonly #authenticator: Authenticator;

  constructor(authorizer: Authorizer, rbac: RbacAuthorizer, authenticator: Authenticator) {
    this.#authorizer = authorizer;
    this.#rbac = rbac;
    this.#authenticator = authenticator;
  }

  /** Answers a review of type `t` created by `requester`; `namespace` for LocalSubjectAccessReview. */
  async create(t: ResourceType, namespace: string | undefined, body: KubeObject, requester: UserInfo): Promise<KubeObject> {
    switch (t.kind) {
      case 'SelfSubjectAccessReview':
        return this.#accessReview(t, body, requester);
      case 'SubjectAccessReview':
      case 'LocalSubjectAccessReview':
        return this.#subjectAccessReview(t, namespace, body);
      case 'SelfSubjectRulesReview':
        return this.#rulesReview(body, requester);
      case 'SelfSubjectReview':
        return answer(body, { userInfo: userInfoStatus(requester) });
      case 'TokenReview':
        return this.#tokenReview(body);
      default:
        throw badRequest(`${t.kind} is not a review`);
    }
  }

  #checkAttributes(t: ResourceType, spec: AccessReviewSpec): void {
    if (Boolean(spec.resourceAttributes) === Boolean(spec.nonResourceAttributes)) {
      throw invalidReview(t.kind, t.group, [{
        reason: 'FieldValueInvalid', field: 'spec.resourceAttributes',
        message: `Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified`,
      }]);
    }
  }

  async #accessReview(t: ResourceType, body: KubeObject, user: UserInfo, namespace?: string): Promise<KubeObject> {
    const spec = (body.spec ?? {}) as AccessReviewSpec;
    this.#checkAttributes(t, spec);
    const decision = await this.#authorizer.authorize(user, attributesOf(spec));
    return answer(body, { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) }, namespace);
  }

  async #subjectAccessReview(t: ResourceType, namespace: string | undefined, body: KubeObject): Promise<KubeObject> {
    const spec = (body.spec ?? {}) as AccessReviewSpec;
    if (!spec.user && !(spec.groups ?? []).length) {
      throw invalidReview(t.kind, t.group, [{ reason: 'FieldValueInvalid', field: 'spec.user', message: 'Invalid value: "": at least one of user or group must be specified' }]);
    }
    if (t.kind === 'LocalSubjectAccessReview') {
      if (spec.nonResourceAttributes) {
        throw invalidReview(t.kind, t.group, [{ reason: 'FieldValueInvalid', field: 'spec.nonResourceAttributes', message: `Invalid value: ${JSON.stringify(spec.nonResourceAttributes)}: disallowed on this kind of request` }]);
      }
      const asked = spec.resourceAttributes?.namespace;
      if (asked && asked !== namespace) {
        throw invalidReview(t.kind, t.group, [{ reason: 'FieldValueInvalid', field: 'spec.resourceAttributes.namespace', message: `Invalid value: "${asked}": must match metadata.namespace` }]);
      }
      if (spec.resourceAttributes) spec.resourceAttributes.namespace = namespace;
    }
    const user: UserInfo = { name: spec.user ?? '', groups: spec.groups ?? [], ...(spec.uid ? { uid: spec.uid } : {}), ...(spec.extra ? { extra: spec.extra } : {}) };
    return this.#accessReview(t, body, user, namespace);
  }

  #rulesReview(body: KubeObject, user: UserInfo): KubeObject {
    const namespace = ((body.spec ?? {}) as { namespace?: string }).namespace ?? '';
    const { rules, errors } = this.#rbac.rulesFor(user, namespace);
    return answer(body, { ...ruleStatus(rules), incomplete: errors.length > 0, ...(errors.length ? { evaluationError: errors.join(', ') } : {}) });
  }

  async #tokenReview(body: KubeObject): Promise<KubeObject> {
    const spec = (body.spec ?? {}) as { token?: string; audiences?: string[] };
    if (!spec.token) {
      throw invalidReview('TokenReview', 'authentication.k8s.io', [{ reason: 'FieldValueRequired', field: 'spec.token', message: 'Required value' }]);
    }
    const user = await this.#authenticator.authenticateToken(spec.token, spec.audiences?.length ? spec.audiences : undefined);
    if (!user) return answer(body, { user: {}, error: '[invalid bearer token, service account token is not valid]' });
    return answer(body, { authenticated: true, user: userInfoStatus(user), ...(spec.audiences?.length ? { audiences: spec.audiences } : {}) });
  }
}
