// What the patch engines and the field manager know of a custom resource:
// its version's schema as a TypeInfo, so that server-side apply merges lists
// by x-kubernetes-list-type and x-kubernetes-list-map-keys and maps by
// x-kubernetes-map-type. Definitions of the schema's objects get synthetic
// names; metadata (and that of embedded resources) is the built-in ObjectMeta.
import type { ResourceType } from '../resources.ts';
import { builtinTypeInfo, type FieldInfo, type TypeInfo } from '../schema/type-info.ts';
import type { JSONSchemaProps } from './crd-object.ts';
import { customResourceOf } from './custom-resource-type.ts';

const objectMeta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const prefix = 'customresource:';

function isStruct(s: JSONSchemaProps): boolean {
  return s.type === 'object' && s.properties !== undefined;
}

function typeInfoOfSchema(root: JSONSchemaProps): TypeInfo {
  const nodes = new Map<string, JSONSchemaProps>();
  const name = (s: JSONSchemaProps, path: string) => {
    const n = `${prefix}${path}`;
    nodes.set(n, s);
    return n;
  };
  const rootName = name(root, '');
  const builtin = builtinTypeInfo();
  return {
    rootType: () => rootName,
    field(type, field) {
      const parent = nodes.get(type);
      if (!parent) return builtin.field(type, field);
      // The root's metadata (and an embedded resource's) is ObjectMeta whether or not the schema mentions it.
      if (field === 'metadata' && (type === rootName || parent['x-kubernetes-embedded-resource'])) return { type: objectMeta };
      const property = parent.properties?.[field];
      if (!property) return undefined;
      const info: FieldInfo = {};
      let value = property;
      if (property.type === 'array' && property.items) {
        info.list = true;
        value = property.items;
      } else if (typeof property.additionalProperties === 'object') {
        info.map = true;
        value = property.additionalProperties;
      }
      const path = `${type.slice(prefix.length)}.${field}`;
      if (isStruct(value)) info.type = name(value, path);
      const listType = property['x-kubernetes-list-type'];
      if (listType) info.listType = listType;
      const mapKeys = property['x-kubernetes-list-map-keys'];
      if (mapKeys) info.listMapKeys = [...mapKeys];
      const mapType = info.list ? value['x-kubernetes-map-type'] : property['x-kubernetes-map-type'];
      if (mapType) info.mapType = mapType;
      return info;
    },
  };
}

const cache = new WeakMap<JSONSchemaProps, TypeInfo>();

/** The TypeInfo for objects of t: its schema's for a custom resource, the built-in types' otherwise. */
export function typeInfoFor(t: ResourceType): TypeInfo {
  const schema = customResourceOf(t)?.schema;
  if (!schema) return builtinTypeInfo();
  let info = cache.get(schema);
  if (!info) {
    info = typeInfoOfSchema(schema);
    cache.set(schema, info);
  }
  return info;
}
