// How a write moves field ownership between managers (structured-merge-diff's
// Updater.update): the fields it changes are taken from their other owners,
// a conflict for an apply without force, and the fields it removes are
// owned by nobody afterwards.

import type { Comparison } from './compare-objects.ts';
import type { FieldSet } from './field-set.ts';
import type { Managers } from './managed-fields.ts';

/** For each manager other than `actor`, the fields it owns that the write adds or modifies. */
export function conflictsWith(managers: Managers, actor: string, changes: Comparison): Map<string, FieldSet> {
  const changed = changes.modified.union(changes.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [id, record] of managers) {
    if (id === actor) continue;
    const conflict = record.set.intersection(changed);
    if (!conflict.isEmpty()) conflicts.set(id, conflict);
  }
  return conflicts;
}

/** A copy of `managers` where the others have lost what the write changed or removed, and managers left with nothing are gone. */
export function releaseChangedFields(managers: Managers, actor: string, changes: Comparison): Managers {
  const changed = changes.modified.union(changes.added);
  const out: Managers = new Map();
  for (const [id, record] of managers) {
    const set = id === actor ? record.set : record.set.difference(changed).difference(changes.removed);
    if (!set.isEmpty()) out.set(id, { ...record, set });
  }
  return out;
}
