// Server-side apply (application/apply-patch+yaml), as kube-apiserver's field
// manager runs structured-merge-diff: the applied configuration is merged
// into the live object, the manager comes to own exactly the fields it
// applied, fields it applied before and no longer does are removed unless
// someone else owns them, and changing a field another manager owns is a
// conflict unless forced.

import type { JsonValue, KubeObject, ManagedFieldsEntry } from '../object.ts';
import type { TypeInfo } from '../schema/type-info.ts';
import { ApplyConflictError } from './apply-conflict-error.ts';
import { capUpdateManagers } from './cap-update-managers.ts';
import { compareObjects } from './compare-objects.ts';
import { FieldSet } from './field-set.ts';
import { pathString } from './field-path.ts';
import { cloneJson, isJsonObject, jsonEqual, type JsonObject } from './json-value.ts';
import { fieldsOfLastApplied, kubectlManager, lastAppliedAnnotation, lastAppliedValue } from './last-applied.ts';
import {
  decodeManagedFields, describeManager, encodeManagedFields, formatTime, managerIdentifier, type ManagerRecord, type Managers,
} from './managed-fields.ts';
import { mergeApplied } from './merge-applied.ts';
import { withoutMetaFields } from './meta-fields.ts';
import { conflictsWith, releaseChangedFields } from './ownership.ts';
import { PatchError } from './patch-error.ts';
import { removeItems } from './remove-items.ts';
import { toFieldSet } from './to-field-set.ts';
import { rootSchema, type ValueSchema } from './value-schema.ts';

export interface ApplyInput {
  /** The object as stored, or undefined when the apply creates it. */
  live: KubeObject | undefined;
  /** The applied configuration as parsed from the request body. */
  applied: KubeObject;
  manager: string;
  force: boolean;
  /** The version the request addresses; the applied configuration must be of it. */
  apiVersion: string;
  /** The kind the request addresses (else that of the live object); the applied configuration must be of it. */
  kind?: string;
  subresource?: string;
  typeInfo: TypeInfo;
  now: Date;
}

export interface FieldManagerResult {
  /** The object to store, its metadata.managedFields set. */
  object: KubeObject;
  managedFields: ManagedFieldsEntry[];
}

/**
 * Runs a server-side apply. Throws PatchError (400 for a configuration of
 * another type or carrying managedFields, 500 for one apply cannot read, as
 * kube-apiserver) and ApplyConflictError (409).
 */
export function applyConfiguration(input: ApplyInput): FieldManagerResult {
  const { typeInfo, apiVersion } = input;
  const applied = input.applied as JsonObject;
  const kind = checkType(input);
  if (input.applied.metadata?.managedFields !== undefined && input.applied.metadata.managedFields !== null) {
    throw PatchError.badRequest('metadata.managedFields must be nil');
  }
  const schema = rootSchema(typeInfo, apiVersion, kind);
  const live = withoutManagedFields(input.live);

  let managers: Managers;
  try {
    managers = decodeManagedFields(input.live?.metadata?.managedFields);
  } catch (e) {
    throw PatchError.internal(`failed to decode managed fields: ${(e as Error).message}`);
  }
  const object = describeObject(input.applied, apiVersion, kind);
  const appliedFields = toFieldSet(typeInfo, applied, schema, false);
  if (appliedFields.errors.length > 0) {
    throw PatchError.internal(`failed to create typed patch object (${object}): ${formatErrors(appliedFields.errors)}`);
  }
  const liveErrors = toFieldSet(typeInfo, live, schema, true).errors;
  if (liveErrors.length > 0) throw PatchError.internal(`failed to create typed live object (${object}): ${formatErrors(liveErrors)}`);

  const applier = { manager: input.manager || 'unknown', operation: 'Apply' as const, apiVersion, ...(input.subresource ? { subresource: input.subresource } : {}) };
  const run: ApplyRun = { typeInfo, schema, live, applied, managers, id: managerIdentifier(applier), record: { ...applier, set: appliedFields.set } };

  let outcome = runApply(run, input.force);
  if (outcome.conflicts && input.manager === kubectlManager) {
    // Conflicts over fields kubectl's client-side apply annotation describes are kubectl's own.
    const allowed = input.live && fieldsOfLastApplied(typeInfo, live as KubeObject, apiVersion, schema);
    if (allowed) {
      const remaining = conflictsOutside(outcome.conflicts, allowed);
      outcome = remaining.size === 0 ? runApply(run, true) : { conflicts: remaining };
    }
  }
  if (outcome.conflicts) throw conflictError(outcome.conflicts, managers);

  const result = withoutNullMembers(outcome.object) as KubeObject;
  if (input.manager === kubectlManager && result.metadata?.annotations?.[lastAppliedAnnotation] !== undefined) {
    result.metadata.annotations[lastAppliedAnnotation] = lastAppliedValue(input.applied);
  }

  const owners = new Map(outcome.managers);
  const record = owners.get(run.id);
  if (record) {
    const set = withoutMetaFields(record.set);
    if (set.isEmpty()) owners.delete(run.id);
    else owners.set(run.id, { ...record, set, ...(outcome.changed ? { time: formatTime(input.now) } : {}) });
  }
  const managedFields = encodeManagedFields(capUpdateManagers(owners));
  setManagedFields(result, managedFields);
  return { object: result, managedFields };
}

type Outcome =
  | { conflicts: Map<string, FieldSet>; object?: undefined; managers?: undefined; changed?: undefined }
  | { conflicts?: undefined; object: JsonObject; managers: Managers; changed: boolean };

interface ApplyRun {
  typeInfo: TypeInfo;
  schema: ValueSchema;
  live: JsonObject;
  applied: JsonObject;
  managers: Managers;
  /** The applier's identifier, and its record with the applied fields. */
  id: string;
  record: ManagerRecord;
}

/** One apply of the configuration over the live object, forced or not (structured-merge-diff's Updater.Apply). */
function runApply(run: ApplyRun, force: boolean): Outcome {
  const merged = asObject(mergeApplied(run.typeInfo, run.live, run.applied, run.schema));
  const previous = run.managers.get(run.id);
  const managers: Managers = new Map(run.managers);
  managers.set(run.id, { ...run.record, ...(previous?.time === undefined ? {} : { time: previous.time }) });
  const object = previous ? prune(run, merged, managers, previous.set) : merged;
  const changes = compareObjects(run.typeInfo, run.live, object, run.schema);
  const conflicts = conflictsWith(managers, run.id, changes);
  if (conflicts.size > 0 && !force) return { conflicts };
  return { object, managers: releaseChangedFields(managers, run.id, changes), changed: !jsonEqual(run.live, object) };
}

/**
 * Removes what the manager applied last time and not this time, unless
 * another manager owns it (structured-merge-diff's prune with its add-back
 * of owned and dangling items).
 */
function prune({ typeInfo, schema }: ApplyRun, merged: JsonObject, managers: Managers, lastSet: FieldSet): JsonObject {
  if (lastSet.isEmpty()) return merged;
  const named = (set: FieldSet) => set.withNamedFieldsAsMembers(typeInfo, schema);
  const fieldsOf = (value: JsonValue) => named(toFieldSet(typeInfo, value, schema, true).set);
  const remove = (set: FieldSet) => asObject(removeItems(typeInfo, merged, set, schema));
  const last = named(lastSet);
  const owned = named([...managers.values()].reduce((all, r) => all.union(r.set), new FieldSet()));
  const mergedFields = fieldsOf(merged);
  const withoutLast = remove(last);
  const keptOwned = remove(mergedFields.difference(fieldsOf(withoutLast).union(owned)));
  return remove(mergedFields.difference(fieldsOf(keptOwned)).intersection(last));
}

function asObject(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** The type the configuration must have; throws the 400 kube-apiserver answers for another. */
function checkType(input: ApplyInput): string {
  const apiVersion = typeof input.applied.apiVersion === 'string' ? input.applied.apiVersion : '';
  const kind = typeof input.applied.kind === 'string' ? input.applied.kind : '';
  const expectedKind = input.kind ?? input.live?.kind;
  if (apiVersion !== input.apiVersion || kind === '' || (expectedKind !== undefined && kind !== expectedKind)) {
    const slash = apiVersion.indexOf('/');
    const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
    throw PatchError.badRequest(`invalid object type: ${group}/${version}, Kind=${kind}`);
  }
  return kind;
}

/** `namespace/name; group/version, Kind=Kind`, as kube-apiserver names the object in apply errors. */
function describeObject(obj: KubeObject, apiVersion: string, kind: string): string {
  const gv = apiVersion.includes('/') ? apiVersion : `/${apiVersion}`;
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}; ${gv}, Kind=${kind}`;
}

function formatErrors(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0] as string : `errors:\n  ${errors.join('\n  ')}`;
}

function withoutManagedFields(obj: KubeObject | undefined): JsonObject {
  const copy = cloneJson(obj ?? {}) as KubeObject;
  if (copy.metadata) delete copy.metadata.managedFields;
  return copy as JsonObject;
}

function setManagedFields(obj: KubeObject, managedFields: ManagedFieldsEntry[]): void {
  if (managedFields.length > 0) obj.metadata = { ...obj.metadata, managedFields };
  else if (obj.metadata) delete obj.metadata.managedFields;
}

/** Drops null members: the typed object kube-apiserver stores does not keep them. */
function withoutNullMembers(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutNullMembers);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== null) out[key] = withoutNullMembers(member);
  }
  return out;
}

function conflictsOutside(conflicts: Map<string, FieldSet>, allowed: FieldSet): Map<string, FieldSet> {
  const remaining = new Map<string, FieldSet>();
  for (const [id, set] of conflicts) {
    const rest = FieldSet.of(set.paths().filter((path) => !allowed.has(path)));
    if (!rest.isEmpty()) remaining.set(id, rest);
  }
  return remaining;
}

function conflictError(conflicts: Map<string, FieldSet>, managers: Managers): ApplyConflictError {
  const list = [...conflicts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([id, set]) => {
    const record = managers.get(id) as ManagerRecord;
    return set.paths().map((path) => ({ manager: describeManager(record), field: pathString(path) }));
  });
  return new ApplyConflictError(list);
}
