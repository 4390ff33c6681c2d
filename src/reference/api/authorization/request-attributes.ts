// The authorization attributes of an HTTP request, as kube-apiserver's
// RequestInfoFactory derives them: a resource request (verb, group, resource,
// subresource, namespace, name) or a non-resource path with the lower-cased
// method as its verb.
import { parseResourcePath, requestVerb } from '../request-info.ts';
import type { RequestAttributes } from './policy-rule.ts';

const nonResourceVerbs: Record<string, string> = { GET: 'get', HEAD: 'head', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' };

/**
 * As upstream's RequestInfo, segments after resource/name/subresource do not
 * change what is asked: /api/v1/nodes/N/proxy/stats is the proxy subresource
 * of node N.
 */
function resourceOf(path: string): ReturnType<typeof parseResourcePath> {
  const segments = path.split('/');
  for (let end = segments.length; end > 3; end--) {
    const r = parseResourcePath(segments.slice(0, end).join('/'));
    if (r) return r;
  }
  return undefined;
}

export function requestAttributes(method: string, url: URL): RequestAttributes {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const r = resourceOf(path);
  if (!r) {
    return { verb: nonResourceVerbs[method] ?? method.toLowerCase(), resourceRequest: false, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', path: url.pathname };
  }
  // /api/v1/namespaces/NAME is in its own namespace, so a RoleBinding there can grant reading it.
  const namespace = r.resource === 'namespaces' && r.name !== undefined && r.group === '' ? r.name : r.namespace ?? '';
  return {
    verb: requestVerb(method, r, url.searchParams),
    resourceRequest: true,
    apiGroup: r.group,
    apiVersion: r.version,
    resource: r.resource,
    subresource: r.subresource ?? '',
    namespace,
    name: r.name ?? '',
    path: url.pathname,
  };
}
