// metav1.Condition lists as apimeta.SetStatusCondition keeps them: one
// condition per type, whose lastTransitionTime moves only when its status does.

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

/** A metav1.Time: RFC 3339 in UTC, whole seconds. */
export function timestamp(at: number): string {
  return new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Replaces the condition of that type, keeping lastTransitionTime unless the status changes. */
export function setCondition(conditions: Condition[] | undefined, next: Omit<Condition, 'lastTransitionTime'>, now: number): Condition[] {
  const existing = (conditions ?? []).find((c) => c.type === next.type);
  const lastTransitionTime = existing && existing.status === next.status ? existing.lastTransitionTime : timestamp(now);
  const updated: Condition = { ...next, lastTransitionTime };
  return existing ? (conditions ?? []).map((c) => (c.type === next.type ? updated : c)) : [...(conditions ?? []), updated];
}
