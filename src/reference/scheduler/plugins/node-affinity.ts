// NodeAffinity: spec.nodeSelector and required node affinity decide where a
// pod may go; preferred node affinity adds the weights of the terms a node
// matches.
import { defaultNormalizeScore, unresolvable, type FilterPlugin, type ScorePlugin } from '../framework.ts';
import type { NodeInfo } from '../node-info.ts';
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../pod-types.ts';

function integer(text: string | undefined): number | undefined {
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}

export function requirementMatches(req: NodeSelectorRequirement, values: Record<string, string>): boolean {
  const has = Object.hasOwn(values, req.key);
  const value = values[req.key];
  const wanted = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && wanted.includes(value!);
    case 'NotIn':
      return !has || !wanted.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      const actual = integer(value);
      const bound = integer(wanted[0]);
      if (!has || actual === undefined || bound === undefined || wanted.length !== 1) return false;
      return req.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** A term with no requirements matches nothing, as upstream's NodeSelector. */
export function termMatches(term: NodeSelectorTerm, node: NodeInfo): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length + fields.length === 0) return false;
  const labels = node.node?.metadata?.labels ?? {};
  return expressions.every((r) => requirementMatches(r, labels)) && fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, { 'metadata.name': node.name }));
}

export function podMatchesNodeSelectorAndAffinity(pod: Pod, node: NodeInfo): boolean {
  const labels = node.node?.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[key] !== value) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((term) => termMatches(term, node));
}

export const nodeAffinity: FilterPlugin = {
  name: 'NodeAffinity',
  filter(state, node) {
    return podMatchesNodeSelectorAndAffinity(state.pod, node) ? undefined : unresolvable("node(s) didn't match Pod's node affinity/selector");
  },
};

export const nodeAffinityScore: ScorePlugin = {
  name: 'NodeAffinity',
  weight: 2,
  score(state, node) {
    let sum = 0;
    for (const term of state.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (term.weight !== 0 && termMatches(term.preference, node)) sum += term.weight;
    }
    return sum;
  },
  normalize(_state, scores) {
    defaultNormalizeScore(scores, false);
  },
};
