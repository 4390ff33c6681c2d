// The field errors of a custom resource: ObjectMeta's rules (names are DNS
// subdomains) and its version's schema, as apiextensions-apiserver's
// customResourceStrategy validates on create, update and status writes.
import type { KubeObject } from '../object.ts';
import type { StatusCause } from '../status.ts';
import { dnsSubdomainName } from '../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.ts';
import type { CustomResourceType } from './custom-resource-type.ts';
import { validateAgainstSchema } from './schema-validation.ts';

export function validateCustomResource(t: CustomResourceType, obj: KubeObject, old?: KubeObject): StatusCause[] {
  const meta = old ? validateObjectMetaUpdate(obj.metadata, old.metadata) : validateObjectMeta(obj.metadata, t.namespaced, dnsSubdomainName);
  const schema = t.custom.schema;
  return [...meta, ...(schema ? validateAgainstSchema(schema, obj) : [])];
}
