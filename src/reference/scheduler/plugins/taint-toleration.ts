// TaintToleration: a pod must tolerate every NoSchedule and NoExecute taint of
// a node; nodes with fewer untolerated PreferNoSchedule taints score higher.
import { defaultNormalizeScore, unresolvable, type FilterPlugin, type ScorePlugin } from '../framework.ts';
import type { Taint, Toleration } from '../pod-types.ts';

/** upstream Toleration.ToleratesTaint. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key !== undefined && toleration.key !== '' && toleration.key !== taint.key) return false;
  if ((toleration.key === undefined || toleration.key === '') && toleration.operator !== 'Exists') return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

export const taintToleration: FilterPlugin = {
  name: 'TaintToleration',
  filter(state, node) {
    const tolerations = state.pod.spec?.tolerations ?? [];
    for (const taint of node.node?.spec?.taints ?? []) {
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
      if (!tolerations.some((t) => tolerates(t, taint))) return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
    }
    return undefined;
  },
};

export const taintTolerationScore: ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  score(state, node) {
    const tolerations = (state.pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    return (node.node?.spec?.taints ?? []).filter((taint) => taint.effect === 'PreferNoSchedule' && !tolerations.some((t) => tolerates(t, taint))).length;
  },
  normalize(_state, scores) {
    defaultNormalizeScore(scores, true);
  },
};
