// Structural pruning: the fields a custom resource's schema does not specify
// are dropped before the object is stored, as apiextensions-apiserver's
// pkg/apiserver/schema/pruning does; x-kubernetes-preserve-unknown-fields
// keeps them, and an x-kubernetes-embedded-resource keeps its apiVersion,
// kind and metadata. What was dropped is reported as unknown fields.
import type { UnknownField } from '../unknown-fields.ts';
import type { JSONSchemaProps } from './crd-object.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const typeMetaFields = new Set(['apiVersion', 'kind', 'metadata']);

/** An element of a list in structured-merge-diff's path syntax: [name="x"] for list maps, [i] otherwise. */
function typedIndex(schema: JSONSchemaProps, element: unknown, i: number): string {
  const keys = schema['x-kubernetes-list-type'] === 'map' ? schema['x-kubernetes-list-map-keys'] ?? [] : [];
  if (!isObject(element) || keys.length === 0 || keys.some((k) => element[k] === undefined)) return `[${i}]`;
  return `[${keys.map((k) => `${k}=${JSON.stringify(element[k])}`).join(',')}]`;
}

function walk(schema: JSONSchemaProps, value: unknown, path: string, typedPath: string, keepTypeMeta: boolean, prune: boolean, out: UnknownField[]): void {
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, i) => walk(schema.items!, item, `${path}[${i}]`, `${typedPath}${typedIndex(schema, item, i)}`, false, prune, out));
    return;
  }
  if (!isObject(value)) return;
  const embedded = keepTypeMeta || schema['x-kubernetes-embedded-resource'] === true;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const childTyped = `${typedPath}.${key}`;
    if (embedded && typeMetaFields.has(key)) continue;
    const property = schema.properties?.[key] ?? additional;
    if (property) walk(property, child, childPath, childTyped, false, prune, out);
    else if (!preserve && schema.additionalProperties !== true) {
      out.push({ path: childPath, typedPath: childTyped });
      if (prune) delete value[key];
    }
  }
}

/** The fields of a custom resource its schema does not specify; with prune, they are removed from it. */
export function prunedFields(schema: JSONSchemaProps | undefined, obj: unknown, prune: boolean): UnknownField[] {
  const out: UnknownField[] = [];
  if (schema) walk(schema, obj, '', '', true, prune, out);
  return out;
}
