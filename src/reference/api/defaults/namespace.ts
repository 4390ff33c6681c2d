// Namespaces: the kubernetes.io/metadata.name label (SetDefaults_Namespace),
// the "kubernetes" finalizer and the Active phase a new namespace gets. The
// finalizer is not put back on a namespace being deleted, whose finalizers
// the namespace controller removes.
import { arr, ensureObj, str, type Obj } from '../validation/object-access.ts';

export function defaultNamespace(ns: Obj): void {
  const meta = ensureObj(ns, 'metadata');
  const name = str(meta.name);
  if (name) ensureObj(meta, 'labels')['kubernetes.io/metadata.name'] = name;
  const spec = ensureObj(ns, 'spec');
  const finalizers = arr(spec.finalizers);
  if (!meta.deletionTimestamp && !finalizers.includes('kubernetes')) spec.finalizers = [...finalizers, 'kubernetes'];
  const status = ensureObj(ns, 'status');
  status.phase ||= 'Active';

}
