// The REST operations the reference server offers for a resource type, in a
// form both OpenAPI renderers (v2 and v3) share: paths, HTTP methods,
// Kubernetes' operation ids and x-kubernetes-action, the kind each operation
// is about, and the definitions of request and response bodies.

import { apiVersionOf, type ConnectSubresource, type ResourceType, type Subresource } from '../resources.ts';
import { subresourceKind } from '../discovery.ts';
import type { GroupVersionKind, OperationName } from './definitions.ts';
import { builtinTypeInfo } from './type-info.ts';
import { customDefinitionOf } from '../crd/crd-openapi.ts';
import { customResourceOf } from '../crd/custom-resource-type.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

export interface RestOperation {
  method: HttpMethod;
  operationId: string;
  description: string;
  /** x-kubernetes-action. */
  action: 'list' | 'post' | 'get' | 'put' | 'patch' | 'delete' | 'deletecollection' | 'connect';
  /** Which recorded set of query parameters the operation takes. */
  parameters: OperationName;
  gvk: GroupVersionKind;
  /** The definition of the request body; a PATCH body is meta/v1 Patch in one of the patch content types. */
  requestBody?: string;
  /** The definition of a successful response; absent for plain text (pods/log) and connected streams. */
  response?: string;
  /** The success status codes besides 200. */
  alsoSucceedsWith: ('201' | '202')[];
  /** A PATCH's content types when not every patch kind is taken (custom resources take no strategic merge patch). */
  patchTypes?: string[];
}

export interface RestPath {
  path: string;
  pathParameters: { name: 'name' | 'namespace' | 'path'; description: string }[];
  /** The OpenAPI tag, e.g. core_v1 or apps_v1. */
  tag: string;
  operations: RestOperation[];
}

const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
export const statusDefinition = `${meta}Status`;
export const deleteOptionsDefinition = `${meta}DeleteOptions`;
export const patchDefinition = `${meta}Patch`;
export const apiResourceListDefinition = `${meta}APIResourceList`;

/** The content types of a PATCH body, one per patch kind. */
export const patchContentTypes = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

/** Custom resources have no Go types to carry strategic merge patch directives. */
const customResourcePatchContentTypes = patchContentTypes.filter((type) => type !== 'application/strategic-merge-patch+json');

/** The media types objects are served in. */
export const objectContentTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

const watchContentTypes = ['application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];

/** The media types of an operation's successful response: lists can be watched, logs are text, connected streams anything. */
export function responseContentTypes(o: RestOperation): string[] {
  if (o.action === 'connect') return ['*/*'];
  if (!o.response) return ['text/plain'];
  return o.action === 'list' ? [...objectContentTypes, ...watchContentTypes] : objectContentTypes;
}

/** The definitions some paths name: their bodies, and what every group version serves besides (watch events, resource lists). */
export function namedDefinitions(paths: RestPath[]): string[] {
  const bodies = paths.flatMap((p) => p.operations.flatMap((o) => [o.requestBody, o.response].filter((d): d is string => d !== undefined)));
  return [...bodies, `${meta}WatchEvent`, apiResourceListDefinition];
}

const subresourceKinds = {
  scale: { definition: 'io.k8s.api.autoscaling.v1.Scale', gvk: { group: 'autoscaling', kind: 'Scale', version: 'v1' } },
  binding: { definition: 'io.k8s.api.core.v1.Binding', gvk: { group: '', kind: 'Binding', version: 'v1' } },
  eviction: { definition: 'io.k8s.api.policy.v1.Eviction', gvk: { group: 'policy', kind: 'Eviction', version: 'v1' } },
  token: { definition: 'io.k8s.api.authentication.v1.TokenRequest', gvk: { group: 'authentication.k8s.io', kind: 'TokenRequest', version: 'v1' } },
};

/** The verb an operation's action needs served. */
const actionVerbs: Record<string, string> = { list: 'list', post: 'create', deletecollection: 'deletecollection', get: 'get', put: 'update', patch: 'patch', delete: 'delete' };

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** CoreV1, AppsV1, RbacAuthorizationV1: how Kubernetes names a group version in operation ids. */
function groupVersionStem(group: string, version: string): string {
  const words = group === '' ? ['core'] : group.replace(/\.k8s\.io$/, '').split('.');
  return words.map(capitalize).join('') + capitalize(version);
}

/** The URL path of a group version: /api/v1 or /apis/apps/v1. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** The OpenAPI tag of a group version: core_v1, apps_v1, rbacAuthorization_v1. */
export function groupVersionTag(group: string, version: string): string {
  const stem = groupVersionStem(group, version);
  const v = capitalize(version);
  const groupPart = stem.slice(0, -v.length);
  return `${groupPart.charAt(0).toLowerCase()}${groupPart.slice(1)}_${version}`;
}

function definitionOf(t: ResourceType, kind: string): string {
  const name = customDefinitionOf(t, kind) ?? builtinTypeInfo().rootType(apiVersionOf(t), kind);
  if (!name) throw new Error(`no OpenAPI definition for ${apiVersionOf(t)} ${kind}`);
  return name;
}

/** What every path of a resource type is built from. */
interface Resource {
  type: ResourceType;
  gvk: GroupVersionKind;
  /** The definition of the kind. */
  object: string;
  /** The collection path: /api/v1/namespaces/{namespace}/pods. */
  collection: string;
  /** The path parameters of the collection: namespace, or none. */
  scopeParameters: RestPath['pathParameters'];
  tag: string;
  /** An operation id: id('read', 'Status') is readCoreV1NamespacedPodStatus for pods; id('list', 'ForAllNamespaces', false) is listCoreV1PodForAllNamespaces. */
  id: (verb: string, suffix?: string, namespaced?: boolean) => string;
}

type OperationFields = Omit<RestOperation, 'gvk' | 'alsoSucceedsWith'> & Partial<Pick<RestOperation, 'gvk' | 'alsoSucceedsWith'>>;

function operation(r: Resource, o: OperationFields): RestOperation {
  const customPatch = o.method === 'patch' && customResourceOf(r.type) !== undefined;
  return { gvk: r.gvk, alsoSucceedsWith: [], ...(customPatch ? { patchTypes: customResourcePatchContentTypes } : {}), ...o };
}

/** The content types a PATCH of this operation takes. */
export function patchContentTypesOf(o: RestOperation): string[] {
  return o.patchTypes ?? patchContentTypes;
}

const nameParameter = (kind: string): RestPath['pathParameters'][number] => ({ name: 'name', description: `name of the ${kind}` });

/** The paths of one resource type: the collection, the object, listing across namespaces, then the subresources. */
export function resourcePaths(t: ResourceType): RestPath[] {
  const stem = groupVersionStem(t.group, t.version);
  const base = groupVersionPath(t.group, t.version);
  const r: Resource = {
    type: t,
    gvk: { group: t.group, kind: t.kind, version: t.version },
    object: definitionOf(t, t.kind),
    collection: t.namespaced ? `${base}/namespaces/{namespace}/${t.plural}` : `${base}/${t.plural}`,
    scopeParameters: t.namespaced ? [{ name: 'namespace', description: 'object name and auth scope, such as for teams and projects' }] : [],
    tag: groupVersionTag(t.group, t.version),
    id: (verb, suffix = '', namespaced = t.namespaced) => `${verb}${stem}${namespaced ? 'Namespaced' : ''}${t.kind}${suffix}`,
  };
  const list = t.verbs.includes('list') ? definitionOf(t, `${t.kind}List`) : undefined;
  const paths: RestPath[] = [
    {
      path: r.collection,
      pathParameters: r.scopeParameters,
      tag: r.tag,
      operations: [
        operation(r, { method: 'get', operationId: r.id('list'), description: `list or watch objects of kind ${t.kind}`, action: 'list', parameters: 'list', response: list }),
        operation(r, { method: 'post', operationId: r.id('create'), description: `create a ${t.kind}`, action: 'post', parameters: 'post', requestBody: r.object, response: r.object, alsoSucceedsWith: ['201', '202'] }),
        operation(r, { method: 'delete', operationId: `delete${stem}Collection${t.namespaced ? 'Namespaced' : ''}${t.kind}`, description: `delete collection of ${t.kind}`, action: 'deletecollection', parameters: 'deletecollection', requestBody: deleteOptionsDefinition, response: statusDefinition }),
      ],
    },
    {
      path: `${r.collection}/{name}`,
      pathParameters: [nameParameter(t.kind), ...r.scopeParameters],
      tag: r.tag,
      operations: [
        operation(r, { method: 'get', operationId: r.id('read'), description: `read the specified ${t.kind}`, action: 'get', parameters: 'get', response: r.object }),
        operation(r, { method: 'put', operationId: r.id('replace'), description: `replace the specified ${t.kind}`, action: 'put', parameters: 'put', requestBody: r.object, response: r.object, alsoSucceedsWith: ['201'] }),
        operation(r, { method: 'patch', operationId: r.id('patch'), description: `partially update the specified ${t.kind}`, action: 'patch', parameters: 'patch', requestBody: patchDefinition, response: r.object, alsoSucceedsWith: ['201'] }),
        operation(r, { method: 'delete', operationId: r.id('delete'), description: `delete a ${t.kind}`, action: 'delete', parameters: 'delete', requestBody: deleteOptionsDefinition, response: statusDefinition, alsoSucceedsWith: ['202'] }),
      ],
    },
  ];
  if (t.namespaced) {
    paths.push({
      path: `${base}/${t.plural}`,
      pathParameters: [],
      tag: r.tag,
      operations: [
        operation(r, { method: 'get', operationId: r.id('list', 'ForAllNamespaces', false), description: `list or watch objects of kind ${t.kind}`, action: 'list', parameters: 'list', response: list }),
      ],
    });
  }
  for (const path of paths) path.operations = path.operations.filter((o) => t.verbs.includes(actionVerbs[o.action] ?? o.action));
  for (const sub of t.subresources) paths.push(subresourcePath(r, sub));
  if (t.subresources.includes('proxy')) paths.push(proxyWithPathPath(r));
  return paths.filter((p) => p.operations.length > 0);
}

/** Every method kube-apiserver proxies to a node. */
const proxyMethods: HttpMethod[] = ['delete', 'get', 'head', 'options', 'patch', 'post', 'put'];

/** The gvk connect operations name: the options kind of the subresource, such as PodExecOptions. */
function connectGvk(r: Resource, sub: ConnectSubresource): GroupVersionKind {
  return { group: r.type.group, kind: subresourceKind(r.type, sub).kind, version: r.type.version };
}

/** connectCoreV1GetNamespacedPodExec: connect operations name their HTTP method. */
function connectOperations(r: Resource, sub: ConnectSubresource, methods: HttpMethod[], suffix: string): RestOperation[] {
  const t = r.type;
  return methods.map((method) =>
    operation(r, {
      method,
      operationId: `connect${groupVersionStem(t.group, t.version)}${capitalize(method)}${t.namespaced ? 'Namespaced' : ''}${t.kind}${suffix}`,
      description: `connect ${method.toUpperCase()} requests to ${sub} of ${t.kind}`,
      action: 'connect',
      parameters: sub,
      gvk: connectGvk(r, sub),
    }),
  );
}

/** nodes/{name}/proxy/{path}: the proxy with the path on the node in the URL. */
function proxyWithPathPath(r: Resource): RestPath {
  return {
    path: `${r.collection}/{name}/proxy/{path}`,
    pathParameters: [nameParameter(connectGvk(r, 'proxy').kind), ...r.scopeParameters, { name: 'path', description: 'path to the resource' }],
    tag: r.tag,
    operations: connectOperations(r, 'proxy', proxyMethods, 'ProxyWithPath'),
  };
}

function subresourcePath(r: Resource, sub: Subresource): RestPath {
  const kind = r.type.kind;
  const connect = sub === 'exec' || sub === 'attach' || sub === 'portforward' || sub === 'proxy';
  const target = sub === 'scale' || sub === 'binding' || sub === 'eviction' || sub === 'token' ? subresourceKinds[sub] : { definition: r.object, gvk: connect ? connectGvk(r, sub) : r.gvk };
  const path = { path: `${r.collection}/{name}/${sub}`, pathParameters: [nameParameter(target.gvk.kind), ...r.scopeParameters], tag: r.tag };
  const suffix = capitalize(sub);
  const of = `${sub} of the specified ${kind}`;
  const about = { response: target.definition, gvk: target.gvk };
  const replace = operation(r, { method: 'put', operationId: r.id('replace', suffix), description: `replace ${of}`, action: 'put', parameters: 'put', requestBody: target.definition, ...about, alsoSucceedsWith: ['201'] });
  switch (sub) {
    case 'status':
    case 'scale':
    case 'approval':
      return {
        ...path,
        operations: [
          operation(r, { method: 'get', operationId: r.id('read', suffix), description: `read ${of}`, action: 'get', parameters: 'get', ...about }),
          replace,
          operation(r, { method: 'patch', operationId: r.id('patch', suffix), description: `partially update ${of}`, action: 'patch', parameters: 'patch', requestBody: patchDefinition, ...about, alsoSucceedsWith: ['201'] }),
        ],
      };
    case 'finalize':
      return { ...path, operations: [replace] };
    case 'binding':
    case 'eviction':
    case 'token':
      return {
        ...path,
        operations: [
          operation(r, { method: 'post', operationId: r.id('create', suffix), description: `create ${sub} of a ${kind}`, action: 'post', parameters: sub === 'token' ? 'post' : sub, requestBody: target.definition, ...about, alsoSucceedsWith: ['201', '202'] }),
        ],
      };
    case 'log':
      return { ...path, operations: [operation(r, { method: 'get', operationId: r.id('read', suffix), description: `read ${of}`, action: 'get', parameters: 'log' })] };
    case 'exec':
    case 'attach':
    case 'portforward':
      return { ...path, operations: connectOperations(r, sub, ['get', 'post'], suffix) };
    case 'proxy':
      return { ...path, operations: connectOperations(r, sub, proxyMethods, suffix) };
  }
}

/** GET on a group version's path, which returns its APIResourceList. */
export function groupVersionDiscoveryPath(group: string, version: string): { path: string; tag: string; operationId: string } {
  return {
    path: `${groupVersionPath(group, version)}/`,
    tag: groupVersionTag(group, version),
    operationId: `get${groupVersionStem(group, version)}APIResources`,
  };
}

/** The group versions of some resource types, in the order they first appear. */
export function servedGroupVersions(resources: readonly ResourceType[]): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of resources) if (!seen.has(`${t.group}/${t.version}`)) seen.set(`${t.group}/${t.version}`, { group: t.group, version: t.version });
  return [...seen.values()];
}
