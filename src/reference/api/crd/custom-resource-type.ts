// A custom resource's type: the ResourceType every generic part of the API
// server works with, carrying what its CustomResourceDefinition says about
// the served version (schema, subresources, storage version).
import { allVerbs, type ResourceType, type Subresource } from '../resources.ts';
import type { CrdNames, CrdVersion, CustomResourceDefinition, JSONSchemaProps, ScaleSubresource } from './crd-object.ts';
import { compareVersionPriority } from './version-priority.ts';

export interface CustomResourceInfo {
  /** metadata.name of the CustomResourceDefinition. */
  crdName: string;
  names: CrdNames;
  /** The version objects are stored in; every served version reads and writes the same objects. */
  storageVersion: string;
  schema: JSONSchemaProps | undefined;
  scale: ScaleSubresource | undefined;
  deprecationWarning: string | undefined;
}

export interface CustomResourceType extends ResourceType {
  custom: CustomResourceInfo;
}

export function customResourceOf(t: ResourceType): CustomResourceInfo | undefined {
  return (t as Partial<CustomResourceType>).custom;
}

/** The version's own warning, or upstream's default: deprecated, and which newer served version to use instead. */
function deprecationWarning(crd: CustomResourceDefinition, v: CrdVersion): string | undefined {
  if (!v.deprecated) return undefined;
  if (v.deprecationWarning !== undefined) return v.deprecationWarning;
  const { group, names } = crd.spec;
  const newer = crd.spec.versions
    .filter((x) => x.served && !x.deprecated && compareVersionPriority(x.name, v.name) < 0)
    .map((x) => x.name)
    .sort(compareVersionPriority);
  const message = `${group}/${v.name} ${names.kind} is deprecated`;
  return newer[0] ? `${message}; use ${group}/${newer[0]} ${names.kind}` : message;
}

/** The types a CRD serves, one per served version, named by its accepted names. */
export function customResourceTypes(crd: CustomResourceDefinition, names: CrdNames): CustomResourceType[] {
  const storage = crd.spec.versions.find((v) => v.storage)?.name ?? crd.spec.versions[0]?.name ?? '';
  return crd.spec.versions.filter((v) => v.served).map((v) => {
    const subresources: Subresource[] = [];
    if (v.subresources?.status) subresources.push('status');
    if (v.subresources?.scale) subresources.push('scale');
    return {
      group: crd.spec.group,
      version: v.name,
      kind: names.kind,
      plural: names.plural,
      singular: names.singular || names.kind.toLowerCase(),
      namespaced: crd.spec.scope === 'Namespaced',
      shortNames: names.shortNames ?? [],
      subresources,
      categories: names.categories ?? [],
      generation: true,
      verbs: allVerbs,
      printerColumns: (v.additionalPrinterColumns ?? []).map((c) => ({ ...c, priority: c.priority ?? 0 })),
      custom: {
        crdName: crd.metadata?.name ?? '',
        names,
        storageVersion: storage,
        schema: v.schema?.openAPIV3Schema,
        scale: v.subresources?.scale,
        deprecationWarning: deprecationWarning(crd, v),
      },
    };
  });
}
