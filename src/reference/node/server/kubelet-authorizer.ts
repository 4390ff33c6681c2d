// Who may do what on the kubelet API, as the kubelet's webhook authorization
// decides it: the client certificate's user (CN) and groups (O) asking for a
// subresource of the node (/stats → nodes/stats, /metrics → nodes/metrics,
// /logs → nodes/log, /spec → nodes/spec, anything else, logs, exec, attach,
// port forwarding and /pods included → nodes/proxy), in a SubjectAccessReview
// the API server answers. Answers are cached as the kubelet caches them: five
// minutes when allowed, thirty seconds when not.
import type { ApiClient } from '../../../kube/api-client.ts';

export interface KubeletUser {
  name: string;
  groups: string[];
}

export interface KubeletRequestAttributes {
  verb: string;
  /** Of the resource nodes. */
  subresource: string;
  /** The node's name. */
  name: string;
}

/** Resolves true when the user may make the request. */
export type KubeletAuthorizer = (user: KubeletUser, attributes: KubeletRequestAttributes) => Promise<boolean>;

const subresourceByPrefix: [string, string][] = [['/stats', 'stats'], ['/metrics', 'metrics'], ['/logs', 'log'], ['/spec', 'spec']];
const verbByMethod: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** The attributes of a request; upgraded ones (exec, attach, port forwarding) create, whatever their method. */
export function kubeletRequestAttributes(method: string, pathname: string, upgrade: boolean, nodeName: string): KubeletRequestAttributes {
  const subresource = subresourceByPrefix.find(([prefix]) => pathname === prefix || pathname.startsWith(`${prefix}/`))?.[1] ?? 'proxy';
  const verb = upgrade ? 'create' : (verbByMethod[method] ?? method.toLowerCase());
  return { verb, subresource, name: nodeName };
}

/** The kubelet's message for a refused request. */
export function forbiddenMessage(user: KubeletUser, attributes: KubeletRequestAttributes): string {
  return `Forbidden (user=${user.name}, verb=${attributes.verb}, resource=nodes, subresource(s)=[${attributes.subresource}])`;
}

const allowedTtlMs = 5 * 60_000;
const deniedTtlMs = 30_000;

/** Asks the API server with SubjectAccessReviews (the node's credentials may create them: system:node role). */
export function subjectAccessReviewAuthorizer(client: ApiClient, now: () => number = Date.now): KubeletAuthorizer {
  const cache = new Map<string, { allowed: boolean; until: number }>();
  return async (user, attributes) => {
    const key = JSON.stringify([user.name, [...user.groups].sort(), attributes.verb, attributes.subresource, attributes.name]);
    const cached = cache.get(key);
    if (cached && cached.until > now()) return cached.allowed;
    const review = await client.create<{ status?: { allowed?: boolean } }>('/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: user.name,
        groups: user.groups,
        resourceAttributes: { verb: attributes.verb, group: '', version: 'v1', resource: 'nodes', subresource: attributes.subresource, name: attributes.name },
      },
    });
    const allowed = review.status?.allowed === true;
    cache.set(key, { allowed, until: now() + (allowed ? allowedTtlMs : deniedTtlMs) });
    return allowed;
  };
}
