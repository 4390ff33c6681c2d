// The meta.k8s.io Table vocabulary, and what a printer is: the column
// definitions of a type and the cells of one object's row.
import type { KubeObject } from '../object.ts';

export interface TableColumnDefinition {
  name: string;
  /** An OpenAPI type: string, integer, number, boolean, date. */
  type: string;
  /** "name" for the column that names the object. */
  format: string;
  description: string;
  /** 0: always shown; higher: kubectl shows it with -o wide only. */
  priority: number;
}

export type TableCell = string | number | boolean | null;

export interface TableRowCondition {
  type: 'Completed';
  status: 'True';
  reason: string;
  message: string;
}

export interface PrintedRow {
  /** One cell per column, the wide columns included (the server always prints them; kubectl hides them). */
  cells: TableCell[];
  conditions?: TableRowCondition[];
}

export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  row(obj: KubeObject, now: number): PrintedRow;
}
