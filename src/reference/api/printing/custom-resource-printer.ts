// Custom resources as the apiextensions-apiserver's table convertor prints
// them: NAME, then the version's additionalPrinterColumns (AGE when it
// declares none), each cell found by its JSONPath and typed by the column.
import type { PrinterColumn } from '../resources.ts';
import { column, nameColumn } from './columns.ts';
import { objectName } from './cell-format.ts';
import { timeSince } from './human-duration.ts';
import { findJsonPath, jsonPathText } from './jsonpath.ts';
import type { PrintedRow, Printer, TableCell } from './table-types.ts';

const ageColumn: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  priority: 0,
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
};

/** A JSON value as a cell of the column's type; null when it does not fit (upstream's cellForJSONValue). */
export function typedCell(type: string, value: unknown, now: number): TableCell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      return typeof value === 'string' ? value : null;
    case 'date':
      if (typeof value !== 'string') return null;
      return Number.isNaN(Date.parse(value)) ? '<invalid>' : timeSince(value, now);
    default:
      return null;
  }
}

function cellFor(col: PrinterColumn, obj: unknown, now: number): TableCell {
  let results: unknown[];
  try {
    results = findJsonPath(col.jsonPath, obj);
  } catch {
    // A path this evaluator cannot read prints as a missing value rather than failing the whole list.
    return null;
  }
  if (results.length === 0 || results[0] === undefined) return null;
  // String columns print whatever the path selects; the others keep only values of their type.
  return col.type === 'string' ? jsonPathText(results[0]) : typedCell(col.type, results[0], now);
}

export function customResourcePrinter(printerColumns: readonly PrinterColumn[]): Printer {
  const columns = printerColumns.length > 0 ? printerColumns : [ageColumn];
  return {
    columns: [nameColumn(), ...columns.map((c) => column(c.name, c.type, c.description ?? '', c.priority ?? 0, c.format ?? ''))],
    row(obj, now): PrintedRow {
      return { cells: [objectName(obj), ...columns.map((c) => cellFor(c, obj, now))] };
    },
  };
}
