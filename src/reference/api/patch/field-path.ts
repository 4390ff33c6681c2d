// Paths to fields, as structured-merge-diff names them: a struct field or map
// key (`f:`), a list item by its keys (`k:`), a set item by its value (`v:`),
// a list item by position (`i:`). Their FieldsV1 spelling, their order and
// their rendering in conflict messages follow sigs.k8s.io/structured-merge-diff.

import type { JsonValue } from '../object.ts';
import { goJson, goQuote } from './go-text.ts';
import { isJsonObject } from './json-value.ts';

export interface KeyField {
  name: string;
  value: JsonValue;
}

export type PathElement =
  | { field: string }
  /** Sorted by name. */
  | { key: KeyField[] }
  | { value: JsonValue }
  | { index: number };

export type FieldPath = readonly PathElement[];

function rank(value: JsonValue): number {
  if (typeof value === 'number') return 0;
  if (typeof value === 'string') return 1;
  if (typeof value === 'boolean') return 2;
  if (Array.isArray(value)) return 3;
  if (value !== null) return 4;
  return 5;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** structured-merge-diff's total order of values: numbers, strings, booleans, lists, maps, null. */
function compareValues(a: JsonValue, b: JsonValue): number {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return Math.sign(byRank);
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return compareSequences(a, b, compareValues);
  if (isJsonObject(a) && isJsonObject(b)) {
    const entries = (o: Record<string, JsonValue>) => Object.keys(o).sort().map((k): KeyField => ({ name: k, value: o[k] ?? null }));
    return compareSequences(entries(a), entries(b), compareKeyFields);
  }
  return 0;
}

function compareSequences<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compare(a[i] as T, b[i] as T);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

function compareKeyFields(a: KeyField, b: KeyField): number {
  return compareStrings(a.name, b.name) || compareValues(a.value, b.value);
}

function elementRank(pe: PathElement): number {
  if ('field' in pe) return 0;
  if ('key' in pe) return 1;
  if ('value' in pe) return 2;
  return 3;
}

export function comparePathElements(a: PathElement, b: PathElement): number {
  const byRank = elementRank(a) - elementRank(b);
  if (byRank !== 0) return Math.sign(byRank);
  if ('field' in a && 'field' in b) return compareStrings(a.field, b.field);
  if ('key' in a && 'key' in b) return compareSequences(a.key, b.key, compareKeyFields);
  if ('value' in a && 'value' in b) return compareValues(a.value, b.value);
  if ('index' in a && 'index' in b) return Math.sign(a.index - b.index);
  return 0;
}

/** The FieldsV1 key of an element: `f:replicas`, `k:{"name":"web"}`, `v:"example.com/f"`, `i:0`. */
export function pathElementKey(pe: PathElement): string {
  if ('field' in pe) return `f:${pe.field}`;
  if ('key' in pe) return `k:{${pe.key.map((k) => `${goJson(k.name)}:${goJson(k.value)}`).join(',')}}`;
  if ('value' in pe) return `v:${goJson(pe.value)}`;
  return `i:${pe.index}`;
}

/** Reads a FieldsV1 key back; throws on anything else. */
export function parsePathElementKey(key: string): PathElement {
  const kind = key.slice(0, 2);
  const rest = key.slice(2);
  switch (kind) {
    case 'f:':
      return { field: rest };
    case 'k:': {
      const fields: unknown = JSON.parse(rest);
      if (!isJsonObject(fields)) throw new Error(`invalid key path element: ${key}`);
      return { key: Object.keys(fields).sort().map((name) => ({ name, value: fields[name] ?? null })) };
    }
    case 'v:':
      return { value: JSON.parse(rest) as JsonValue };
    case 'i:':
      if (!/^\d+$/.test(rest)) throw new Error(`invalid index path element: ${key}`);
      return { index: Number(rest) };
    default:
      throw new Error(`unknown path element type: ${key}`);
  }
}

/** A value as structured-merge-diff's value.ToString renders it in paths: strings quoted. */
function renderValue(value: JsonValue): string {
  return typeof value === 'string' ? goQuote(value) : JSON.stringify(value);
}

/** A path as kube-apiserver writes it in conflicts: `.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"]`. */
export function pathString(path: FieldPath): string {
  return path.map((pe) => {
    if ('field' in pe) return `.${pe.field}`;
    if ('key' in pe) return `[${pe.key.map((k) => `${k.name}=${renderValue(k.value)}`).join(',')}]`;
    if ('value' in pe) return `[=${renderValue(pe.value)}]`;
    return `[${pe.index}]`;
  }).join('');
}
