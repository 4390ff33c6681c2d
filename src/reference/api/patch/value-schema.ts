// What the patch engines know about the value at one place of an object,
// resolved step by step from TypeInfo as they walk down from the root.

import type { FieldInfo, TypeInfo } from '../schema/type-info.ts';

const objectMetaType = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

export type ValueSchema =
  /** A definition with named fields; `atomic` when x-kubernetes-map-type is atomic. */
  | { kind: 'struct'; type: string; atomic: boolean }
  /** A map from string to `values`. */
  | { kind: 'map'; values: ValueSchema; atomic: boolean }
  /** A list, with the field that declares how it merges. */
  | { kind: 'list'; items: ValueSchema; field: FieldInfo }
  | { kind: 'scalar' }
  /** Nothing is known: maps merge key by key, lists are replaced whole. */
  | { kind: 'unknown' }
  /** The root of a kind TypeInfo does not know: its top-level fields are named and metadata is still ObjectMeta. */
  | { kind: 'untypedObject' };

const unknown: ValueSchema = { kind: 'unknown' };

export function rootSchema(typeInfo: TypeInfo, apiVersion: string, kind: string): ValueSchema {
  const type = typeInfo.rootType(apiVersion, kind);
  return type === undefined ? { kind: 'untypedObject' } : { kind: 'struct', type, atomic: false };
}

function schemaOfField(field: FieldInfo | undefined): ValueSchema {
  if (field === undefined) return unknown;
  const atomic = field.mapType === 'atomic';
  if (field.map) {
    return { kind: 'map', values: field.type === undefined ? { kind: 'scalar' } : { kind: 'struct', type: field.type, atomic: false }, atomic };
  }
  // For a list, mapType is that of its elements.
  const value: ValueSchema = field.type === undefined ? { kind: 'scalar' } : { kind: 'struct', type: field.type, atomic };
  return field.list ? { kind: 'list', items: value, field } : value;
}

export interface Member {
  schema: ValueSchema;
  /** The declaring field, for a member of a struct that TypeInfo knows. */
  field?: FieldInfo;
  /** Whether the key is a field of a struct rather than a key of a map. */
  named: boolean;
}

/** The member `key` of an object whose schema is `parent`. */
export function memberOf(typeInfo: TypeInfo, parent: ValueSchema, key: string): Member {
  switch (parent.kind) {
    case 'struct': {
      const field = typeInfo.field(parent.type, key);
      return field === undefined ? { schema: unknown, named: false } : { schema: schemaOfField(field), field, named: true };
    }
    case 'map':
      return { schema: parent.values, named: false };
    case 'untypedObject':
      return { schema: key === 'metadata' ? { kind: 'struct', type: objectMetaType, atomic: false } : unknown, named: true };
    default:
      return { schema: unknown, named: false };
  }
}

export function itemsOf(parent: ValueSchema): ValueSchema {
  return parent.kind === 'list' ? parent.items : unknown;
}

/** A name for error messages. */
export function schemaName(schema: ValueSchema): string {
  return schema.kind === 'struct' ? schema.type : schema.kind;
}
