// The OpenAPI definitions of custom resources, as apiextensions-apiserver's
// openapi builder publishes them: one per served version and kind, named by
// the reversed group (com.example.stable.v1.CronTab), the version's schema
// with apiVersion, kind and metadata filled in, and the list kind beside it.
import type { ResourceType } from '../resources.ts';
import { refPrefix, type Schema } from '../schema/definitions.ts';
import type { JSONSchemaProps } from './crd-object.ts';
import { customResourceOf } from './custom-resource-type.ts';

const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

/** com.example.stable.v1.CronTab for group stable.example.com. */
function customDefinitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

const apiVersionProperty = {
  description: 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  type: 'string',
};
const kindProperty = {
  description: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  type: 'string',
};

/** The schema as OpenAPI v2 can say it: without nullable, defaults and the combinators, which v2 publishing leaves out. */
function toV2(s: JSONSchemaProps): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === 'nullable' || key === 'default') continue;
    if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Record<string, JSONSchemaProps>).map(([k, v]) => [k, toV2(v)]));
    else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) out[key] = toV2(value as JSONSchemaProps);
    else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf' || key === 'not') continue;
    else out[key] = value;
  }
  return out;
}

function objectDefinition(t: ResourceType, schema: JSONSchemaProps | undefined, v2: boolean): Schema {
  const body: Record<string, unknown> = schema ? (v2 ? toV2(schema) : { ...structuredClone(schema) }) : { type: 'object' };
  const properties = { ...(body.properties as Record<string, unknown> | undefined) };
  properties.apiVersion = apiVersionProperty;
  properties.kind = kindProperty;
  properties.metadata = { description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata", $ref: `${refPrefix}${meta}ObjectMeta` };
  return { ...body, type: 'object', properties, 'x-kubernetes-group-version-kind': [{ group: t.group, kind: t.kind, version: t.version }] } as Schema;
}

function listDefinition(t: ResourceType, itemName: string): Schema {
  const listKind = customResourceOf(t)?.names.listKind ?? `${t.kind}List`;
  return {
    description: `${listKind} is a list of ${t.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: apiVersionProperty,
      items: { description: `List of ${t.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`, type: 'array', items: { $ref: `${refPrefix}${itemName}` } },
      kind: kindProperty,
      metadata: { description: "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata", $ref: `${refPrefix}${meta}ListMeta` },
    },
    'x-kubernetes-group-version-kind': [{ group: t.group, kind: listKind, version: t.version }],
  } as Schema;
}

/** The definitions of the custom resource types among `resources`, by name, for the v2 document or (v2 false) the v3 ones. */
export function customDefinitions(resources: readonly ResourceType[], v2: boolean): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const t of resources) {
    const custom = customResourceOf(t);
    if (!custom) continue;
    const name = customDefinitionName(t.group, t.version, t.kind);
    out[name] = objectDefinition(t, custom.schema, v2);
    out[customDefinitionName(t.group, t.version, custom.names.listKind ?? `${t.kind}List`)] = listDefinition(t, name);
  }
  return out;
}

/** The definition name of a custom resource type's kind (or list kind), or undefined for built-in types. */
export function customDefinitionOf(t: ResourceType, kind: string): string | undefined {
  const custom = customResourceOf(t);
  if (!custom) return undefined;
  return customDefinitionName(t.group, t.version, kind === `${t.kind}List` ? custom.names.listKind ?? kind : kind);
}
