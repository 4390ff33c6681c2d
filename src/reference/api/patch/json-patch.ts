// JSON Patch (RFC 6902) as kube-apiserver applies it for
// application/json-patch+json: gopkg.in/evanphx/json-patch.v4, with its
// quirks (negative array indices count from the end; `replace` of a missing
// object member adds it; `test` of a missing member against null passes),
// and the API server's limits and statuses.

import type { JsonValue, KubeObject } from '../object.ts';
import { PatchError } from './patch-error.ts';
import { cloneJson, goJsonKind, isJsonObject, jsonEqual, type JsonObject } from './json-value.ts';

const maxOperations = 10000;

/**
 * Applies a JSON patch (already parsed from the request body) to a copy of
 * the document. Throws PatchError: 400 when the body is not a list of
 * operations, 413 above 10000 operations, 422 when an operation does not
 * apply (kube-apiserver then reports only the generic message; the
 * operation's own explanation is in `detail`).
 */
export function applyJsonPatch(document: JsonValue | KubeObject, patch: unknown): JsonValue {
  const operations = decodePatch(patch);
  if (operations.length > maxOperations) {
    throw new PatchError(413, 'RequestEntityTooLarge',
      `The allowed maximum operations in a JSON patch is ${maxOperations}, got ${operations.length}`);
  }
  const root = { doc: cloneJson(document) as JsonValue };
  for (const operation of operations) {
    const failure = applyOperation(root, operation);
    if (failure !== undefined) {
      throw new PatchError(422, 'Invalid', 'the server rejected our request due to an error in our request', failure);
    }
  }
  return root.doc;
}

type Operation = JsonObject | null;

function decodePatch(patch: unknown): Operation[] {
  if (patch === null) return [];
  if (!Array.isArray(patch)) {
    throw PatchError.badRequest(`json: cannot unmarshal ${goJsonKind(patch)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of patch) {
    if (op !== null && !isJsonObject(op)) {
      throw PatchError.badRequest(`json: cannot unmarshal ${goJsonKind(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  return patch as Operation[];
}

/** The document, boxed so that a `replace` of the whole document can swap it. */
interface Root {
  doc: JsonValue;
}

// Errors from evanphx/json-patch are wrapped with github.com/pkg/errors, which
// renders as "<context>: <cause>".
const missing = 'missing value';
const invalidIndex = 'invalid index referenced';

class OpFailure {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

function applyOperation(root: Root, op: Operation): string | undefined {
  const kind = op !== null && typeof op.op === 'string' ? op.op : 'unknown';
  try {
    switch (kind) {
      case 'add': return add(root, op);
      case 'remove': return remove(root, op);
      case 'replace': return replace(root, op);
      case 'move': return move(root, op);
      case 'copy': return copy(root, op);
      case 'test': return test(root, op);
      default: return `Unexpected kind: ${kind}`;
    }
  } catch (e) {
    if (e instanceof OpFailure) return e.message;
    throw e;
  }
}

/** A member's value, `null` when the operation has none (Go decodes both to a nil node). */
function valueOf(op: Operation): JsonValue {
  return op !== null && op.value !== undefined ? op.value : null;
}

function pathOf(op: Operation, field: 'path' | 'from'): string {
  const raw = op?.[field];
  if (typeof raw === 'string') return raw;
  if (raw === undefined || raw === null) {
    throw new OpFailure(field === 'path' ? `operation missing path field: ${missing}` : `operation, missing from field: ${missing}`);
  }
  throw new OpFailure(`json: cannot unmarshal ${goJsonKind(raw)} into Go value of type string`);
}

/** Reads a path, rewording a decoding failure the way each operation does. */
function decode(op: Operation, field: 'path' | 'from', context: string, keepCause: boolean): string {
  try {
    return pathOf(op, field);
  } catch (e) {
    if (!(e instanceof OpFailure)) throw e;
    throw new OpFailure(`${context}: ${keepCause ? e.message : missing}`);
  }
}

function add(root: Root, op: Operation): string | undefined {
  const path = decode(op, 'path', 'add operation failed to decode path', false);
  const target = findParent(root.doc, path);
  if (!target) return `add operation does not apply: doc is missing path: "${path}": ${missing}`;
  const error = target.add(valueOf(op));
  return error && `error in add for path: '${path}': ${error}`;
}

function remove(root: Root, op: Operation): string | undefined {
  const path = decode(op, 'path', 'remove operation failed to decode path', false);
  const target = findParent(root.doc, path);
  if (!target) return `remove operation does not apply: doc is missing path: "${path}": ${missing}`;
  const error = target.remove();
  return error && `error in remove for path: '${path}': ${error}`;
}

function replace(root: Root, op: Operation): string | undefined {
  const path = decode(op, 'path', 'replace operation failed to decode path', true);
  if (path === '') {
    // evanphx/json-patch wraps a nil error here, so a value that is neither an
    // object nor an array leaves the document as it is.
    const value = valueOf(op);
    if (typeof value === 'object' && value !== null) root.doc = value;
    return undefined;
  }
  const target = findParent(root.doc, path);
  if (!target) return `replace operation does not apply: doc is missing path: ${path}: ${missing}`;
  if (target.get() instanceof Error) return `replace operation does not apply: doc is missing key: ${path}: ${missing}`;
  target.set(valueOf(op));
  return undefined;
}

function move(root: Root, op: Operation): string | undefined {
  const from = decode(op, 'from', 'move operation failed to decode from', true);
  const source = findParent(root.doc, from);
  if (!source) return `move operation does not apply: doc is missing from path: ${from}: ${missing}`;
  const value = source.get();
  if (value instanceof Error) return `error in move for path: '${source.key}': ${value.message}`;
  const removeError = source.remove();
  if (removeError) return `error in move for path: '${source.key}': ${removeError}`;
  const path = decode(op, 'path', 'move operation failed to decode path', true);
  const target = findParent(root.doc, path);
  if (!target) return `move operation does not apply: doc is missing destination path: ${path}: ${missing}`;
  const error = target.add(value);
  return error && `error in move for path: '${path}': ${error}`;
}

function copy(root: Root, op: Operation): string | undefined {
  const from = decode(op, 'from', 'copy operation failed to decode from', true);
  const source = findParent(root.doc, from);
  if (!source) return `copy operation does not apply: doc is missing from path: ${from}: ${missing}`;
  const value = source.get();
  if (value instanceof Error) return `error in copy for from: '${from}': ${value.message}`;
  const path = decode(op, 'path', 'copy operation failed to decode path', false);
  const target = findParent(root.doc, path);
  if (!target) return `copy operation does not apply: doc is missing destination path: ${path}: ${missing}`;
  const error = target.add(cloneJson(value));
  return error && `error while adding value during copy: ${error}`;
}

function test(root: Root, op: Operation): string | undefined {
  const path = decode(op, 'path', 'test operation failed to decode path', true);
  const failed = `testing value ${path} failed: test failed`;
  if (path === '') return jsonEqual(root.doc, valueOf(op)) ? undefined : failed;
  const target = findParent(root.doc, path);
  if (!target) return `test operation does not apply: is missing path: ${path}: ${missing}`;
  const actual = target.get();
  if (actual instanceof Error) return `error in test for path: '${path}': ${actual.message}`;
  return jsonEqual(actual, valueOf(op)) ? undefined : failed;
}

/** The member or element a pointer names, inside the object or array that holds it. */
interface Slot {
  key: string;
  /** The value, `null` for an absent object member (Go does not tell them apart). */
  get(): JsonValue | Error;
  set(value: JsonValue): void;
  add(value: JsonValue): string | undefined;
  remove(): string | undefined;
}

function decodeKey(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

function findParent(doc: JsonValue, path: string): Slot | undefined {
  const tokens = path.split('/');
  if (tokens.length < 2) return undefined;
  let container: JsonValue = doc;
  for (const token of tokens.slice(1, -1)) {
    const next = containerSlot(container, decodeKey(token))?.get();
    if (next === undefined || next instanceof Error || typeof next !== 'object' || next === null) return undefined;
    container = next;
  }
  return containerSlot(container, decodeKey(tokens[tokens.length - 1] ?? ''));
}

function containerSlot(container: JsonValue, key: string): Slot | undefined {
  if (Array.isArray(container)) return arraySlot(container, key);
  if (isJsonObject(container)) return objectSlot(container, key);
  return undefined;
}

function objectSlot(obj: JsonObject, key: string): Slot {
  return {
    key,
    get: () => (Object.hasOwn(obj, key) ? obj[key] ?? null : null),
    set: (value) => { obj[key] = value; },
    add: (value) => { obj[key] = value; return undefined; },
    remove: () => {
      if (!Object.hasOwn(obj, key)) return `Unable to remove nonexistent key: ${key}: ${missing}`;
      delete obj[key];
      return undefined;
    },
  };
}

/** strconv.Atoi, with Go's wording for what it refuses. */
function atoi(key: string): number | Error {
  if (!/^[+-]?\d+$/.test(key)) return new Error(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  return Number(key);
}

function arraySlot(arr: JsonValue[], key: string): Slot {
  const outOfRange = (index: number) => `Unable to access invalid index: ${index}: ${invalidIndex}`;
  // Negative indices count from the end, bounded by `length`.
  const resolve = (length: number): number | string => {
    const index = atoi(key);
    if (index instanceof Error) return index.message;
    if (index < 0) return index < -length ? outOfRange(index) : index + length;
    return index >= length ? outOfRange(index) : index;
  };
  return {
    key,
    get: () => {
      const index = resolve(arr.length);
      return typeof index === 'string' ? new Error(index) : arr[index] ?? null;
    },
    set: (value) => {
      const index = resolve(arr.length);
      if (typeof index === 'number') arr[index] = value;
    },
    add: (value) => {
      if (key === '-') {
        arr.push(value);
        return undefined;
      }
      const parsed = atoi(key);
      if (parsed instanceof Error) return `value was not a proper array index: '${key}': ${parsed.message}`;
      const index = resolve(arr.length + 1);
      if (typeof index === 'string') return index;
      arr.splice(index, 0, value);
      return undefined;
    },
    remove: () => {
      const index = resolve(arr.length);
      if (typeof index === 'string') return index;
      arr.splice(index, 1);
      return undefined;
    },
  };
}
