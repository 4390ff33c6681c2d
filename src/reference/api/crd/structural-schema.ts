// Whether a CRD version's openAPIV3Schema is structural, as
// apiextensions-apiserver's pkg/apiserver/schema requires of every v1 CRD:
// a type everywhere a value is specified (except int-or-string and
// preserve-unknown-fields), items for arrays, patterns that compile,
// properties or additionalProperties but not both, nothing but name and
// generateName under the root's metadata, and the x-kubernetes extensions
// used consistently.
import type { StatusCause } from '../status.ts';
import { forbidden, invalid, required } from '../validation/status-cause.ts';
import type { JSONSchemaProps } from './crd-object.ts';
import { schemaPattern } from './schema-pattern.ts';

const listTypes = ['atomic', 'set', 'map'];

function checkNode(s: JSONSchemaProps, path: string, root: boolean, out: StatusCause[]): void {
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'];
  if (preserve === false) out.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'));
  if (root) {
    if (!s.type) out.push(required(`${path}.type`, 'must not be empty at the root'));
    else if (s.type !== 'object') out.push(invalid(`${path}.type`, s.type, 'must be object at the root'));
  } else if (!s.type && !intOrString && preserve !== true) {
    out.push(required(`${path}.type`, 'must not be empty for specified object fields'));
  }
  if (intOrString && s.type) out.push(invalid(`${path}.type`, s.type, 'must be empty if x-kubernetes-int-or-string is true'));
  if (s['x-kubernetes-embedded-resource'] && s.type !== 'object') out.push(invalid(`${path}.type`, s.type ?? '', 'must be object if x-kubernetes-embedded-resource is true'));
  if (s.type === 'array' && !s.items) out.push(required(`${path}.items`, 'must be specified'));
  const pattern = s.pattern === undefined ? undefined : schemaPattern(s.pattern);
  if (pattern instanceof Error) out.push(invalid(`${path}.pattern`, s.pattern, `must be a valid regular expression, but isn't: ${pattern.message}`));
  if (s.properties && s.additionalProperties !== undefined && s.additionalProperties !== false) {
    out.push(forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  }
  const listType = s['x-kubernetes-list-type'];
  if (listType !== undefined) {
    if (!listTypes.includes(listType)) out.push({ reason: 'FieldValueNotSupported', field: `${path}.x-kubernetes-list-type`, message: `Unsupported value: "${listType}": supported values: "atomic", "set", "map"` });
    else if (s.type !== 'array') out.push(invalid(`${path}.x-kubernetes-list-type`, listType, 'must only be used if type is array'));
  }
  const mapKeys = s['x-kubernetes-list-map-keys'];
  if (listType === 'map') {
    if (!mapKeys?.length) out.push(required(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
    else if (s.items?.type !== 'object') out.push(invalid(`${path}.items.type`, s.items?.type ?? '', 'must be object if parent array\'s x-kubernetes-list-type is map'));
    else {
      for (const k of mapKeys) {
        const key = s.items.properties?.[k];
        if (!key) out.push(invalid(`${path}.x-kubernetes-list-map-keys`, mapKeys, `entries must all be names of item properties`));
        else if (!(s.items.required ?? []).includes(k) && key.default === undefined) {
          out.push(required(`${path}.items.required`, `all map keys must be required or have a default value`));
        }
      }
    }
  } else if (mapKeys?.length) {
    out.push(forbidden(`${path}.x-kubernetes-list-map-keys`, 'must not be set if x-kubernetes-list-type is not map'));
  }
  for (const [name, property] of Object.entries(s.properties ?? {})) {
    const childPath = `${path}.properties[${name}]`;
    if (root && name === 'metadata') checkMetadata(property, childPath, out);
    else checkNode(property, childPath, false, out);
  }
  if (typeof s.additionalProperties === 'object') checkNode(s.additionalProperties, `${path}.additionalProperties`, false, out);
  if (s.items) checkNode(s.items, `${path}.items`, false, out);
}

/** The root's metadata may say it is an object and constrain name and generateName, nothing else. */
function checkMetadata(s: JSONSchemaProps, path: string, out: StatusCause[]): void {
  const others = Object.keys(s).filter((k) => k !== 'type' && k !== 'properties' && k !== 'description');
  const properties = Object.keys(s.properties ?? {}).filter((k) => k !== 'name' && k !== 'generateName');
  if (others.length || properties.length || (s.type !== undefined && s.type !== 'object')) {
    out.push(forbidden(path, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
  }
}

/** The field errors that make a schema not structural; path is that of the openAPIV3Schema. */
export function structuralSchemaErrors(schema: JSONSchemaProps, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  checkNode(schema, path, true, out);
  return out;
}
