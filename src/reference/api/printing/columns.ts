// Column definitions as upstream's printers declare them; descriptions that
// upstream takes from the API types' documentation come from the same
// OpenAPI definitions the server publishes.
import { definitions } from '../schema/definitions.ts';
import type { TableColumnDefinition } from './table-types.ts';

const objectMeta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The documentation of `field` in the OpenAPI definition `definition` (e.g. io.k8s.api.core.v1.PodStatus). */
export function fieldDoc(definition: string, field: string): string {
  return definitions()[definition]?.properties?.[field]?.description ?? '';
}

export function column(name: string, type: string, description: string, priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}

export function wide(name: string, type: string, description: string): TableColumnDefinition {
  return column(name, type, description, 1);
}

export function nameColumn(priority = 0): TableColumnDefinition {
  return column('Name', 'string', fieldDoc(objectMeta, 'name'), priority, 'name');
}

export function ageColumn(): TableColumnDefinition {
  return column('Age', 'string', fieldDoc(objectMeta, 'creationTimestamp'));
}

export function containersColumn(priority = 1): TableColumnDefinition {
  return column('Containers', 'string', 'Names of each container in the template.', priority);
}

export function imagesColumn(priority = 1): TableColumnDefinition {
  return column('Images', 'string', 'Images referenced by each container in the template.', priority);
}

/** io.k8s.api.GROUP.VERSION.KIND, as the definitions name types. */
export function apiType(pkg: string, kind: string): string {
  return `io.k8s.api.${pkg}.${kind}`;
}
