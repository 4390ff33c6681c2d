// metadata.managedFields after an ordinary write (create, update, patch), as
// kube-apiserver's field manager records it: the fields the write added or
// changed become the writer's (an Update entry per manager, apiVersion and
// subresource), taken from whoever owned them; removed fields are owned by
// no one. Recording never fails a write: an object it cannot read is stored
// without managedFields, as upstream does.

import type { JsonValue, KubeObject, ManagedFieldsEntry } from '../object.ts';
import type { TypeInfo } from '../schema/type-info.ts';
import { capUpdateManagers } from './cap-update-managers.ts';
import { compareObjects } from './compare-objects.ts';
import { cloneJson, isJsonObject } from './json-value.ts';
import { decodeManagedFields, encodeManagedFields, formatTime, managerIdentifier, type Managers } from './managed-fields.ts';
import { withoutMetaFields } from './meta-fields.ts';
import { releaseChangedFields } from './ownership.ts';
import type { FieldManagerResult } from './server-side-apply.ts';
import { toFieldSet } from './to-field-set.ts';
import { rootSchema } from './value-schema.ts';

export interface RecordUpdateInput {
  /** The object before the write, or undefined for a create. */
  before: KubeObject | undefined;
  /** The object the write stores (its managedFields, if the client set them, are taken as the starting point). */
  after: KubeObject;
  manager: string;
  operation: 'Update';
  subresource?: string;
  apiVersion: string;
  typeInfo: TypeInfo;
  now: Date;
}

// The manager a write is recorded under before it is folded into the writer's entry.
const currentOperation = 'current-operation';

export function recordUpdate(input: RecordUpdateInput): FieldManagerResult {
  const { typeInfo, apiVersion, before, after } = input;
  const managers = startingManagers(before, after, input.subresource !== undefined);
  const isCreate = !before?.metadata?.uid;
  // Objects that carry no managedFields are only tracked from their creation on.
  if (managers.size === 0 && !isCreate) return finish(after, []);

  const schema = rootSchema(typeInfo, apiVersion, after.kind ?? before?.kind ?? '');
  const live = withoutManagedFields(before);
  const next = withoutManagedFields(after);
  if (toFieldSet(typeInfo, live, schema, true).errors.length > 0 || toFieldSet(typeInfo, next, schema, true).errors.length > 0) {
    return finish(after, []);
  }

  const changes = compareObjects(typeInfo, live, next, schema);
  const result = releaseChangedFields(managers, currentOperation, changes);
  const written = withoutMetaFields(changes.modified.union(changes.added));
  if (!written.isEmpty()) {
    const name = { manager: input.manager || 'unknown', operation: 'Update' as const, apiVersion, ...(input.subresource ? { subresource: input.subresource } : {}) };
    const id = managerIdentifier(name);
    const previous = result.get(id);
    result.set(id, { ...name, time: formatTime(input.now), set: previous ? written.union(previous.set) : written });
  }
  return finish(after, encodeManagedFields(capUpdateManagers(result)));
}

/**
 * The managers before the write: those the client sent when it sent any it
 * may set (`[]` or `[{}]` resets them), else those stored.
 */
function startingManagers(before: KubeObject | undefined, after: KubeObject, isSubresource: boolean): Managers {
  const stored = () => {
    try {
      return decodeManagedFields(before?.metadata?.managedFields);
    } catch {
      return new Map() as Managers;
    }
  };
  if (isSubresource) return stored();
  const sent: unknown = after.metadata?.managedFields;
  if (Array.isArray(sent) && (sent.length === 0 || (sent.length === 1 && isEmptyEntry(sent[0])))) return new Map();
  try {
    const managers = decodeManagedFields(sent);
    if (managers.size > 0) return managers;
  } catch {
    // Unreadable managedFields from the client fall back to the stored ones.
  }
  return stored();
}

function isEmptyEntry(entry: unknown): boolean {
  return isJsonObject(entry) && Object.values(entry).every((v) => v === undefined || v === null || v === '');
}

function withoutManagedFields(obj: KubeObject | undefined): JsonValue {
  const copy = cloneJson(obj ?? {});
  if (copy.metadata) delete copy.metadata.managedFields;
  return copy as JsonValue;
}

function finish(after: KubeObject, managedFields: ManagedFieldsEntry[]): FieldManagerResult {
  const object = cloneJson(after);
  if (managedFields.length > 0) object.metadata = { ...object.metadata, managedFields };
  else if (object.metadata) delete object.metadata.managedFields;
  return { object, managedFields };
}
