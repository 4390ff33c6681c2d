// The API server's default table for types without a printer of their own
// (Roles, ClusterRoles, LimitRanges, CustomResourceDefinitions, the review
// types): NAME and CREATED AT, an RFC 3339 time in UTC.
import { column, fieldDoc, nameColumn } from './columns.ts';
import { objectName } from './cell-format.ts';
import { printer } from './printer.ts';

function createdAt(timestamp: string | undefined): string {
  const t = timestamp ? Date.parse(timestamp) : NaN;
  // As Go's zero time, formatted.
  if (Number.isNaN(t)) return '0001-01-01T00:00:00Z';
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const defaultPrinter = printer(
  [nameColumn(), column('Created At', 'date', fieldDoc('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'creationTimestamp'))],
  (obj) => [objectName(obj), createdAt(obj.metadata?.creationTimestamp)],
);
