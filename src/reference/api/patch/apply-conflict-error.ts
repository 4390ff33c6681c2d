// The 409 kube-apiserver answers when a server-side apply would change fields
// that other managers own. Message and causes follow
// k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager (NewConflictError).

import { PatchError } from './patch-error.ts';

export interface ApplyConflict {
  /** The owner as kube-apiserver names it: `"kubectl-client-side-apply" using apps/v1`, or `"helm"` for an applier. */
  manager: string;
  /** The field in kube-apiserver's path notation: `.spec.replicas`, `.spec.containers[name="web"].image`. */
  field: string;
}

export class ApplyConflictError extends PatchError {
  readonly conflicts: readonly ApplyConflict[];

  /** `conflicts` in the order to report them (grouped by manager for the message). */
  constructor(conflicts: readonly ApplyConflict[]) {
    const causes = conflicts.map((c) => ({ type: 'FieldManagerConflict', message: `conflict with ${c.manager}`, field: c.field }));
    const message = conflictMessage(conflicts);
    super(409, 'Conflict', message, message, causes);
    this.name = 'ApplyConflictError';
    this.conflicts = conflicts;
  }
}

function conflictMessage(conflicts: readonly ApplyConflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only) return `Apply failed with 1 conflict: conflict with ${only.manager}: ${only.field}`;
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) {
    const fields = byManager.get(c.manager) ?? [];
    fields.push(c.field);
    byManager.set(c.manager, fields);
  }
  const lines: string[] = [];
  for (const [manager, fields] of byManager) {
    lines.push(`conflicts with ${manager}:`, ...fields.map((f) => `- ${f}`));
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}
