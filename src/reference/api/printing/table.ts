// Builds a meta.k8s.io Table: the printer's column definitions (left out when
// a watch already sent them), one row per object, and each row's object as
// the client asked with includeObject: its metadata (the default), all of
// it, or nothing.
import type { KubeObject } from '../object.ts';
import { badRequest } from '../status.ts';
import { asPartialObjectMetadata, type ListMeta } from './partial-object-metadata.ts';
import type { Printer, TableColumnDefinition, TableRowCondition, TableCell } from './table-types.ts';

export type IncludeObject = 'Metadata' | 'Object' | 'None';

const includeObjectValues: IncludeObject[] = ['Metadata', 'None', 'Object'];

/** The includeObject query parameter, validated as TableOptions are (400 otherwise). */
export function includeObjectOf(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject') ?? '';
  if (v === '') return 'Metadata';
  if (!includeObjectValues.includes(v as IncludeObject)) {
    throw badRequest(`Unable to convert to Table as requested: includeObject: Unsupported value: "${v}": supported values: ${includeObjectValues.map((x) => `"${x}"`).join(', ')}`);
  }
  return v as IncludeObject;
}

export interface TableOptions {
  /** meta.k8s.io/v1 or meta.k8s.io/v1beta1. */
  apiVersion: string;
  includeObject: IncludeObject;
  /** Leave the column definitions out (watch events after the first). */
  noHeaders: boolean;
  now: number;
}

interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  object: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: ListMeta;
  columnDefinitions: readonly TableColumnDefinition[] | null;
  rows: TableRow[];
}

function rowObject(obj: KubeObject, o: TableOptions): unknown {
  if (o.includeObject === 'None') return null;
  if (o.includeObject === 'Object') return obj;
  return asPartialObjectMetadata(obj, o.apiVersion);
}

export function buildTable(printer: Printer, objects: KubeObject[], listMeta: ListMeta, o: TableOptions): Table {
  return {
    kind: 'Table',
    apiVersion: o.apiVersion,
    metadata: listMeta,
    columnDefinitions: o.noHeaders ? null : printer.columns,
    rows: objects.map((obj) => {
      const printed = printer.row(obj, o.now);
      return { cells: printed.cells, ...(printed.conditions ? { conditions: printed.conditions } : {}), object: rowObject(obj, o) };
    }),
  };
}
