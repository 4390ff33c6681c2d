// The OpenAPI v2 definitions of the built-in types, as generated into
// definitions.json by generate.ts, and the query parameters of the REST
// operations. Loaded once, on first use.

import { readFileSync } from 'node:fs';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** An OpenAPI v2 schema, limited to what the Kubernetes definitions use. */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  $ref?: string;
  items?: Schema;
  additionalProperties?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-patch-strategy'?: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

/** An OpenAPI v2 query parameter. */
export interface QueryParameter {
  name: string;
  in: 'query';
  description?: string;
  type: 'string' | 'integer' | 'boolean';
  uniqueItems: true;
}

/** The operations whose query parameters the generator records, named by Kubernetes' x-kubernetes-action (and the subresource). */
export type OperationName = 'list' | 'post' | 'get' | 'put' | 'patch' | 'delete' | 'deletecollection' | 'log' | 'binding' | 'eviction' | 'exec' | 'attach' | 'portforward' | 'proxy';

export interface GeneratedSchema {
  definitions: Record<string, Schema>;
  /** The query parameters of each operation, sorted by name. */
  operationParameters: Record<OperationName, QueryParameter[]>;
}

export const definitionsFile = new URL('definitions.json', import.meta.url);

export const refPrefix = '#/definitions/';

let loaded: GeneratedSchema | undefined;

export function generatedSchema(): GeneratedSchema {
  loaded ??= JSON.parse(readFileSync(definitionsFile, 'utf8')) as GeneratedSchema;
  return loaded;
}

/** Every definition, by name. */
export function definitions(): Record<string, Schema> {
  return generatedSchema().definitions;
}

/** The definition name a `$ref` points to. */
export function refName(ref: string): string {
  return ref.startsWith(refPrefix) ? ref.slice(refPrefix.length) : ref;
}

/** The named definitions and every definition they reference, transitively, sorted by name. */
export function withReferences(names: Iterable<string>, defs: Record<string, Schema> = definitions()): string[] {
  const seen = new Set<string>();
  const visit = (schema: unknown): void => {
    if (Array.isArray(schema)) return schema.forEach(visit);
    if (typeof schema !== 'object' || schema === null) return;
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') add(refName(value));
      else visit(value);
    }
  };
  const add = (name: string): void => {
    if (seen.has(name)) return;
    const schema = defs[name];
    if (!schema) throw new Error(`no definition ${name}`);
    seen.add(name);
    visit(schema);
  };
  for (const name of names) add(name);
  return [...seen].sort();
}
