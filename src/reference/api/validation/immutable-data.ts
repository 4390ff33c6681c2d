// ConfigMaps and Secrets marked immutable keep their data.
import { semanticEqual, type Obj } from './object-access.ts';
import { forbidden, type StatusCause } from './status-cause.ts';

/** Once `immutable` is true, neither it nor the data may change. */
export function validateImmutableData(current: Obj, old: Obj, fields: readonly string[]): StatusCause[] {
  if (old.immutable !== true) return [];
  const causes: StatusCause[] = [];
  if (current.immutable !== true) causes.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const field of fields) {
    if (!semanticEqual(current[field], old[field])) causes.push(forbidden(field, 'field is immutable when `immutable` is set'));
  }
  return causes;
}
