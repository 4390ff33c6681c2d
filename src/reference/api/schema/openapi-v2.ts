// The swagger 2.0 document of GET /openapi/v2: every operation on the served
// resources, and the definitions they use.

import { resourceTypes, type ResourceType } from '../resources.ts';
import { kubernetesVersion } from '../version.ts';
import { definitions, generatedSchema, refPrefix, withReferences, type Schema } from './definitions.ts';
import {
  apiResourceListDefinition,
  groupVersionDiscoveryPath,
  namedDefinitions,
  objectContentTypes,
  patchContentTypesOf,
  resourcePaths,
  responseContentTypes,
  servedGroupVersions,
  type RestOperation,
  type RestPath,
} from './rest-operations.ts';
import { customDefinitions } from '../crd/crd-openapi.ts';

const ref = (name: string): Schema => ({ $ref: `${refPrefix}${name}` });
const successDescriptions = { '200': 'OK', '201': 'Created', '202': 'Accepted' };

function operationV2(o: RestOperation, tag: string): Record<string, unknown> {
  const parameters: unknown[] = [];
  if (o.requestBody) parameters.push({ name: 'body', in: 'body', required: o.method !== 'delete', schema: ref(o.requestBody) });
  parameters.push(...generatedSchema().operationParameters[o.parameters]);
  const responseSchema = o.response ? ref(o.response) : { type: 'string' };
  const responses: Record<string, unknown> = {};
  for (const code of ['200', ...o.alsoSucceedsWith] as const) responses[code] = { description: successDescriptions[code], schema: responseSchema };
  responses['401'] = { description: 'Unauthorized' };
  return {
    description: o.description,
    consumes: o.action === 'patch' ? patchContentTypesOf(o) : ['*/*'],
    produces: responseContentTypes(o),
    schemes: ['https'],
    tags: [tag],
    operationId: o.operationId,
    parameters,
    responses,
    'x-kubernetes-action': o.action,
    'x-kubernetes-group-version-kind': o.gvk,
  };
}

function pathItemV2(p: RestPath): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const o of p.operations) item[o.method] = operationV2(o, p.tag);
  item.parameters = p.pathParameters.map((pp) => ({ name: pp.name, in: 'path', required: true, description: pp.description, type: 'string', uniqueItems: true }));
  return item;
}

const cache = new WeakMap<readonly ResourceType[], Record<string, unknown>>();

export function openapiV2(resources: readonly ResourceType[] = resourceTypes): Record<string, unknown> {
  const cached = cache.get(resources);
  if (cached) return cached;
  const paths: Record<string, unknown> = {};
  const restPaths: RestPath[] = [];
  for (const { group, version } of servedGroupVersions(resources)) {
    const discovery = groupVersionDiscoveryPath(group, version);
    paths[discovery.path] = {
      get: {
        description: 'get available resources',
        consumes: objectContentTypes,
        produces: objectContentTypes,
        schemes: ['https'],
        tags: [discovery.tag],
        operationId: discovery.operationId,
        responses: { '200': { description: 'OK', schema: ref(apiResourceListDefinition) }, '401': { description: 'Unauthorized' } },
      },
    };
    for (const t of resources.filter((r) => r.group === group && r.version === version)) {
      for (const p of resourcePaths(t)) {
        restPaths.push(p);
        paths[p.path] = pathItemV2(p);
      }
    }
  }
  const defs = { ...definitions(), ...customDefinitions(resources, true) };
  const document = {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: kubernetesVersion },
    paths,
    definitions: Object.fromEntries(withReferences(namedDefinitions(restPaths), defs).map((n) => [n, defs[n]])),
    securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', type: 'apiKey', name: 'authorization', in: 'header' } },
    security: [{ BearerToken: [] }],
  };
  cache.set(resources, document);
  return document;
}
