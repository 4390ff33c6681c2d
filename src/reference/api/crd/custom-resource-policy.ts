// What the write path does differently for CustomResourceDefinitions and
// custom resources: the CRD's defaults and validation rules, and a custom
// resource's structural defaults and schema validation.
import type { KubeObject } from '../object.ts';
import type { ResourceType } from '../resources.ts';
import type { StatusCause } from '../status.ts';
import { validateObject } from '../validation/validate-object.ts';
import { crdType } from './crd-controller.ts';
import { defaultCrd } from './crd-defaults.ts';
import type { CustomResourceDefinition } from './crd-object.ts';
import { validateCrd } from './crd-validation.ts';
import { customResourceOf, type CustomResourceType } from './custom-resource-type.ts';
import { validateCustomResource } from './custom-resource-validation.ts';
import { applySchemaDefaults } from './defaulting.ts';

/** Defaults a CRD or a custom resource; false for other types, which the built-in defaulters handle. */
export function applyCustomDefaults(t: ResourceType, obj: KubeObject, isCreate: boolean): boolean {
  if (t === crdType) {
    defaultCrd(obj as CustomResourceDefinition, isCreate);
    return true;
  }
  const custom = customResourceOf(t);
  if (!custom) return false;
  // With a status subresource, a new object's status is the controller's to write, not the creator's.
  if (isCreate && t.subresources.includes('status')) delete obj.status;
  applySchemaDefaults(custom.schema, obj);
  // Stored in the storage version whatever version it came through (conversion None: only apiVersion changes).
  obj.apiVersion = `${t.group}/${custom.storageVersion}`;
  return true;
}

/**
 * apiextensions-apiserver checks ObjectMeta with apimachinery's rules, where a
 * finalizer only has to be a qualified name: the core API's "standard
 * finalizer or fully qualified" rule does not apply to CRDs and custom resources.
 */
function withoutCoreFinalizerRule(causes: StatusCause[]): StatusCause[] {
  return causes.filter((c) => !(c.field?.startsWith('metadata.finalizers[') && c.message.endsWith('name is neither a standard finalizer name nor is it fully qualified')));
}

/** The field errors of a CRD or a custom resource; undefined for other types. */
export function validateCustom(t: ResourceType, obj: KubeObject, old: KubeObject | undefined, subresource: string | undefined): StatusCause[] | undefined {
  if (t === crdType) {
    const builtin = withoutCoreFinalizerRule(validateObject(t, obj, old, subresource));
    return [...builtin, ...validateCrd(obj as CustomResourceDefinition, old as CustomResourceDefinition | undefined)];
  }
  if (!customResourceOf(t)) return undefined;
  return withoutCoreFinalizerRule(validateCustomResource(t as CustomResourceType, obj, old));
}
