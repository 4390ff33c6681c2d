// A custom resource checked against its version's openAPIV3Schema, as
// kube-openapi's schema validator does and apiextensions-apiserver turns its
// results into field errors: paths like spec.items[0].name, messages like
// "spec.replicas in body should be less than or equal to 10".
import { goJson } from '../validation/bad-value.ts';
import { child, index } from '../validation/field-path.ts';
import type { StatusCause } from '../status.ts';
import { duplicate, invalid, notSupported, required, tooLong, typeInvalid } from '../validation/status-cause.ts';
import type { JSONSchemaProps } from './crd-object.ts';
import { schemaPattern } from './schema-pattern.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON type go-openapi reports a value as. */
function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  return 'object';
}

function typeMatches(type: string, v: unknown): boolean {
  const actual = jsonType(v);
  return actual === type || (type === 'number' && actual === 'integer');
}

function at(path: string): string {
  return path === '' ? 'body' : path;
}

/** "spec.x in body", as go-openapi names a place. */
function place(path: string): string {
  return path === '' ? 'body' : `${path} in body`;
}

const formats: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  ipv4: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
  email: /^[^@\s]+@[^@\s]+$/,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
};

function typeError(path: string, type: string, value: unknown): StatusCause {
  const shown = value === null || value === undefined ? '' : value;
  return typeInvalid(at(path), shown, `${place(path)} must be of type ${type}: ${JSON.stringify(jsonType(value))}`);
}

/** field.TooMany, which the validation package here has no other use for. */
function tooMany(path: string, actual: number, max: number): StatusCause {
  return { reason: 'FieldValueTooMany', field: at(path), message: `Too many: ${actual}: must have at most ${max} items` };
}

function enumValue(v: unknown): string {
  return typeof v === 'string' ? v : goJson(v);
}

function sameValue(a: unknown, b: unknown): boolean {
  return goJson(a) === goJson(b);
}

/** The field errors of `value` at `path` against `schema`; empty when it is valid. */
export function validateAgainstSchema(schema: JSONSchemaProps, value: unknown, path = ''): StatusCause[] {
  const out: StatusCause[] = [];
  if (value === null) {
    if (!schema.nullable && schema.type && !schema['x-kubernetes-preserve-unknown-fields']) out.push(typeError(path, schema.type, value));
    return out;
  }
  if (schema['x-kubernetes-int-or-string']) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) return [typeError(path, 'integer,string', value)];
  } else if (schema.type && !typeMatches(schema.type, value)) {
    return [typeError(path, schema.type, value)];
  }
  if (schema.enum && !schema.enum.some((e) => sameValue(e, value))) out.push(notSupported(at(path), value, schema.enum.map(enumValue)));
  if (typeof value === 'number') out.push(...numberErrors(schema, value, path));
  if (typeof value === 'string') out.push(...stringErrors(schema, value, path));
  if (Array.isArray(value)) out.push(...arrayErrors(schema, value, path));
  if (isObject(value)) out.push(...objectErrors(schema, value, path));
  out.push(...combinatorErrors(schema, value, path));
  return out;
}

function numberErrors(s: JSONSchemaProps, v: number, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
    out.push(invalid(at(path), v, `${place(path)} should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
  }
  if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
    out.push(invalid(at(path), v, `${place(path)} should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
  }
  if (s.multipleOf !== undefined && s.multipleOf !== 0 && !Number.isInteger(v / s.multipleOf)) {
    out.push(invalid(at(path), v, `${place(path)} should be a multiple of ${s.multipleOf}`));
  }
  return out;
}

function stringErrors(s: JSONSchemaProps, v: string, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const length = [...v].length;
  if (s.maxLength !== undefined && length > s.maxLength) out.push(tooLong(at(path), s.maxLength));
  if (s.minLength !== undefined && length < s.minLength) out.push(invalid(at(path), v, `${place(path)} should be at least ${s.minLength} chars long`));
  // A pattern that does not compile was refused with its CRD.
  const pattern = s.pattern === undefined ? undefined : schemaPattern(s.pattern);
  if (pattern instanceof RegExp && !pattern.test(v)) out.push(invalid(at(path), v, `${place(path)} should match '${s.pattern}'`));
  const format = s.format ? formats[s.format] : undefined;
  if (format && !format.test(v)) out.push(invalid(at(path), v, `${place(path)} must be of type ${s.format}: ${JSON.stringify(v)}`));
  return out;
}

function arrayErrors(s: JSONSchemaProps, v: unknown[], path: string): StatusCause[] {
  const out: StatusCause[] = [];
  if (s.maxItems !== undefined && v.length > s.maxItems) {
    out.push(tooMany(path, v.length, s.maxItems));
  }
  if (s.minItems !== undefined && v.length < s.minItems) out.push(invalid(at(path), v, `${place(path)} should have at least ${s.minItems} items`));
  if (s.uniqueItems && new Set(v.map(goJson)).size !== v.length) out.push(invalid(at(path), v, `${place(path)} shouldn't contain duplicates`));
  if (s.items) v.forEach((item, i) => out.push(...validateAgainstSchema(s.items!, item, index(path, i))));
  out.push(...listTypeErrors(s, v, path));
  return out;
}

/** Sets hold each value once, maps each key once (upstream's listtype validation, which server-side apply relies on). */
function listTypeErrors(s: JSONSchemaProps, v: unknown[], path: string): StatusCause[] {
  const listType = s['x-kubernetes-list-type'];
  if (listType !== 'set' && listType !== 'map') return [];
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  const seen = new Set<string>();
  const out: StatusCause[] = [];
  v.forEach((item, i) => {
    const identity = listType === 'set' ? item : isObject(item) ? Object.fromEntries(keys.filter((k) => k in item).map((k) => [k, item[k]])) : item;
    const id = goJson(identity);
    if (seen.has(id)) out.push(duplicate(index(path, i), identity));
    seen.add(id);
  });
  return out;
}

function objectErrors(s: JSONSchemaProps, v: Record<string, unknown>, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const count = Object.keys(v).length;
  if (s.maxProperties !== undefined && count > s.maxProperties) {
    out.push(tooMany(path, count, s.maxProperties));
  }
  if (s.minProperties !== undefined && count < s.minProperties) out.push(invalid(at(path), v, `${place(path)} should have at least ${s.minProperties} properties`));
  for (const name of s.required ?? []) if (!(name in v)) out.push(required(child(path, name)));
  // An embedded object says what it is (upstream's objectmeta validation of x-kubernetes-embedded-resource).
  if (s['x-kubernetes-embedded-resource']) {
    for (const field of ['apiVersion', 'kind']) if (typeof v[field] !== 'string' || v[field] === '') out.push(required(child(path, field), 'must not be empty'));
  }
  for (const [key, item] of Object.entries(v)) {
    // Metadata is ObjectMeta's business (checked as every object's is), not the schema's.
    if (path === '' && (key === 'metadata' || key === 'apiVersion' || key === 'kind')) continue;
    const property = s.properties?.[key];
    if (property) out.push(...validateAgainstSchema(property, item, child(path, key)));
    else if (typeof s.additionalProperties === 'object') out.push(...validateAgainstSchema(s.additionalProperties, item, child(path, key)));
  }
  return out;
}

function combinatorErrors(s: JSONSchemaProps, v: unknown, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  for (const sub of s.allOf ?? []) out.push(...validateAgainstSchema(sub, v, path));
  if (s.anyOf && !s.anyOf.some((sub) => validateAgainstSchema(sub, v, path).length === 0)) {
    out.push(invalid(at(path), v, `${place(path)} must validate at least one schema (anyOf)`));
  }
  if (s.oneOf && s.oneOf.filter((sub) => validateAgainstSchema(sub, v, path).length === 0).length !== 1) {
    out.push(invalid(at(path), v, `${place(path)} must validate one and only one schema (oneOf)`));
  }
  if (s.not && validateAgainstSchema(s.not, v, path).length === 0) out.push(invalid(at(path), v, `${place(path)} must not validate the schema (not)`));
  return out;
}
