// metadata.managedFields read into field sets per manager and written back,
// as kube-apiserver's fieldmanager does: a manager is identified by its name,
// operation, subresource and (for Update only) apiVersion; entries are written
// Apply first, then oldest first.

import type { ManagedFieldsEntry } from '../object.ts';
import { FieldSet } from './field-set.ts';
import { goQuote } from './go-text.ts';
import { isJsonObject } from './json-value.ts';

export interface ManagerRecord {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  /** RFC 3339, seconds precision, as written in the entry. */
  time?: string;
  set: FieldSet;
}

/** Records keyed by manager identifier. */
export type Managers = Map<string, ManagerRecord>;

export interface ManagerName {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
}

/** The identifier kube-apiserver keys managers by (JSON of the entry without fields and time; appliers without apiVersion). */
export function managerIdentifier(name: ManagerName): string {
  const id: Record<string, string> = { manager: name.manager, operation: name.operation };
  if (name.operation === 'Update') id.apiVersion = name.apiVersion;
  if (name.subresource) id.subresource = name.subresource;
  return JSON.stringify(id);
}

/** A manager as conflict messages name it: `"kubectl-client-side-apply" using apps/v1`. */
export function describeManager(name: ManagerName): string {
  let text = goQuote(name.manager);
  if (name.subresource) text += ` with subresource ${goQuote(name.subresource)}`;
  return name.operation === 'Update' ? `${text} using ${name.apiVersion}` : text;
}

/** Reads managedFields; throws with kube-apiserver's wording when an entry is malformed. */
export function decodeManagedFields(entries: unknown): Managers {
  const managers: Managers = new Map();
  if (entries === undefined || entries === null) return managers;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  entries.forEach((entry: unknown, i) => {
    if (!isJsonObject(entry)) throw new Error(`managed fields entry ${i} must be an object`);
    const { manager, operation, apiVersion, fieldsType, fieldsV1, subresource, time } = entry;
    if (operation !== 'Apply' && operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (typeof apiVersion !== 'string' || apiVersion === '') throw new Error('apiVersion must not be empty');
    if (fieldsType === undefined || fieldsType === '') throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${i}`);
    const record: ManagerRecord = {
      manager: typeof manager === 'string' ? manager : '',
      operation,
      apiVersion,
      set: FieldSet.fromFieldsV1(fieldsV1 ?? {}),
    };
    if (typeof subresource === 'string' && subresource !== '') record.subresource = subresource;
    if (typeof time === 'string') record.time = time;
    managers.set(managerIdentifier(record), record);
  });
  return managers;
}

function seconds(time: string | undefined): number {
  return time === undefined ? 0 : Math.floor(Date.parse(time) / 1000);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  const records = [...managers.values()].sort((p, q) =>
    compareText(p.operation, q.operation)
    || seconds(p.time) - seconds(q.time)
    || compareText(p.manager, q.manager)
    || compareText(p.apiVersion, q.apiVersion)
    || compareText(p.subresource ?? '', q.subresource ?? ''));
  return records.map((r): ManagedFieldsEntry => ({
    manager: r.manager,
    operation: r.operation,
    apiVersion: r.apiVersion,
    ...(r.time === undefined ? {} : { time: r.time }),
    fieldsType: 'FieldsV1',
    fieldsV1: r.set.toFieldsV1(),
    ...(r.subresource === undefined ? {} : { subresource: r.subresource }),
  }));
}

/** metav1.Time's encoding: RFC 3339 in UTC, whole seconds. */
export function formatTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
