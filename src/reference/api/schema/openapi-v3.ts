// The OpenAPI 3.0 documents of GET /openapi/v3/<group version>, one per served
// group version, and the index at GET /openapi/v3 that points clients to them
// with a content hash (kubectl caches each document under its hash).

import { createHash } from 'node:crypto';
import { resourceTypes, type ResourceType } from '../resources.ts';
import { kubernetesVersion } from '../version.ts';
import { definitions, generatedSchema, refName, withReferences, type Schema } from './definitions.ts';
import {
  apiResourceListDefinition,
  groupVersionDiscoveryPath,
  groupVersionPath,
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

export const componentsPrefix = '#/components/schemas/';

export interface OpenApiV3Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

const ref = (name: string) => ({ $ref: `${componentsPrefix}${name}` });
const content = (types: string[], schema: unknown) => Object.fromEntries(types.map((t) => [t, { schema }]));
const successDescriptions = { '200': 'OK', '201': 'Created', '202': 'Accepted' };

/**
 * A definition as an OpenAPI 3 component: references point into
 * components.schemas, and a reference with siblings (a field's description
 * and merge directives) moves into allOf, where OpenAPI 3 keeps them apart.
 */
export function componentSchema(schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref') out.$ref = `${componentsPrefix}${refName(value as string)}`;
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, componentSchema(v)]));
    else if (key === 'items' || key === 'additionalProperties') out[key] = componentSchema(value as Schema);
    else out[key] = value;
  }
  if (out.$ref === undefined || Object.keys(out).length === 1) return out;
  const { $ref, ...siblings } = out;
  return { allOf: [{ $ref }], ...siblings };
}

function operationV3(o: RestOperation, tag: string): Record<string, unknown> {
  const parameters = generatedSchema().operationParameters[o.parameters].map((p) => ({
    name: p.name,
    in: 'query',
    ...(p.description ? { description: p.description } : {}),
    schema: { type: p.type, uniqueItems: true },
  }));
  const responseSchema = o.response ? ref(o.response) : { type: 'string' };
  const responseTypes = responseContentTypes(o);
  const responses: Record<string, unknown> = {};
  for (const code of ['200', ...o.alsoSucceedsWith] as const) {
    responses[code] = { description: successDescriptions[code], content: content(responseTypes, responseSchema) };
  }
  responses['401'] = { description: 'Unauthorized' };
  const operation: Record<string, unknown> = { tags: [tag], description: o.description, operationId: o.operationId, parameters };
  if (o.requestBody) {
    operation.requestBody = {
      content: content(o.method === 'patch' ? patchContentTypesOf(o) : ['*/*'], ref(o.requestBody)),
      required: o.method !== 'delete',
    };
  }
  operation.responses = responses;
  operation['x-kubernetes-action'] = o.action;
  operation['x-kubernetes-group-version-kind'] = o.gvk;
  return operation;
}

function pathItemV3(p: RestPath): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const o of p.operations) item[o.method] = operationV3(o, p.tag);
  item.parameters = p.pathParameters.map((pp) => ({
    name: pp.name,
    in: 'path',
    description: pp.description,
    required: true,
    schema: { type: 'string', uniqueItems: true },
  }));
  return item;
}

function groupVersionDocument(group: string, version: string, resources: readonly ResourceType[]): Record<string, unknown> {
  const discovery = groupVersionDiscoveryPath(group, version);
  const paths: Record<string, unknown> = {
    [discovery.path]: {
      get: {
        tags: [discovery.tag],
        description: 'get available resources',
        operationId: discovery.operationId,
        responses: {
          '200': { description: 'OK', content: content(objectContentTypes, ref(apiResourceListDefinition)) },
          '401': { description: 'Unauthorized' },
        },
      },
    },
  };
  const restPaths = resources.filter((t) => t.group === group && t.version === version).flatMap(resourcePaths);
  for (const p of restPaths) paths[p.path] = pathItemV3(p);
  const defs = { ...definitions(), ...customDefinitions(resources, false) };
  const names = withReferences(namedDefinitions(restPaths), defs);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: kubernetesVersion },
    paths,
    components: {
      schemas: Object.fromEntries(names.map((n) => [n, componentSchema(defs[n]!)])),
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
    security: [{ BearerToken: [] }],
  };
}

interface Published {
  document: Record<string, unknown>;
  hash: string;
}

const cache = new WeakMap<readonly ResourceType[], Map<string, Published>>();

/** The documents by group version path without the leading slash (api/v1, apis/apps/v1). */
function published(resources: readonly ResourceType[]): Map<string, Published> {
  let documents = cache.get(resources);
  if (!documents) {
    documents = new Map();
    for (const { group, version } of servedGroupVersions(resources)) {
      const document = groupVersionDocument(group, version, resources);
      const hash = createHash('sha512').update(JSON.stringify(document)).digest('hex').toUpperCase();
      documents.set(groupVersionPath(group, version).slice(1), { document, hash });
    }
    cache.set(resources, documents);
  }
  return documents;
}

export function openapiV3Index(resources: readonly ResourceType[] = resourceTypes): OpenApiV3Index {
  const paths: OpenApiV3Index['paths'] = {};
  for (const [path, { hash }] of published(resources)) paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  return { paths };
}

/**
 * The document of one group version, by its path as in the index (api/v1,
 * apis/apps/v1; a leading slash is allowed), or undefined when the group
 * version is not served. Every call returns the same object: do not change it.
 */
export function openapiV3(groupVersionPath: string, resources: readonly ResourceType[] = resourceTypes): Record<string, unknown> | undefined {
  return published(resources).get(groupVersionPath.replace(/^\/+/, ''))?.document;
}
