// Structural defaulting: a field the schema gives a default is set to it when
// absent (or null where null is not allowed), at every depth, as
// apiextensions-apiserver's pkg/apiserver/schema/defaulting does.
import type { JSONSchemaProps } from './crd-object.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function applySchemaDefaults(schema: JSONSchemaProps | undefined, value: unknown): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) applySchemaDefaults(schema.items, item);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const current = value[key];
    if (property.default !== undefined && (current === undefined || (current === null && !property.nullable))) {
      value[key] = structuredClone(property.default);
    }
  }
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const [key, child] of Object.entries(value)) {
    const property = schema.properties?.[key] ?? additional;
    if (property) applySchemaDefaults(property, child);
  }
}
