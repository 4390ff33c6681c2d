// RBAC's PolicyRule and how one rule matches a request, as
// plugin/pkg/auth/authorizer/rbac does: verbs, API groups, resources (with
// "resource/subresource", "*" and "*/subresource"), resource names, and
// non-resource URLs (exact, or a prefix ending in "*").

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** What is asked, as kube-apiserver's authorizer.Attributes: a resource request or a non-resource path. */
export interface RequestAttributes {
  verb: string;
  resourceRequest: boolean;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** The URL path of a non-resource request. */
  path: string;
}

const all = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === all || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === all || g === group);
}

export function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  return (rule.resources ?? []).some((r) => {
    if (r === all || r === combined) return true;
    // "*/status" matches the status subresource of every resource.
    return subresource !== '' && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource);
  });
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((url) =>
    url === all || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))));
}

export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (a.resourceRequest) {
    return verbMatches(rule, a.verb) && apiGroupMatches(rule, a.apiGroup) &&
      resourceMatches(rule, a.resource, a.subresource) && resourceNameMatches(rule, a.name);
  }
  return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path);
}

/**
 * Whether `owner` holds everything `requested` grants, as
 * pkg/registry/rbac/validation's Covers does: every atomic piece of the
 * requested rule (one verb, group, resource, name or URL at a time) is
 * allowed by some owned rule.
 */
export function rulesCover(owner: readonly PolicyRule[], requested: PolicyRule): boolean {
  for (const piece of atomicRules(requested)) {
    if (!owner.some((rule) => ruleCoversPiece(rule, piece))) return false;
  }
  return true;
}

/** The requested rules that the owner's do not cover, for the message of a refused escalation. */
export function uncoveredRules(owner: readonly PolicyRule[], requested: readonly PolicyRule[]): PolicyRule[] {
  return requested.flatMap((r) => atomicRules(r)).filter((piece) => !owner.some((rule) => ruleCoversPiece(rule, piece)));
}

function atomicRules(rule: PolicyRule): PolicyRule[] {
  const pieces: PolicyRule[] = [];
  for (const verb of rule.verbs) {
    for (const url of rule.nonResourceURLs ?? []) pieces.push({ verbs: [verb], nonResourceURLs: [url] });
    for (const group of rule.apiGroups ?? []) {
      for (const resource of rule.resources ?? []) {
        const names = rule.resourceNames ?? [];
        if (names.length === 0) pieces.push({ verbs: [verb], apiGroups: [group], resources: [resource] });
        for (const name of names) pieces.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name] });
      }
    }
  }
  return pieces;
}

function ruleCoversPiece(owner: PolicyRule, piece: PolicyRule): boolean {
  if (!owner.verbs.some((v) => v === all || v === piece.verbs[0])) return false;
  if (piece.nonResourceURLs) {
    const url = piece.nonResourceURLs[0]!;
    return (owner.nonResourceURLs ?? []).some((o) =>
      o === all || o === url || (o.endsWith('*') && url.startsWith(o.slice(0, -1))));
  }
  const group = piece.apiGroups![0]!;
  const resource = piece.resources![0]!;
  if (!(owner.apiGroups ?? []).some((g) => g === all || g === group)) return false;
  const resourceCovered = (owner.resources ?? []).some((o) => {
    if (o === all || o === resource) return true;
    const slash = resource.indexOf('/');
    return slash > 0 && o === `*${resource.slice(slash)}` && o.startsWith('*/');
  });
  if (!resourceCovered) return false;
  const ownerNames = owner.resourceNames ?? [];
  if (ownerNames.length === 0) return true;
  const name = piece.resourceNames?.[0];
  return name !== undefined && ownerNames.includes(name);
}

/** A rule as upstream prints it in escalation errors: {APIGroups:["apps"], Resources:["deployments"], Verbs:["create"]}. */
export function formatRule(rule: PolicyRule): string {
  const list = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:${list(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`Resources:${list(rule.resources)}`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${list(rule.resourceNames)}`);
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:${list(rule.nonResourceURLs)}`);
  parts.push(`Verbs:${list(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}
