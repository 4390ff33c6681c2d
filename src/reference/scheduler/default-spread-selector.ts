// The selector the default topology spread constraints use for a pod, as
// upstream's helper.DefaultSelector: the selectors of the Services that select
// the pod, and of the ReplicaSet or StatefulSet that owns it, all required
// together. (The reference API server serves no ReplicationControllers.)
import type { Informer } from '../../kube/informer.ts';
import type { KubeObject } from '../api/object.ts';
import type { LabelSelectorObject, LabelSelectorRequirementObject } from '../api/selectors/index.ts';
import type { Pod } from './pod-types.ts';

export interface SpreadSelectorSources {
  services: Informer<KubeObject>;
  replicaSets: Informer<KubeObject>;
  statefulSets: Informer<KubeObject>;
}

function selectsAll(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function defaultSpreadSelector(sources: SpreadSelectorSources, pod: Pod): LabelSelectorObject | undefined {
  const namespace = pod.metadata?.namespace;
  const labels = pod.metadata?.labels ?? {};
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirementObject[] = [];
  for (const service of sources.services.list(namespace)) {
    const selector = (service.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (selector && Object.keys(selector).length > 0 && selectsAll(selector, labels)) Object.assign(matchLabels, selector);
  }
  const owner = pod.metadata?.ownerReferences?.find((r) => r.controller);
  if (owner?.kind === 'ReplicaSet' || owner?.kind === 'StatefulSet') {
    const set = (owner.kind === 'ReplicaSet' ? sources.replicaSets : sources.statefulSets).get(namespace, owner.name);
    const selector = (set?.spec as { selector?: LabelSelectorObject } | undefined)?.selector;
    for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) matchExpressions.push({ key, operator: 'In', values: [value] });
    matchExpressions.push(...(selector?.matchExpressions ?? []));
  }
  if (Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) return undefined;
  return { matchLabels, matchExpressions };
}
