// Splits a resource URL into its parts, as kube-apiserver's RequestInfoFactory
// does: /api/v1/namespaces/NS/pods/NAME/status, /apis/apps/v1/deployments, and
// the legacy /watch/ prefix.

export interface ResourceRequest {
  group: string;
  version: string;
  namespace: string | undefined;
  /** The plural resource ("namespaces" for /api/v1/namespaces/NAME). */
  resource: string;
  name: string | undefined;
  subresource: string | undefined;
  /** The path had the /watch/ segment. */
  watchPath: boolean;
}

const namespaceSubresources = new Set(['status', 'finalize']);

/** Undefined when the path is not a resource path (discovery and the like). */
export function parseResourcePath(pathname: string): ResourceRequest | undefined {
  const parts = pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !namespaceSubresources.has(rest[2]!)) rest = rest.slice(2);
  }
  if (rest.length === 0 || rest.length > 3) return undefined;
  const resource = rest[0]!;
  const name = rest[1];
  const subresource = rest[2];
  if (resource === 'namespaces') namespace = undefined;
  return { group, version, namespace, resource, name, subresource, watchPath };
}

/**
 * The verb of a resource request as kube-apiserver's RequestInfoFactory names
 * it for authorization: get, list, watch, create, update, patch, delete,
 * deletecollection.
 */
export function requestVerb(method: string, r: ResourceRequest, q: URLSearchParams): string {
  const collection = r.name === undefined;
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (r.watchPath || (q.get('watch') === 'true' || q.get('watch') === '1')) return 'watch';
      return collection ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return collection ? 'deletecollection' : 'delete';
    default:
      return method.toLowerCase();
  }
}
