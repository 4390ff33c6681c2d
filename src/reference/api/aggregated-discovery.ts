// Aggregated discovery (apidiscovery.k8s.io/v2): every group, version and
// resource in one APIGroupDiscoveryList, which kubectl and client-go ask /api
// and /apis for first (Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList)
// instead of walking each group version's APIResourceList.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { subresourceKind, subresourceVerbs } from './discovery.ts';
import type { ResourceType } from './resources.ts';

export const aggregatedDiscoveryMediaType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether the client accepts the v2 APIGroupDiscoveryList in JSON. */
export function wantsAggregatedDiscovery(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.split(',').some((part) => {
    const [type, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (type !== 'application/json') return false;
    const p = new Map(params.map((kv) => kv.split('=') as [string, string]));
    return p.get('g') === 'apidiscovery.k8s.io' && p.get('v') === 'v2' && p.get('as') === 'apigroupdiscoverylist';
  });
}

function resourceEntry(t: ResourceType): Record<string, unknown> {
  return {
    resource: t.plural,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
    ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
    ...(t.categories.length ? { categories: t.categories } : {}),
    ...(t.subresources.length
      ? {
          subresources: t.subresources.map((sub) => {
            const kind = subresourceKind(t, sub);
            return {
              subresource: sub,
              responseKind: { group: kind.group ?? t.group, version: kind.version ?? t.version, kind: kind.kind },
              verbs: subresourceVerbs[sub],
            };
          }),
        }
      : {}),
  };
}

/** The list for /api (core: true, the legacy group) or /apis (every named group), groups and versions in discovery order. */
export function apiGroupDiscoveryList(types: readonly ResourceType[], core: boolean): Record<string, unknown> {
  const groups = new Map<string, Map<string, ResourceType[]>>();
  for (const t of types) {
    if ((t.group === '') !== core) continue;
    const versions = groups.get(t.group) ?? new Map<string, ResourceType[]>();
    versions.set(t.version, [...(versions.get(t.version) ?? []), t]);
    groups.set(t.group, versions);
  }
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: [...groups].map(([group, versions]) => ({
      metadata: group === '' ? {} : { name: group },
      versions: [...versions].map(([version, list]) => ({
        version,
        resources: [...list].sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0)).map(resourceEntry),
        freshness: 'Current',
      })),
    })),
  };
}

export function sendAggregatedDiscovery(res: ServerResponse, list: Record<string, unknown>): void {
  const text = JSON.stringify(list);
  res.writeHead(200, { 'Content-Type': aggregatedDiscoveryMediaType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private', Vary: 'Accept' });
  res.end(text);
}
