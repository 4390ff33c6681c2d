// The fields a value sets, as structured-merge-diff's ToFieldSet collects
// them: every leaf, every list item (the `.` of `k:` and `v:` entries), and
// the map keys that are not struct fields; plus null and empty maps. Also
// reports what makes the value invalid for apply (items without their keys,
// duplicate items), with structured-merge-diff's paths and wording.

import type { JsonValue } from '../object.ts';
import type { TypeInfo } from '../schema/type-info.ts';
import { FieldSet } from './field-set.ts';
import { pathElementKey, pathString, type FieldPath } from './field-path.ts';
import { isJsonObject } from './json-value.ts';
import { listItemElement, shapeOf } from './typed-value.ts';
import { itemsOf, memberOf, type ValueSchema } from './value-schema.ts';

export interface FieldSetOf {
  set: FieldSet;
  /** `<path>: <problem>` for each problem found. */
  errors: string[];
}

export function toFieldSet(typeInfo: TypeInfo, value: JsonValue, schema: ValueSchema, allowDuplicates: boolean): FieldSetOf {
  const set = new FieldSet();
  const errors: string[] = [];

  const walk = (v: JsonValue, s: ValueSchema, path: FieldPath): void => {
    const shape = shapeOf(s, v);
    if (shape === 'leaf') {
      set.insert(path);
    } else if (shape === 'map' && isJsonObject(v)) {
      for (const [key, member] of Object.entries(v)) {
        const m = memberOf(typeInfo, s, key);
        const memberPath = [...path, { field: key }];
        walk(member, m.schema, memberPath);
        const empty = member === null || (isJsonObject(member) && Object.keys(member).length === 0);
        if (empty || !m.named) set.insert(memberPath);
      }
    } else if (Array.isArray(v)) {
      const items = itemsOf(s);
      const elements = v.map((item, i) => {
        try {
          return listItemElement(s, item);
        } catch (e) {
          errors.push(`${pathString(path)}: element ${i}: ${(e as Error).message}`);
          return undefined;
        }
      });
      const counts = new Map<string, number>();
      for (const pe of elements) {
        if (pe === undefined) continue;
        const count = (counts.get(pathElementKey(pe)) ?? 0) + 1;
        counts.set(pathElementKey(pe), count);
        if (count > 1 && !allowDuplicates) errors.push(`${pathString(path)}: duplicate entries for key ${pathString([pe])}`);
      }
      v.forEach((item, i) => {
        const pe = elements[i];
        if (pe === undefined) return;
        const itemPath = [...path, pe];
        // Duplicated items are owned as a whole, never field by field.
        if ((counts.get(pathElementKey(pe)) ?? 0) === 1) walk(item, items, itemPath);
        set.insert(itemPath);
      });
    }
  };

  walk(value, schema, []);
  return { set, errors };
}
