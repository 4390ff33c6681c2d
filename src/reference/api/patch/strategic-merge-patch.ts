// Strategic merge patch (application/strategic-merge-patch+json) as
// apimachinery's strategicpatch applies it to built-in types: lists with a
// merge key merge item by item, primitive lists with strategy merge are
// unions, and the directives $patch, $retainKeys, $deleteFromPrimitiveList/
// and $setElementOrder/ are honoured. Where TypeInfo knows nothing, maps
// merge key by key and lists are replaced, as a JSON merge patch does.

import type { JsonValue, KubeObject } from '../object.ts';
import type { FieldInfo, TypeInfo } from '../schema/type-info.ts';
import { PatchError } from './patch-error.ts';
import { goFormat } from './go-text.ts';
import { cloneJson, goJsonKind, isJsonObject, type JsonObject } from './json-value.ts';
import { itemsOf, memberOf, rootSchema, schemaName, type ValueSchema } from './value-schema.ts';
import { indexIn, normalizeElementOrder, partitionByPresence } from './strategic-list-order.ts';
import {
  badArgType, badPatchType, badPrimitiveListFormat, badRetainKeysFormat, badSetElementOrderFormat, noListOfLists, noMergeKey,
} from './strategic-errors.ts';

export interface StrategicMergePatchInput {
  original: KubeObject;
  /** The patch as parsed from the request body. */
  patch: unknown;
  /** The version and kind the request addresses (they pick the schema). */
  apiVersion: string;
  kind: string;
  typeInfo: TypeInfo;
}

/** Applies a strategic merge patch to a copy of `original`. Throws PatchError (400, 422 or 500, as kube-apiserver). */
export function applyStrategicMergePatch(input: StrategicMergePatchInput): KubeObject {
  const original = cloneJson(input.original) as JsonObject;
  // A body of `null` decodes to an empty patch in kube-apiserver.
  if (input.patch === null) return original as KubeObject;
  if (!isJsonObject(input.patch)) {
    throw PatchError.badRequest(`json: cannot unmarshal ${goJsonKind(input.patch)} into Go value of type map[string]interface {}`);
  }
  const merger = new StrategicMerger(input.typeInfo);
  return merger.mergeMap(original, cloneJson(input.patch), rootSchema(input.typeInfo, input.apiVersion, input.kind)) as KubeObject;
}

const directive = '$patch';
const retainKeys = '$retainKeys';
const deleteFromPrimitiveList = '$deleteFromPrimitiveList';
const setElementOrder = '$setElementOrder';

/** The strategy of a field, with retainKeys set aside (it only matters through $retainKeys). */
function strategyOf(field: FieldInfo | undefined): string {
  const strategy = field?.patchStrategy ?? '';
  return strategy === 'retainKeys' ? '' : strategy.replace(',retainKeys', '');
}

/** The name after a directive prefix: `$setElementOrder/containers` → `containers`. */
function directiveTarget(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === setElementOrder ? badSetElementOrderFormat() : badPrimitiveListFormat();
  }
  return key.slice(slash + 1);
}

type ElementKind = 'object' | 'scalar';

/** The one kind all elements of both lists share (apimachinery's sliceElementType). */
function elementKind(original: readonly JsonValue[], patch: readonly JsonValue[]): ElementKind {
  let first: string | undefined;
  for (const item of [...original, ...patch]) {
    const kind = Array.isArray(item) ? 'array' : item === null ? 'null' : typeof item;
    if (first === undefined) {
      if (kind === 'array') throw noListOfLists();
      first = kind;
    } else if (kind !== first) {
      throw PatchError.internal(`list element types are not identical: ${goFormat([original, patch])}`);
    }
  }
  if (first === undefined) throw PatchError.internal('no elements in any of the given slices');
  return first === 'object' ? 'object' : 'scalar';
}

/**
 * A value taken from the patch whole rather than merged: null members are
 * dropped (the typed object kube-apiserver decodes the result into would not
 * keep them) and so is anything carrying a directive.
 */
function cleanPatchValue(value: JsonValue): JsonValue | undefined {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      const clean = cleanPatchValue(item);
      return clean === undefined ? [] : [clean];
    });
  }
  if (!isJsonObject(value)) return value;
  if (Object.hasOwn(value, directive)) return undefined;
  const out: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null || key === retainKeys || key.startsWith(setElementOrder) || key.startsWith(deleteFromPrimitiveList)) continue;
    const clean = cleanPatchValue(member);
    if (clean !== undefined) out[key] = clean;
  }
  return out;
}

function setOrDelete(target: JsonObject, key: string, value: JsonValue | undefined): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

class StrategicMerger {
  readonly typeInfo: TypeInfo;

  constructor(typeInfo: TypeInfo) {
    this.typeInfo = typeInfo;
  }

  mergeMap(original: JsonObject, patch: JsonObject, schema: ValueSchema): JsonObject {
    if (Object.hasOwn(patch, directive)) return this.mapDirective(patch);
    this.applyRetainKeys(original, patch);
    this.mergeOrderedLists(original, patch, schema);

    for (const [patchKey, patchValue] of Object.entries(patch)) {
      const isDeleteList = patchKey.startsWith(deleteFromPrimitiveList);
      const key = isDeleteList ? directiveTarget(patchKey, deleteFromPrimitiveList) : patchKey;
      if (patchValue === null) {
        delete original[key];
        continue;
      }
      const current = original[key];
      if (current === undefined || current === null || kindOf(current) !== kindOf(patchValue)) {
        if (!isDeleteList) setOrDelete(original, key, cleanPatchValue(patchValue));
        continue;
      }
      const member = memberOf(this.typeInfo, schema, key);
      if (isJsonObject(current) && isJsonObject(patchValue)) {
        original[key] = strategyOf(member.field) === 'replace' ? cleanPatchValue(patchValue) as JsonObject : this.mergeMap(current, patchValue, member.schema);
      } else if (Array.isArray(current) && Array.isArray(patchValue)) {
        original[key] = this.mergeListField(current, patchValue, member.field, member.schema, isDeleteList);
      } else {
        original[key] = patchValue;
      }
    }
    return original;
  }

  private mapDirective(patch: JsonObject): JsonObject {
    const value = patch[directive];
    if (value === 'replace') {
      delete patch[directive];
      return cleanPatchValue(patch) as JsonObject;
    }
    if (value === 'delete') return {};
    throw badPatchType(value, patch);
  }

  /** $retainKeys: drop the members of `original` the list does not name. */
  private applyRetainKeys(original: JsonObject, patch: JsonObject): void {
    if (!Object.hasOwn(patch, retainKeys)) return;
    const keep = patch[retainKeys];
    delete patch[retainKeys];
    if (!Array.isArray(keep)) throw badRetainKeysFormat();
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || key.startsWith(deleteFromPrimitiveList) || key.startsWith(setElementOrder)) continue;
      if (!keep.includes(key)) throw badRetainKeysFormat();
    }
    for (const key of Object.keys(original)) {
      if (!keep.includes(key)) delete original[key];
    }
  }

  /** $setElementOrder/<list>: merges that list now and orders it as the directive says. */
  private mergeOrderedLists(original: JsonObject, patch: JsonObject, schema: ValueSchema): void {
    for (const key of Object.keys(patch)) {
      if (!key.startsWith(setElementOrder)) continue;
      const order = patch[key];
      delete patch[key];
      if (!Array.isArray(order)) throw badArgType('list', order);
      const listKey = directiveTarget(key, setElementOrder);
      const foundOriginal = Object.hasOwn(original, listKey);
      const foundPatch = Object.hasOwn(patch, listKey);
      const originalList = foundOriginal ? original[listKey] : [];
      const patchList = foundPatch ? patch[listKey] : [];
      if (!Array.isArray(originalList)) throw badArgType('list', originalList);
      if (!Array.isArray(patchList)) throw badArgType('list', patchList);
      const member = memberOf(this.typeInfo, schema, listKey);
      const mergeKey = member.field?.patchMergeKey ?? '';
      validateOrder(patchList, order, mergeKey);

      let merged: JsonValue[];
      if (foundOriginal && foundPatch) merged = this.mergeListField(originalList, patchList, member.field, member.schema, false);
      else if (foundPatch) merged = cleanPatchValue(patchList) as JsonValue[];
      else if (foundOriginal) merged = originalList;
      else continue;

      const [patchItems, serverOnly] = partitionByPresence(merged, order, mergeKey);
      // Upstream refuses here, too, lists mixing kinds of elements and lists both empty.
      elementKind(originalList, patchList);
      original[listKey] = normalizeElementOrder(patchItems, serverOnly, order, originalList, mergeKey);
      delete patch[listKey];
    }
  }

  private mergeListField(original: JsonValue[], patch: JsonValue[], field: FieldInfo | undefined, schema: ValueSchema,
    isDeleteList: boolean): JsonValue[] {
    // Delete lists apply whatever the field's strategy.
    if (strategyOf(field) !== 'merge' && !isDeleteList) return cleanPatchValue(patch) as JsonValue[];
    return this.mergeList(original, patch, itemsOf(schema), field?.patchMergeKey ?? '', isDeleteList);
  }

  private mergeList(original: JsonValue[], patch: JsonValue[], itemSchema: ValueSchema, mergeKey: string, isDeleteList: boolean): JsonValue[] {
    if (original.length === 0 && patch.length === 0) return original;
    let merged: JsonValue[];
    if (elementKind(original, patch) === 'scalar') {
      if (isDeleteList) return original.filter((item) => !patch.includes(item));
      merged = [...new Set([...original, ...patch])];
    } else {
      if (mergeKey === '') throw PatchError.internal(`cannot merge lists without merge key for ${schemaName(itemSchema)}`);
      [original, patch] = applyListDirectives(original as JsonObject[], patch as JsonObject[], mergeKey);
      merged = this.mergeItems(original as JsonObject[], patch as JsonObject[], mergeKey, itemSchema);
    }
    const [patchItems, serverOnly] = partitionByPresence(merged, patch, mergeKey);
    return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey);
  }

  private mergeItems(original: JsonObject[], patch: JsonObject[], mergeKey: string, itemSchema: ValueSchema): JsonValue[] {
    const merged: JsonValue[] = [...original];
    for (const item of patch) {
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      const at = indexIn(merged, item, mergeKey);
      const existing = merged[at];
      if (isJsonObject(existing)) merged[at] = this.mergeMap(existing, item, itemSchema);
      else merged.push(cleanPatchValue(item) as JsonObject);
    }
    return merged;
  }
}

function kindOf(value: JsonValue): string {
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Handles the `$patch` items of a list of maps: `delete` removes the items
 * with that key, `replace` makes the rest of the patch the whole list.
 * Returns the original and the patch that remain to merge.
 */
function applyListDirectives(original: JsonObject[], patch: JsonObject[], mergeKey: string): [JsonObject[], JsonObject[]] {
  const rest: JsonObject[] = [];
  let replace = false;
  for (const item of patch) {
    if (!Object.hasOwn(item, directive)) {
      rest.push(item);
      continue;
    }
    switch (item[directive]) {
      case 'delete': {
        if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
        const key = item[mergeKey];
        original = original.filter((o) => o[mergeKey] !== key);
        break;
      }
      case 'replace':
        replace = true;
        break;
      case 'merge':
        throw PatchError.internal('merging lists cannot yet be specified in the patch');
      default:
        throw badPatchType(item[directive], item);
    }
  }
  return replace ? [rest, []] : [original, rest];
}

/** The items of the patch list must come in $setElementOrder's order (deletions aside). */
function validateOrder(patchList: readonly JsonValue[], order: readonly JsonValue[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey === '' ? patchList : patchList.filter((item) => !(isJsonObject(item) && item[directive] === 'delete'));
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p] as JsonValue;
    if (isJsonObject(item) && Object.hasOwn(item, directive)) {
      p++;
      continue;
    }
    if (sameItem(item, order[o] as JsonValue, mergeKey)) p++;
    o++;
  }
  if (p < items.length) {
    throw PatchError.internal(`The order in patch list:\n${goFormat(patchList)}\n doesn't match ${setElementOrder} list:\n${goFormat(order)}\n`);
  }
}

function sameItem(a: JsonValue, b: JsonValue, mergeKey: string): boolean {
  if (mergeKey === '') return a === b;
  if (!isJsonObject(a)) throw badArgType('map', a);
  if (!isJsonObject(b)) throw badArgType('map', b);
  if (!Object.hasOwn(a, mergeKey)) throw noMergeKey(a, mergeKey);
  if (!Object.hasOwn(b, mergeKey)) throw noMergeKey(b, mergeKey);
  return a[mergeKey] === b[mergeKey];
}
