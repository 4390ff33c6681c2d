// The errors of apimachinery's strategic merge patch (pkg/util/mergepatch),
// with the status kube-apiserver gives each (interpretStrategicMergePatchError):
// the format errors are 400, lists of lists 422, everything else a bare 500.

import { PatchError } from './patch-error.ts';
import { goFormat, goTypeName } from './go-text.ts';
import type { JsonObject } from './json-value.ts';

export const badPrimitiveListFormat = () => PatchError.badRequest('invalid patch format of primitive list');
export const badRetainKeysFormat = () => PatchError.badRequest('invalid patch format of retainKeys');
export const badSetElementOrderFormat = () => PatchError.badRequest('invalid patch format of setElementOrder list');
export const noListOfLists = () => PatchError.unprocessable('lists of lists are not supported');

export function noMergeKey(item: JsonObject, mergeKey: string): PatchError {
  return PatchError.internal(`map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);
}

export function badArgType(expected: 'map' | 'list', actual: unknown): PatchError {
  return PatchError.internal(`expected a ${goTypeName(expected === 'map' ? {} : [])}, but received a ${goTypeName(actual)}`);
}

export function badPatchType(directive: unknown, item: JsonObject): PatchError {
  return PatchError.internal(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(item)}`);
}
