// What the patch engines (strategic merge patch, server-side apply) need to
// know about the built-in types: for each field of a definition, what type it
// holds and how lists and maps in it merge. Definition names are OpenAPI's
// (io.k8s.api.core.v1.PodSpec).

import { definitions, refName, type Schema } from './definitions.ts';

export interface FieldInfo {
  /** The definition name of the value, or of the elements of a list or map; absent for scalars. */
  type?: string;
  /** The value is a list (of `type` when that is set, of scalars otherwise). */
  list?: boolean;
  /** The value is a map from string (to `type`, or to scalars). */
  map?: boolean;
  /** Strategic merge patch: x-kubernetes-patch-strategy. */
  patchStrategy?: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';
  /** Strategic merge patch: x-kubernetes-patch-merge-key. */
  patchMergeKey?: string;
  /** Server-side apply: x-kubernetes-list-type. */
  listType?: 'atomic' | 'set' | 'map';
  /** Server-side apply: x-kubernetes-list-map-keys. */
  listMapKeys?: string[];
  /** Server-side apply: x-kubernetes-map-type (for maps and structs; for a list of structs, that of its elements). */
  mapType?: 'atomic' | 'granular';
}

export interface TypeInfo {
  /** The definition name of a top-level kind, or undefined when the type is unknown. */
  rootType(apiVersion: string, kind: string): string | undefined;
  /** The field of a definition, or undefined when the definition or the field is unknown. */
  field(type: string, field: string): FieldInfo | undefined;
}

/**
 * A TypeInfo over OpenAPI v2 definitions. `type` is set for fields that hold
 * objects, including free-form ones (RawExtension, FieldsV1) that have no
 * known fields; values that serialise as scalars (Time, Quantity,
 * IntOrString) leave it unset. `mapType` is the field's own
 * x-kubernetes-map-type or else that of the struct the field holds, or of the
 * structs in its list (a LabelSelector is atomic wherever it is used, and so
 * is each OwnerReference in metadata.ownerReferences).
 */
export function typeInfoOf(defs: Record<string, Schema>): TypeInfo {
  const roots = new Map<string, string>();
  for (const [name, schema] of Object.entries(defs)) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
      roots.set(`${apiVersion}/${gvk.kind}`, name);
    }
  }
  return {
    rootType: (apiVersion, kind) => roots.get(`${apiVersion}/${kind}`),
    field(type, field) {
      const property = defs[type]?.properties?.[field];
      if (!property) return undefined;
      const info: FieldInfo = {};
      let value = property;
      if (property.type === 'array' && property.items) {
        info.list = true;
        value = property.items;
      } else if (property.additionalProperties) {
        info.map = true;
        value = property.additionalProperties;
      }
      const target = value.$ref === undefined ? undefined : refName(value.$ref);
      if (target !== undefined && defs[target]?.type === 'object') info.type = target;
      const strategy = property['x-kubernetes-patch-strategy'];
      if (strategy) info.patchStrategy = strategy;
      const mergeKey = property['x-kubernetes-patch-merge-key'];
      if (mergeKey) info.patchMergeKey = mergeKey;
      const listType = property['x-kubernetes-list-type'];
      if (listType) info.listType = listType;
      const mapKeys = property['x-kubernetes-list-map-keys'];
      if (mapKeys) info.listMapKeys = [...mapKeys];
      const mapType = property['x-kubernetes-map-type'] ?? (info.type && !info.map ? defs[info.type]?.['x-kubernetes-map-type'] : undefined);
      if (mapType) info.mapType = mapType;
      return info;
    },
  };
}

let builtin: TypeInfo | undefined;

/** The TypeInfo of the built-in types, from the generated definitions. */
export function builtinTypeInfo(): TypeInfo {
  builtin ??= typeInfoOf(definitions());
  return builtin;
}
