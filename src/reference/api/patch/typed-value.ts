// How server-side apply sees a value through its schema: a leaf (scalar,
// atomic map or list, or anything whose shape the schema does not expect),
// a granular map, or an associative list whose items are named by their
// keys (list-type map) or by their value (list-type set). Lists TypeInfo
// knows nothing about are atomic, as structured-merge-diff deduces them.

import type { JsonValue } from '../object.ts';
import type { FieldInfo, TypeInfo } from '../schema/type-info.ts';
import { pathElementKey, type KeyField, type PathElement } from './field-path.ts';
import { isJsonObject } from './json-value.ts';
import { itemsOf, memberOf, type ValueSchema } from './value-schema.ts';

type Shape = 'leaf' | 'map' | 'list';

type ListKind = { kind: 'atomic' } | { kind: 'set' } | { kind: 'map'; keys: readonly string[] };

/** As kube-openapi converts a list field: list-type first, else a merge patch strategy implies an associative list. */
function listKindOf(field: FieldInfo): ListKind {
  if (field.listType === 'map') return field.listMapKeys?.length ? { kind: 'map', keys: field.listMapKeys } : { kind: 'atomic' };
  if (field.listType !== undefined) return { kind: field.listType };
  if (field.patchStrategy?.startsWith('merge')) return field.patchMergeKey ? { kind: 'map', keys: [field.patchMergeKey] } : { kind: 'set' };
  return { kind: 'atomic' };
}

/** The shape to walk the values at one place with (absent and null values do not count). */
export function shapeOf(schema: ValueSchema, ...values: (JsonValue | undefined)[]): Shape {
  const present = values.filter((v): v is JsonValue => v !== undefined && v !== null);
  if (present.length === 0) return 'leaf';
  switch (schema.kind) {
    case 'struct':
    case 'map':
      return !schema.atomic && present.every(isJsonObject) ? 'map' : 'leaf';
    case 'unknown':
    case 'untypedObject':
      return present.every(isJsonObject) ? 'map' : 'leaf';
    case 'list':
      return listKindOf(schema.field).kind !== 'atomic' && present.every((v) => Array.isArray(v)) ? 'list' : 'leaf';
    default:
      return 'leaf';
  }
}

/** Whether a value is absent, null or an empty map or list (two such values merge and compare as a leaf). */
export function isEmptyValue(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isJsonObject(value) && Object.keys(value).length === 0;
}

// Key fields the built-in schemas give a default, which then names items that omit them.
const keyDefaults: Readonly<Record<string, JsonValue>> = { protocol: 'TCP' };

/** The element that names an item of an associative list; throws with structured-merge-diff's wording. */
export function listItemElement(schema: ValueSchema, item: JsonValue): PathElement {
  const kind = schema.kind === 'list' ? listKindOf(schema.field) : { kind: 'atomic' as const };
  if (kind.kind === 'map') {
    if (item === null) throw new Error('associative list with keys may not have a null element');
    if (!isJsonObject(item)) throw new Error('associative list with keys may not have non-map elements');
    const key: KeyField[] = [];
    for (const name of kind.keys) {
      const value = Object.hasOwn(item, name) ? item[name] : keyDefaults[name];
      if (value !== undefined) key.push({ name, value: value ?? null });
    }
    if (key.length === 0) {
      throw new Error(`associative list with keys has an element that omits all key fields ${JSON.stringify(kind.keys)} (and doesn't have default values for any key fields)`);
    }
    return { key: key.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
  }
  if (isJsonObject(item)) throw new Error("associative list without keys has an element that's a map type");
  if (Array.isArray(item)) throw new Error('not supported: associative list with lists as elements');
  return { value: item };
}

/** The schema below one path element. */
export function descendSchema(typeInfo: TypeInfo, schema: ValueSchema, pe: PathElement): ValueSchema {
  if ('field' in pe) return memberOf(typeInfo, schema, pe.field).schema;
  if ('key' in pe) return itemsOf(schema);
  return { kind: 'unknown' };
}

export interface NamedItem {
  pe: PathElement;
  /** The element's FieldsV1 key, to match items across lists. */
  key: string;
  item: JsonValue;
}

/** The items of an associative list with the elements that name them (throws on an item without a name). */
export function namedItems(schema: ValueSchema, list: readonly JsonValue[]): NamedItem[] {
  return list.map((item) => {
    const pe = listItemElement(schema, item);
    return { pe, key: pathElementKey(pe), item };
  });
}
