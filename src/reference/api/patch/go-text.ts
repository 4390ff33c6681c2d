// How Go prints values, for error messages and encodings that kube-apiserver
// produces with fmt's %v and with encoding/json.

import { isJsonObject } from './json-value.ts';

/** fmt's %v of a value decoded from JSON into interface{}: `map[a:1 b:[x y]]`. */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value).sort().map((k) => `${k}:${goFormat(value[k])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

/** fmt's %q of a string. */
export function goQuote(value: string): string {
  return JSON.stringify(value);
}

/**
 * encoding/json's Marshal of a value decoded into interface{}: object keys
 * sorted, and <, >, &, U+2028 and U+2029 escaped as Go does by default.
 */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isJsonObject(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}

/** The Go type encoding/json or the unstructured converter gives a JSON value (reflect.TypeOf's name). */
export function goTypeName(value: unknown): string {
  if (Array.isArray(value)) return '[]interface {}';
  if (value === null || value === undefined) return '<nil>';
  switch (typeof value) {
    case 'string': return 'string';
    case 'number': return Number.isInteger(value) ? 'int64' : 'float64';
    case 'boolean': return 'bool';
    default: return 'map[string]interface {}';
  }
}
