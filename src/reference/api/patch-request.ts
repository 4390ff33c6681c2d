// PATCH requests: the content type picks the engine (JSON patch, merge patch,
// strategic merge patch, server-side apply); the result goes through the
// registry's write path like any update.
import type { KubeObject } from './object.ts';
import { applyJsonPatch } from './patch/json-patch.ts';
import { applyMergePatch } from './patch/merge-patch.ts';
import { PatchError } from './patch/patch-error.ts';
import { applyStrategicMergePatch } from './patch/strategic-merge-patch.ts';
import { applyConfiguration } from './patch/server-side-apply.ts';
import type { Registry, WriteContext } from './registry.ts';
import { checkAppliedFields, decodePatched, goPrint } from './unknown-fields.ts';
import { apiVersionOf, type ResourceType } from './resources.ts';
import { builtinTypeInfo } from './schema/type-info.ts';
import { typeInfoFor } from './crd/crd-type-info.ts';
import { ApiError, badRequest, conflict, unsupportedMediaType } from './status.ts';

export const patchTypes = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

export interface PatchOptions extends WriteContext {
  force: boolean;
  subresource?: string;
}

export interface Patcher {
  patchObject(registry: Registry, t: ResourceType, namespace: string | undefined, name: string, patchType: string, patch: unknown, o: PatchOptions): Promise<{ object: KubeObject; created: boolean }>;
  /** A patch of the scale subresource (JSON, merge or strategic; the Scale type has no merge keys). */
  patchScale(scale: KubeObject, patchType: string, patch: unknown): KubeObject;
}

function toApiError(err: unknown): unknown {
  if (!(err instanceof PatchError)) return err;
  const causes = err.causes.map((c) => ({ reason: c.type, message: c.message, field: c.field }));
  return new ApiError(err.status, err.reason, err.message, causes.length ? { causes } : undefined);
}

function asObject(value: unknown): KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('the patch result is not a JSON object');
  return value as KubeObject;
}

/** A non-apply patch applied to the current object; the patched resourceVersion is a precondition, as upstream. */
function patchWith(t: ResourceType, current: KubeObject, patchType: string, patch: unknown, o: PatchOptions): KubeObject {
  const before = current.metadata?.resourceVersion;
  let patched: KubeObject;
  switch (patchType) {
    case patchTypes.json:
      patched = asObject(applyJsonPatch(current, patch));
      break;
    case patchTypes.merge:
      patched = asObject(applyMergePatch(current, patch));
      break;
    case patchTypes.strategic:
      patched = applyStrategicMergePatch({ original: current, patch, apiVersion: apiVersionOf(t), kind: t.kind, typeInfo: builtinTypeInfo() });
      break;
    default:
      throw unsupportedMediaType(patchType);
  }
  const wanted = patched.metadata?.resourceVersion;
  if (wanted && wanted !== before) throw conflict(t, current.metadata?.name ?? '');
  // Decoding the result into the type drops undeclared fields; the 422 shows the patched object, or a strategic patch as Go prints it.
  const shown = patchType === patchTypes.strategic ? goPrint(patch) : JSON.stringify(patched);
  decodePatched(t, patched, shown, o.fieldValidation ?? 'Warn', o.warnings ?? []);
  return patched;
}

/** The applied configuration may not rename the object, and a resourceVersion in it is a precondition. */
function checkApplied(t: ResourceType, name: string, current: KubeObject | undefined, applied: KubeObject): void {
  if (applied.metadata?.name && applied.metadata.name !== name) {
    throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
  }
  const wanted = applied.metadata?.resourceVersion;
  if (wanted && wanted !== current?.metadata?.resourceVersion) throw conflict(t, name);
}

export const patcher: Patcher = {
  async patchObject(registry, t, namespace, name, patchType, patch, o) {
    try {
      if (patchType === patchTypes.apply) {
        if (!o.fieldManager || o.fieldManager === 'unknown') throw badRequest('PATCH, application/apply-patch+yaml requests must have the fieldManager query parameter set');
        const applied = asObject(patch);
        checkAppliedFields(t, applied);
        let created = false;
        const object = await registry.write(t, namespace, name, (current) => {
          checkApplied(t, name, current, applied);
          created = current === undefined;
          const result = applyConfiguration({
            live: current,
            applied,
            manager: o.fieldManager,
            force: o.force,
            apiVersion: apiVersionOf(t),
            kind: t.kind,
            ...(o.subresource ? { subresource: o.subresource } : {}),
            typeInfo: typeInfoFor(t),
            now: new Date(),
          }).object;
          // The server owns these; an applied configuration cannot set them.
          if (current) {
            result.metadata = { ...result.metadata, uid: current.metadata?.uid, creationTimestamp: current.metadata?.creationTimestamp, resourceVersion: current.metadata?.resourceVersion };
          } else if (result.metadata) {
            delete result.metadata.uid;
            delete result.metadata.creationTimestamp;
            delete result.metadata.resourceVersion;
          }
          return result;
        }, { ...o, allowCreate: !o.subresource, managedFieldsSet: true });
        return { object, created };
      }
      if (o.force) throw badRequest('force=true is only valid for apply patches');
      const object = await registry.write(t, namespace, name, (current) => patchWith(t, current!, patchType, patch, o), o);
      return { object, created: false };
    } catch (err) {
      throw toApiError(err);
    }
  },

  patchScale(scale, patchType, patch) {
    try {
      if (patchType === patchTypes.json) return asObject(applyJsonPatch(scale, patch));
      if (patchType === patchTypes.merge || patchType === patchTypes.strategic) return asObject(applyMergePatch(scale, patch));
      throw unsupportedMediaType(patchType);
    } catch (err) {
      throw toApiError(err);
    }
  },
};
