// A printer from column definitions and a function giving an object's cells.
import type { KubeObject } from '../object.ts';
import type { PrintedRow, Printer, TableCell, TableColumnDefinition } from './table-types.ts';

export function printer<T extends KubeObject>(columns: TableColumnDefinition[], cells: (obj: T, now: number) => TableCell[]): Printer {
  return {
    columns,
    row(obj: KubeObject, now: number): PrintedRow {
      return { cells: cells(obj as T, now) };
    },
  };
}
