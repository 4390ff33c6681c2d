// Turns the models read from the npm packages into OpenAPI v2 definitions:
// structure, formats, required fields and descriptions from
// @kubernetes/client-node, the gaps it leaves filled from kubernetes-models,
// x-kubernetes-group-version-kind on every kind, and the merge directives of
// patch-directives.ts.

import type { GroupVersionKind, Schema } from '../definitions.ts';
import { groupOfPackage, parseDefinitionName } from '../definition-names.ts';
import { patchDirectives, type FieldDirectives } from '../patch-directives.ts';
import type { DeclaredProperty } from './declaration-docs.ts';
import type { Model, ModelField } from './client-node-models.ts';
import { referencedDefinition, type KnownDefinition } from './kubernetes-models.ts';
import { intOrStringName, microTimeName, quantityName, specialDescriptions, specialShapes, timeName } from './special-definitions.ts';

export interface DefinitionSources {
  models: Model[];
  /** Model class name to definition name. */
  classNames: Map<string, string>;
  known: Map<string, KnownDefinition>;
}

const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });

function scalar(type: string, format: string, knownRef: string | undefined, where: string): Schema {
  switch (type) {
    case 'string':
      if (knownRef === quantityName) return ref(quantityName);
      return format === 'byte' ? { type: 'string', format } : { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      if (format === 'int32' || format === 'int64') return { type: 'integer', format };
      if (format === 'double') return { type: 'number', format };
      throw new Error(`${where}: number without a known format (${format})`);
    case 'Date':
      return ref(timeName);
    case 'V1MicroTime':
      return ref(microTimeName);
    case 'IntOrString':
      return ref(intOrStringName);
    case 'any':
      return knownRef && knownRef in specialShapes ? ref(knownRef) : { type: 'object' };
  }
  throw new Error(`${where}: unknown type ${type}`);
}

function typeSchema(type: string, format: string, knownRef: string | undefined, classNames: Map<string, string>, where: string): Schema {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return { type: 'array', items: typeSchema(array[1]!, format, knownRef, classNames, where) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return { type: 'object', additionalProperties: typeSchema(map[1]!, format, knownRef, classNames, where) };
  const model = classNames.get(type);
  return model ? ref(model) : scalar(type, format, knownRef, where);
}

function propertySchema(field: ModelField, known: DeclaredProperty | undefined, classNames: Map<string, string>, where: string): Schema {
  const description = field.description ?? known?.description;
  const schema = typeSchema(field.type, field.format, known && referencedDefinition(known), classNames, where);
  return description === undefined ? schema : { description, ...schema };
}

function directiveExtensions(d: FieldDirectives): Schema {
  const s: Schema = {};
  if (d.listType) s['x-kubernetes-list-type'] = d.listType;
  if (d.listMapKeys) s['x-kubernetes-list-map-keys'] = [...d.listMapKeys];
  if (d.mapType) s['x-kubernetes-map-type'] = d.mapType;
  if (d.patchMergeKey) s['x-kubernetes-patch-merge-key'] = d.patchMergeKey;
  if (d.patchStrategy) s['x-kubernetes-patch-strategy'] = d.patchStrategy;
  return s;
}

function applyDirectives(definitions: Record<string, Schema>): void {
  for (const [name, directives] of Object.entries(patchDirectives)) {
    const definition = definitions[name];
    if (!definition) throw new Error(`patch-directives.ts: no definition ${name}`);
    if (directives.mapType) definition['x-kubernetes-map-type'] = directives.mapType;
    for (const [field, d] of Object.entries(directives.fields ?? {})) {
      const property = definition.properties?.[field];
      if (!property) throw new Error(`patch-directives.ts: ${name} has no field ${field}`);
      if ((d.listType || d.patchMergeKey) && property.type !== 'array') throw new Error(`patch-directives.ts: ${name}.${field} is not a list`);
      Object.assign(property, directiveExtensions(d));
    }
  }
}

const isKind = (schema: Schema): boolean => ['apiVersion', 'kind', 'metadata'].every((p) => schema.properties?.[p] !== undefined);

function applyGroupVersionKinds(definitions: Record<string, Schema>): void {
  const groupVersions = new Map<string, GroupVersionKind>();
  for (const [name, schema] of Object.entries(definitions)) {
    const parsed = parseDefinitionName(name);
    if (!parsed || parsed.pkg === 'meta' || !isKind(schema)) continue;
    const group = groupOfPackage(parsed.pkg);
    schema['x-kubernetes-group-version-kind'] = [{ group, kind: parsed.kind, version: parsed.version }];
    groupVersions.set(`${group}/${parsed.version}`, { group, kind: '', version: parsed.version });
  }
  const everyGroupVersion = (kind: string): GroupVersionKind[] =>
    [...groupVersions.keys()].sort().map((k) => ({ ...groupVersions.get(k)!, kind }));
  const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
  definitions[`${meta}Status`]!['x-kubernetes-group-version-kind'] = [{ group: '', kind: 'Status', version: 'v1' }];
  definitions[`${meta}DeleteOptions`]!['x-kubernetes-group-version-kind'] = everyGroupVersion('DeleteOptions');
  definitions[`${meta}WatchEvent`]!['x-kubernetes-group-version-kind'] = everyGroupVersion('WatchEvent');
}

export function buildDefinitions({ models, classNames, known }: DefinitionSources): Record<string, Schema> {
  const definitions: Record<string, Schema> = {};
  for (const model of models) {
    const name = classNames.get(model.className)!;
    const knownDefinition = known.get(name);
    const properties: Record<string, Schema> = {};
    for (const field of model.fields) {
      properties[field.name] = propertySchema(field, knownDefinition?.properties.get(field.name), classNames, `${name}.${field.name}`);
    }
    const description = model.description ?? knownDefinition?.description;
    const required = model.fields.filter((f) => f.required).map((f) => f.name);
    definitions[name] = {
      ...(description === undefined ? {} : { description }),
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
    };
  }
  for (const [name, shape] of Object.entries(specialShapes)) {
    const description = known.get(name)?.description ?? specialDescriptions[name];
    definitions[name] = { ...(description === undefined ? {} : { description }), ...shape };
  }
  applyGroupVersionKinds(definitions);
  applyDirectives(definitions);
  return Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
