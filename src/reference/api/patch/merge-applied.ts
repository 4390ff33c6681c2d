// The object a server-side apply produces before pruning: the applied
// configuration laid over the live object, as structured-merge-diff's Merge
// does it. Leaves take the applied value, maps merge key by key, associative
// lists item by item in an order that keeps the applied items' order and
// leaves the live-only items where they were.

import type { JsonValue } from '../object.ts';
import type { TypeInfo } from '../schema/type-info.ts';
import { pathString, type FieldPath } from './field-path.ts';
import { isJsonObject, type JsonObject } from './json-value.ts';
import { isEmptyValue, namedItems, shapeOf, type NamedItem } from './typed-value.ts';
import { itemsOf, memberOf, type ValueSchema } from './value-schema.ts';

export function mergeApplied(typeInfo: TypeInfo, live: JsonValue | undefined, applied: JsonValue | undefined, schema: ValueSchema): JsonValue | undefined {
  const walk = (l: JsonValue | undefined, r: JsonValue | undefined, s: ValueSchema, path: FieldPath): JsonValue | undefined => {
    const shape = shapeOf(s, l, r);
    if (shape === 'leaf' || (isEmptyValue(l) && isEmptyValue(r))) return r !== undefined ? r : l;
    if (shape === 'map') {
      const lMap = isJsonObject(l) ? l : {};
      const rMap = isJsonObject(r) ? r : {};
      const out: JsonObject = {};
      for (const key of new Set([...Object.keys(lMap), ...Object.keys(rMap)])) {
        const merged = walk(lMap[key], rMap[key], memberOf(typeInfo, s, key).schema, [...path, { field: key }]);
        if (merged !== undefined) out[key] = merged;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    const lItems = Array.isArray(l) ? namedItems(s, l) : [];
    const rItems = Array.isArray(r) ? namedItems(s, r) : [];
    const out = mergeItems(lItems, rItems, path).flatMap(([li, ri, pe]) => {
      const merged = walk(li, ri, itemsOf(s), [...path, pe]);
      return merged === undefined ? [] : [merged];
    });
    return out.length > 0 ? out : undefined;
  };
  return walk(live, applied, schema, []);
}

type Pairing = [JsonValue | undefined, JsonValue | undefined, NamedItem['pe']];

/**
 * Pairs live and applied items in output order: a live item the applied
 * list does not name stays where it is; the applied items come in their own
 * order, each merged with its live counterpart. Live duplicates of an applied
 * item merge with nothing but the applied item.
 */
function mergeItems(live: NamedItem[], applied: NamedItem[], path: FieldPath): Pairing[] {
  const observedLive = new Map<string, JsonValue | null>();
  for (const { key, item } of live) observedLive.set(key, observedLive.has(key) ? null : item);
  const observedApplied = new Map<string, JsonValue>();
  for (const { key, pe, item } of applied) {
    if (observedApplied.has(key)) throw new Error(`${pathString(path)}: duplicate entries for key ${pathString([pe])}`);
    observedApplied.set(key, item);
  }
  const shared = applied.filter(({ key }) => observedLive.has(key));
  let nextShared = shared.shift();
  const advanceShared = () => { nextShared = shared.shift(); };
  const done = new Set<string>();
  const out: Pairing[] = [];
  const takeApplied = (a: NamedItem) => {
    done.add(a.key);
    out.push([observedLive.has(a.key) ? observedLive.get(a.key) ?? null : undefined, a.item, a.pe]);
  };

  let li = 0;
  let ri = 0;
  while (li < live.length || ri < applied.length) {
    const l = live[li];
    const r = applied[ri];
    if (l && r) {
      if (l.key === r.key) {
        takeApplied(r);
        li++;
        ri++;
        advanceShared();
        continue;
      }
      // A shared item comes out when the applied list reaches it.
      if (observedApplied.has(l.key) && nextShared && nextShared.key !== l.key) {
        li++;
        continue;
      }
    }
    if (l) {
      if (!observedApplied.has(l.key)) {
        out.push([l.item, undefined, l.pe]);
        li++;
        continue;
      }
      if (done.has(l.key)) li++;
    }
    if (r) {
      takeApplied(r);
      ri++;
      if (nextShared?.key === r.key) advanceShared();
    }
  }
  return out;
}
