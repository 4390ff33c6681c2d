// JSON Merge Patch (RFC 7386) as kube-apiserver applies it for
// application/merge-patch+json (evanphx/json-patch's MergePatch).

import type { JsonValue, KubeObject } from '../object.ts';
import { PatchError } from './patch-error.ts';
import { cloneJson, isJsonObject, type JsonObject } from './json-value.ts';

/**
 * Merges a patch (already parsed from the request body) into a copy of the
 * document. An array patch replaces the whole document; null or a scalar is
 * not a merge patch: 400 "Invalid JSON Patch", as kube-apiserver words it.
 */
export function applyMergePatch(document: JsonValue | KubeObject, patch: unknown): JsonValue {
  if (Array.isArray(patch)) return withoutNulls(cloneJson(patch) as JsonValue);
  if (!isJsonObject(patch)) throw PatchError.badRequest('Invalid JSON Patch');
  const target = cloneJson(document) as JsonValue;
  if (!isJsonObject(target)) return withoutNulls(cloneJson(patch));
  mergeInto(target, cloneJson(patch));
  return target;
}

function mergeInto(target: JsonObject, patch: JsonObject): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (value === null) {
      delete target[key];
    } else if (isJsonObject(current) && isJsonObject(value)) {
      mergeInto(current, value);
    } else if (isJsonObject(current)) {
      // Replacing an object with a list or a scalar keeps the patch value as sent.
      target[key] = value;
    } else {
      target[key] = withoutNulls(value);
    }
  }
}

/** Drops null members from objects, at any depth (null list elements stay). */
function withoutNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) {
    value.forEach((item) => withoutNulls(item));
  } else if (isJsonObject(value)) {
    for (const [key, member] of Object.entries(value)) {
      if (member === null) delete value[key];
      else withoutNulls(member);
    }
  }
  return value;
}
