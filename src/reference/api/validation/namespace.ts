// Namespaces: spec.finalizers are qualified names; the status phase follows
// deletion.
import { child } from './field-path.ts';
import { isQualifiedName } from './formats.ts';
import { validateKubeFinalizerName } from './object-meta.ts';
import { arr, obj, str, type Obj } from './object-access.ts';
import { invalid, type StatusCause } from './status-cause.ts';

export function validateNamespaceSpec(ns: Obj): StatusCause[] {
  const path = child('spec', 'finalizers');
  const finalizers = arr(obj(ns.spec).finalizers).map(str);
  const causes: StatusCause[] = [];
  for (const f of finalizers) {
    causes.push(...isQualifiedName(f).map((msg) => invalid(path, f, msg)));
    causes.push(...validateKubeFinalizerName(f, path));
  }
  return causes;
}

/** A status write: Active unless being deleted, then Terminating. */
export function validateNamespaceStatus(ns: Obj): StatusCause[] {
  const phase = str(obj(ns.status).phase);
  const path = child('status', 'Phase');
  if (!obj(ns.metadata).deletionTimestamp) {
    return phase === 'Active' ? [] : [invalid(path, phase, 'may only be \'Active\' if `deletionTimestamp` is empty')];
  }
  return phase === 'Terminating' ? [] : [invalid(path, phase, 'may only be \'Terminating\' if `deletionTimestamp` is not empty')];
}
