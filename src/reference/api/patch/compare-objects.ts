// What changed between two versions of an object, field by field, as
// structured-merge-diff's Compare reports it: leaves added, modified and
// removed, plus maps and list items that appeared or disappeared whole.

import type { JsonValue } from '../object.ts';
import type { TypeInfo } from '../schema/type-info.ts';
import { FieldSet } from './field-set.ts';
import type { FieldPath } from './field-path.ts';
import { isJsonObject, jsonEqual } from './json-value.ts';
import { isEmptyValue, namedItems, shapeOf, type NamedItem } from './typed-value.ts';
import { itemsOf, memberOf, type ValueSchema } from './value-schema.ts';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** `before` or `after` undefined stands for an object that does not exist. */
export function compareObjects(typeInfo: TypeInfo, before: JsonValue | undefined, after: JsonValue | undefined, schema: ValueSchema): Comparison {
  const result: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };

  const leaf = (l: JsonValue | undefined, r: JsonValue | undefined, path: FieldPath): void => {
    if (l === undefined) result.added.insert(path);
    else if (r === undefined) result.removed.insert(path);
    else if (!jsonEqual(l, r)) result.modified.insert(path);
  };

  const walk = (l: JsonValue | undefined, r: JsonValue | undefined, s: ValueSchema, path: FieldPath): void => {
    const shape = shapeOf(s, l, r);
    if (shape === 'leaf' || (isEmptyValue(l) && isEmptyValue(r))) {
      leaf(l, r, path);
      return;
    }
    if (shape === 'map') {
      const lMap = isJsonObject(l) ? l : {};
      const rMap = isJsonObject(r) ? r : {};
      for (const key of new Set([...Object.keys(lMap), ...Object.keys(rMap)])) {
        walk(lMap[key], rMap[key], memberOf(typeInfo, s, key).schema, [...path, { field: key }]);
      }
    } else {
      compareItems(Array.isArray(l) ? namedItems(s, l) : [], Array.isArray(r) ? namedItems(s, r) : [], itemsOf(s), path);
    }
    // A map or list item that appears or disappears is itself added or removed.
    if (l === undefined) result.added.insert(path);
    else if (r === undefined) result.removed.insert(path);
  };

  const compareItems = (lItems: NamedItem[], rItems: NamedItem[], items: ValueSchema, path: FieldPath): void => {
    const groups = new Map<string, { pe: NamedItem['pe']; l: JsonValue[]; r: JsonValue[] }>();
    for (const [side, list] of [['l', lItems], ['r', rItems]] as const) {
      for (const named of list) {
        const group = groups.get(named.key) ?? { pe: named.pe, l: [], r: [] };
        group[side].push(named.item);
        groups.set(named.key, group);
      }
    }
    for (const { pe, l, r } of groups.values()) {
      const itemPath = [...path, pe];
      if (l.length <= 1 && r.length <= 1) walk(l[0], r[0], items, itemPath);
      // Duplicated items compare as a whole.
      else if (l.length >= 2 && r.length >= 2) { if (!jsonEqual(l, r)) result.modified.insert(itemPath); }
      else if (l.length >= 2) result.modified.insert(itemPath);
      else result.added.insert(itemPath);
    }
  };

  walk(before, after, schema, []);
  return result;
}
