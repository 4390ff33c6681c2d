// The order strategic merge patch gives a merged list: the items the patch
// names in the patch's order (or $setElementOrder's), the items only the live
// object has in the live order, interleaved where the live order relates them.
// Follows apimachinery's normalizeElementOrder step by step, including where
// items new to the list land (before the remaining live items).

import type { JsonValue } from '../object.ts';
import { isJsonObject } from './json-value.ts';
import { badArgType, noMergeKey } from './strategic-errors.ts';

/** What identifies an item: its merge key's value for a list of maps, the item itself otherwise. */
function identity(item: JsonValue, mergeKey: string): JsonValue {
  if (mergeKey === '') return item;
  return isJsonObject(item) ? item[mergeKey] ?? null : null;
}

export function indexIn(list: readonly JsonValue[], item: JsonValue, mergeKey: string): number {
  const id = identity(item, mergeKey);
  return list.findIndex((candidate) => identity(candidate, mergeKey) === id);
}

/** Splits `items` into those `partitionBy` names and the others, keeping their order. */
export function partitionByPresence(items: readonly JsonValue[], partitionBy: readonly JsonValue[], mergeKey: string): [JsonValue[], JsonValue[]] {
  const present: JsonValue[] = [];
  const absent: JsonValue[] = [];
  for (const item of items) {
    if (mergeKey !== '') {
      if (!isJsonObject(item)) throw badArgType('map', item);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
    (indexIn(partitionBy, item, mergeKey) >= 0 ? present : absent).push(item);
  }
  return [present, absent];
}

/**
 * Orders `patchItems` by `patchOrder` and `serverOnly` by `serverOrder`, then
 * interleaves them.
 */
export function normalizeElementOrder(patchItems: JsonValue[], serverOnly: JsonValue[], patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[], mergeKey: string): JsonValue[] {
  const sortedPatch = sortByOrder(patchItems, patchOrder, mergeKey);
  const sortedServer = sortByOrder(serverOnly, serverOrder, mergeKey);
  return interleave(sortedServer, sortedPatch, serverOrder, mergeKey);
}

function sortByOrder(items: JsonValue[], order: readonly JsonValue[], mergeKey: string): JsonValue[] {
  let deletions: JsonValue[] = [];
  let sorted = items;
  if (mergeKey !== '') {
    for (const item of [...items, ...order]) {
      if (!isJsonObject(item)) throw badArgType('map', item);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
    deletions = items.filter((item) => isJsonObject(item) && item.$patch === 'delete');
    sorted = items.filter((item) => !deletions.includes(item));
  }
  // Go's sort.SliceStable (an insertion sort for short lists) with a "less"
  // that holds whenever either item is missing from the order.
  const less = (a: JsonValue, b: JsonValue): boolean => {
    const ia = indexIn(order, a, mergeKey);
    const ib = indexIn(order, b, mergeKey);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i; j > 0 && less(sorted[j] as JsonValue, sorted[j - 1] as JsonValue); j--) {
      [sorted[j - 1], sorted[j]] = [sorted[j] as JsonValue, sorted[j - 1] as JsonValue];
    }
  }
  return [...sorted, ...deletions];
}

/**
 * Merges two sorted lists: a live-only item goes first only when the live
 * order puts it before the next patch item; otherwise the patch item does.
 */
function interleave(left: readonly JsonValue[], right: readonly JsonValue[], serverOrder: readonly JsonValue[], mergeKey: string): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    const l = left[i];
    const r = right[j];
    if (l === undefined) {
      out.push(r as JsonValue);
      j++;
    } else if (r === undefined) {
      out.push(l);
      i++;
    } else {
      const li = indexIn(serverOrder, l, mergeKey);
      const ri = indexIn(serverOrder, r, mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) {
        out.push(l);
        i++;
      } else {
        out.push(r);
        j++;
      }
    }
  }
  return out;
}
