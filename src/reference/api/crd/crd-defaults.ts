// apiextensions/v1 defaulting of a CustomResourceDefinition: the singular and
// list kind names, conversion strategy None, the status a new CRD starts
// with, and the storage version among status.storedVersions.
import type { CustomResourceDefinition } from './crd-object.ts';

export function defaultCrd(crd: CustomResourceDefinition, isCreate: boolean): void {
  const spec = crd.spec;
  if (!spec || typeof spec !== 'object') return;
  const names = spec.names;
  if (names && typeof names === 'object' && typeof names.kind === 'string') {
    names.singular ||= names.kind.toLowerCase();
    names.listKind ||= `${names.kind}List`;
  }
  spec.conversion ??= { strategy: 'None' };
  spec.conversion.strategy ??= 'None';
  if (isCreate) crd.status = { conditions: [], acceptedNames: { plural: '', kind: '' }, storedVersions: [] };
  // Objects may now be written in the storage version, so it is one the stored objects can be in.
  const storage = Array.isArray(spec.versions) ? spec.versions.find((v) => v?.storage)?.name : undefined;
  const status = (crd.status ??= {});
  const stored = (status.storedVersions ??= []);
  if (storage && !stored.includes(storage)) stored.push(storage);
}
