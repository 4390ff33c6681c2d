// Fields the schema of a kind does not declare. kube-apiserver decodes every
// body into the Go type, so such fields are never stored; what the client
// hears about them follows the fieldValidation query parameter (Strict: the
// request fails, Warn, the default: a Warning header per field, Ignore:
// nothing). Server-side apply refuses them whatever the parameter says.
import type { ServerResponse } from 'node:http';
import type { KubeObject } from './object.ts';
import { apiVersionOf, type ResourceType } from './resources.ts';
import { definitions } from './schema/definitions.ts';
import { builtinTypeInfo, type FieldInfo } from './schema/type-info.ts';
import { ApiError, badRequest } from './status.ts';
import { goQuote } from './validation/bad-value.ts';
import { notSupported, type StatusCause } from './validation/status-cause.ts';
import { customResourceOf } from './crd/custom-resource-type.ts';
import { prunedFields } from './crd/pruning.ts';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export interface UnknownField {
  /** As Go's strict JSON decoder names it: spec.containers[0].foo */
  path: string;
  /** As structured-merge-diff names it: .spec.containers[name="c"].foo */
  typedPath: string;
}

/** The fieldValidation query parameter (kube-apiserver's default is Warn), or the cause that rejects it. */
export function fieldValidationOf(q: URLSearchParams): FieldValidation | StatusCause {
  const v = q.get('fieldValidation') ?? '';
  if (v === '') return 'Warn';
  if (v === 'Ignore' || v === 'Warn' || v === 'Strict') return v;
  return notSupported('fieldValidation', v, ['', 'Ignore', 'Strict', 'Warn']);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A definition with declared fields; free-form ones (RawExtension, FieldsV1) accept anything. */
function hasFields(type: string): boolean {
  return definitions()[type]?.properties !== undefined;
}

function keyOfElement(field: FieldInfo, element: unknown, index: number): string {
  const keys = field.listMapKeys ?? (field.patchMergeKey ? [field.patchMergeKey] : []);
  if (!isObject(element) || keys.length === 0 || keys.some((k) => element[k] === undefined)) return `[${index}]`;
  return `[${keys.map((k) => `${k}=${JSON.stringify(element[k])}`).join(',')}]`;
}

function walk(type: string, value: Record<string, unknown>, path: string, typedPath: string, prune: boolean, out: UnknownField[]): void {
  const info = builtinTypeInfo();
  for (const [key, child] of Object.entries(value)) {
    const field = info.field(type, key);
    const childPath = path ? `${path}.${key}` : key;
    const childTyped = `${typedPath}.${key}`;
    if (field === undefined) {
      out.push({ path: childPath, typedPath: childTyped });
      if (prune) delete value[key];
      continue;
    }
    const elementType = field.type;
    if (elementType === undefined || !hasFields(elementType) || child === null) continue;
    if (field.list && Array.isArray(child)) {
      child.forEach((element, i) => {
        if (isObject(element)) walk(elementType, element, `${childPath}[${i}]`, `${childTyped}${keyOfElement(field, element, i)}`, prune, out);
      });
    } else if (field.map && isObject(child)) {
      for (const [k, element] of Object.entries(child)) {
        if (isObject(element)) walk(elementType, element, `${childPath}.${k}`, `${childTyped}.${k}`, prune, out);
      }
    } else if (isObject(child)) {
      walk(elementType, child, childPath, childTyped, prune, out);
    }
  }
}

/** The fields of obj its kind's schema does not declare; with prune, they are removed from obj. */
export function unknownFields(t: ResourceType, obj: KubeObject, prune: boolean): UnknownField[] {
  // A custom resource's schema says which fields it has (structural pruning); its metadata is ObjectMeta.
  const custom = customResourceOf(t);
  if (custom) {
    const found = prunedFields(custom.schema, obj, prune);
    if (isObject(obj.metadata)) walk('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', obj.metadata, 'metadata', '.metadata', prune, found);
    return found;
  }
  const root = builtinTypeInfo().rootType(apiVersionOf(t), t.kind);
  const out: UnknownField[] = [];
  if (root !== undefined && isObject(obj)) walk(root, obj as Record<string, unknown>, '', '', prune, out);
  return out;
}

function strictError(fields: UnknownField[]): string {
  return `strict decoding error: ${fields.map((f) => `unknown field ${goQuote(f.path)}`).join(', ')}`;
}

function warn(fields: UnknownField[], warnings: string[]): void {
  for (const f of fields) warnings.push(`unknown field ${goQuote(f.path)}`);
}

/**
 * A body decoded for create or update (POST, PUT): unknown fields dropped,
 * and with Strict a 400 as kube-apiserver's transformDecodeError words it.
 */
export function decodeIntoType(t: ResourceType, obj: KubeObject, validation: FieldValidation, warnings: string[]): void {
  // A body of another kind or version is refused before its fields are looked at (the registry's type check).
  if ((obj.kind && obj.kind !== t.kind) || (obj.apiVersion && obj.apiVersion !== apiVersionOf(t))) return;
  const found = unknownFields(t, obj, validation !== 'Strict');
  if (found.length === 0) return;
  if (validation === 'Strict') {
    const kind = typeof obj.kind === 'string' ? obj.kind : '';
    if (kind) {
      const version = typeof obj.apiVersion === 'string' ? obj.apiVersion.slice(obj.apiVersion.lastIndexOf('/') + 1) : '';
      throw badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${t.kind}: ${strictError(found)}`);
    }
    const text = JSON.stringify(obj);
    throw badRequest(`the object provided is unrecognized (must be of type ${t.kind}): ${strictError(found)} (${text.length > 30 ? `${text.slice(0, 30)} ...` : text})`);
  }
  if (validation === 'Warn') warn(found, warnings);
}

/**
 * The result of a JSON, merge or strategic merge patch, decoded into the
 * type: unknown fields dropped; with Strict a 422 on the field "patch", whose
 * value is the patched object (JSON, merge) or the patch as Go prints a map
 * (strategic).
 */
export function decodePatched(t: ResourceType, patched: KubeObject, shown: string, validation: FieldValidation, warnings: string[]): void {
  const found = unknownFields(t, patched, validation !== 'Strict');
  if (found.length === 0) return;
  if (validation === 'Strict') {
    const detail = `Invalid value: ${goQuote(shown)}: ${strictError(found)}`;
    throw new ApiError(422, 'Invalid', ` "" is invalid: patch: ${detail}`, { causes: [{ reason: 'FieldValueInvalid', message: detail, field: 'patch' }] });
  }
  if (validation === 'Warn') warn(found, warnings);
}

/** Server-side apply: structured-merge-diff rejects a configuration with undeclared fields (a plain error, so a 500). */
export function checkAppliedFields(t: ResourceType, applied: KubeObject): void {
  const found = unknownFields(t, applied, false);
  if (found.length === 0) return;
  const errors = found.map((f) => `${f.typedPath}: field not declared in schema`);
  // Upstream names the object as the configuration does: namespace/name; group/version, Kind=kind.
  const meta = applied.metadata ?? {};
  const gvk = `${t.group}/${t.version}, Kind=${t.kind}`;
  const message = `failed to create typed patch object (${meta.namespace ?? ''}/${meta.name ?? ''}; ${gvk}): ${errors.length === 1 ? errors[0] : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n')}`;
  throw new ApiError(500, '', message);
}

/** A value as Go's %v prints it (a decoded JSON patch: maps with sorted keys, float64 numbers). */
export function goPrint(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goPrint).join(' ')}]`;
  if (isObject(value)) return `map[${Object.keys(value).sort().map((k) => `${k}:${goPrint(value[k])}`).join(' ')}]`;
  if (typeof value === 'number') return goFloat(value);
  return String(value);
}

/** %v of a float64: the shortest digits, in exponent form when the exponent is below -4 or 6 and over (1e+06). */
function goFloat(n: number): string {
  if (n === 0 || !Number.isFinite(n)) return String(n);
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  if (exp >= -4 && exp < 6) return String(n);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Warning headers, as kube-apiserver sends them (code 299, agent "-", the text quoted; beyond ASCII escaped, as a header must be). */
export function setWarnings(res: ServerResponse, warnings: string[]): void {
  if (warnings.length === 0 || res.headersSent) return;
  const quote = (w: string) => JSON.stringify(w).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  res.setHeader('Warning', [...new Set(warnings)].map((w) => `299 - ${quote(w)}`));
}
