// Removes the members of a field set from a value, as structured-merge-diff's
// RemoveItems does when apply prunes: a member path removes the field or list
// item whole; a map or list left empty becomes null.

import type { JsonValue } from '../object.ts';
import type { TypeInfo } from '../schema/type-info.ts';
import type { FieldSet } from './field-set.ts';
import { isJsonObject, type JsonObject } from './json-value.ts';
import { listItemElement, shapeOf } from './typed-value.ts';
import { itemsOf, memberOf, type ValueSchema } from './value-schema.ts';

export function removeItems(typeInfo: TypeInfo, value: JsonValue, toRemove: FieldSet, schema: ValueSchema): JsonValue {
  const walk = (v: JsonValue, set: FieldSet, s: ValueSchema): JsonValue => {
    if (shapeOf(s, v) === 'leaf') return v;
    if (Array.isArray(v)) {
      if (v.length === 0) return v;
      const kept: JsonValue[] = [];
      for (const item of v) {
        const pe = listItemElement(s, item);
        if (set.has([pe])) continue;
        const below = set.withPrefix(pe);
        kept.push(below.isEmpty() ? item : walk(item, below, itemsOf(s)));
      }
      return kept.length > 0 ? kept : null;
    }
    if (!isJsonObject(v) || Object.keys(v).length === 0) return v;
    const kept: JsonObject = {};
    for (const [key, member] of Object.entries(v)) {
      const pe = { field: key };
      if (set.has([pe])) continue;
      const below = set.withPrefix(pe);
      kept[key] = below.isEmpty() ? member : walk(member, below, memberOf(typeInfo, s, key).schema);
    }
    return Object.keys(kept).length > 0 ? kept : null;
  };
  return walk(value, toRemove, schema);
}
