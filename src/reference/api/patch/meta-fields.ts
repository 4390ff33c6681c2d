// The type and object metadata no manager owns: kube-apiserver strips them
// from every field set it records (fieldmanager's stripMetaManager).

import { FieldSet } from './field-set.ts';

const unowned = FieldSet.of([
  [{ field: 'apiVersion' }],
  [{ field: 'kind' }],
  [{ field: 'metadata' }],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion']
    .map((field) => [{ field: 'metadata' }, { field }]),
]);

export function withoutMetaFields(set: FieldSet): FieldSet {
  return set.difference(unowned);
}
