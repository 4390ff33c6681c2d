// The discovery documents (/api, /apis, /api/v1, /apis/GROUP/VERSION), built
// from the resource table.
import { resourceTypes, type ResourceType, type Subresource } from './resources.ts';

export const subresourceVerbs: Record<Subresource, string[]> = {
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  binding: ['create'],
  log: ['get'],
  eviction: ['create'],
  finalize: ['update'],
  approval: ['get', 'patch', 'update'],
  token: ['create'],
  exec: ['create', 'get'],
  attach: ['create', 'get'],
  portforward: ['create', 'get'],
  proxy: ['create', 'delete', 'get', 'patch', 'update'],
};

export function subresourceKind(t: ResourceType, sub: Subresource): { group?: string; version?: string; kind: string } {
  switch (sub) {
    case 'scale':
      return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
    case 'binding':
      return { kind: 'Binding' };
    case 'log':
      return { kind: 'Pod' };
    case 'eviction':
      return { group: 'policy', version: 'v1', kind: 'Eviction' };
    case 'token':
      return { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' };
    case 'status':
    case 'finalize':
    case 'approval':
      return { kind: t.kind };
    case 'exec':
      return { kind: 'PodExecOptions' };
    case 'attach':
      return { kind: 'PodAttachOptions' };
    case 'portforward':
      return { kind: 'PodPortForwardOptions' };
    case 'proxy':
      return { kind: `${t.kind}ProxyOptions` };
  }
}

/** The group versions of some types, in the order they first appear (the built-in table, then a catalog's custom types). */
function groupVersionsOf(types: readonly ResourceType[]): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of types) if (!seen.has(`${t.group}/${t.version}`)) seen.set(`${t.group}/${t.version}`, { group: t.group, version: t.version });
  return [...seen.values()];
}

function gvString(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(types: readonly ResourceType[] = resourceTypes): Record<string, unknown> {
  const groups = new Map<string, string[]>();
  for (const gv of groupVersionsOf(types)) {
    if (gv.group === '') continue;
    const versions = groups.get(gv.group) ?? [];
    versions.push(gv.version);
    groups.set(gv.group, versions);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => apiGroup(name, versions)),
  };
}

function apiGroup(name: string, versions: string[]): Record<string, unknown> {
  const list = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: list, preferredVersion: list[0] };
}

export function apiGroupDocument(group: string, types: readonly ResourceType[] = resourceTypes): Record<string, unknown> | undefined {
  const versions = groupVersionsOf(types).filter((gv) => gv.group === group).map((gv) => gv.version);
  if (group === '' || versions.length === 0) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) };
}

export function apiResourceList(group: string, version: string, served: readonly ResourceType[] = resourceTypes): Record<string, unknown> | undefined {
  const types = served.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const t of types) {
    resources.push({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
      ...(t.categories.length ? { categories: t.categories } : {}),
    });
    for (const sub of t.subresources) {
      resources.push({
        name: `${t.plural}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        ...subresourceKind(t, sub),
        verbs: subresourceVerbs[sub],
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gvString(group, version), resources };
}
