// VolumeBinding: a pod's claims must exist; Immediate claims must already be
// bound; a bound claim's volume must allow the node (its node affinity); a
// WaitForFirstConsumer claim needs an available volume usable from the node,
// or a storage class that provisions one. bindingPlan() says what the
// binding step must do for the chosen node (upstream PreBind).
import { isPreBoundTo, volumeFits, type PersistentVolume, type PersistentVolumeClaim } from '../../controllers/pv-matching.ts';
import { unresolvable, type CycleState, type FilterPlugin, type VolumeLookups } from '../framework.ts';
import type { NodeInfo } from '../node-info.ts';
import type { NodeSelectorTerm, Pod } from '../pod-types.ts';
import { termMatches } from './node-affinity.ts';

/** The claim names a pod uses: its persistentVolumeClaim volumes and the claims of its ephemeral volumes. */
export function podClaimNames(pod: Pod): string[] {
  const names: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) names.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral) names.push(`${pod.metadata?.name}-${v.name}`);
  }
  return names;
}

interface PodClaims {
  bound: PersistentVolumeClaim[];
  delayed: PersistentVolumeClaim[];
}

function isDelayed(claim: PersistentVolumeClaim, volumes: VolumeLookups): boolean {
  const className = claim.spec?.storageClassName;
  return !!className && volumes.storageClass(className)?.volumeBindingMode === 'WaitForFirstConsumer';
}

function volumeAllowsNode(volume: PersistentVolume, node: NodeInfo): boolean {
  const required = (volume.spec?.nodeAffinity as { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } } | undefined)?.required;
  return !required || (required.nodeSelectorTerms ?? []).some((term) => termMatches(term, node));
}

function canProvision(claim: PersistentVolumeClaim, volumes: VolumeLookups): boolean {
  const provisioner = volumes.storageClass(claim.spec?.storageClassName ?? '')?.provisioner;
  return !!provisioner && provisioner !== 'kubernetes.io/no-provisioner';
}

/** An available volume (or one pre-bound to the claim) that serves the claim from the node. */
export function staticVolumeFor(claim: PersistentVolumeClaim, node: NodeInfo, volumes: VolumeLookups): PersistentVolume | undefined {
  return volumes.allVolumes().find(
    (v) =>
      !v.metadata?.deletionTimestamp &&
      volumeFits(v, claim) &&
      (isPreBoundTo(v, claim) || (!v.spec?.claimRef && v.status?.phase === 'Available')) &&
      volumeAllowsNode(v, node),
  );
}

/** The pod's claims sorted by what they need, or why the pod cannot be scheduled at all; undefined without claims. */
function podClaims(state: CycleState): { claims: PodClaims } | { failure: string } | undefined {
  return state.memo('VolumeBinding', () => {
    const volumes = state.lookups.volumes;
    const names = podClaimNames(state.pod);
    if (!volumes || names.length === 0) return undefined;
    const claims: PodClaims = { bound: [], delayed: [] };
    for (const name of names) {
      const claim = volumes.claim(state.pod.metadata?.namespace ?? '', name);
      if (!claim) return { failure: `persistentvolumeclaim "${name}" not found` };
      if (claim.metadata?.deletionTimestamp) return { failure: `persistentvolumeclaim "${name}" is being deleted` };
      if (claim.spec?.volumeName) claims.bound.push(claim);
      else if (isDelayed(claim, volumes)) claims.delayed.push(claim);
      else return { failure: 'pod has unbound immediate PersistentVolumeClaims' };
    }
    return { claims };
  });
}

export const volumeBinding: FilterPlugin = {
  name: 'VolumeBinding',
  preFilter(state) {
    const analysis = podClaims(state);
    return analysis && 'failure' in analysis ? unresolvable(analysis.failure) : undefined;
  },
  filter(state, node) {
    const analysis = podClaims(state);
    const volumes = state.lookups.volumes;
    if (!analysis || !('claims' in analysis) || !volumes) return undefined;
    const { claims } = analysis;
    for (const claim of claims.bound) {
      const volume = volumes.volume(claim.spec!.volumeName!);
      if (!volume) return unresolvable('node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)');
      if (!volumeAllowsNode(volume, node)) return unresolvable('node(s) had volume node affinity conflict');
    }
    for (const claim of claims.delayed) {
      if (!staticVolumeFor(claim, node, volumes) && !canProvision(claim, volumes)) return unresolvable("node(s) didn't find available persistent volumes to bind");
    }
    return undefined;
  },
};

export interface BindingPlan {
  /** Claims to bind to a matching volume (the scheduler writes the volume's claimRef). */
  staticBindings: { claim: PersistentVolumeClaim; volume: PersistentVolume }[];
  /** Claims to provision on the node (the scheduler annotates them with the selected node). */
  provisionings: PersistentVolumeClaim[];
}

/** What binding must do before the pod binds to the node; undefined when it has no claim waiting for a consumer. */
export function bindingPlan(pod: Pod, node: NodeInfo, volumes: VolumeLookups): BindingPlan | undefined {
  const plan: BindingPlan = { staticBindings: [], provisionings: [] };
  for (const name of podClaimNames(pod)) {
    const claim = volumes.claim(pod.metadata?.namespace ?? '', name);
    if (!claim || claim.spec?.volumeName || !isDelayed(claim, volumes)) continue;
    const volume = staticVolumeFor(claim, node, volumes);
    if (volume) plan.staticBindings.push({ claim, volume });
    else plan.provisionings.push(claim);
  }
  return plan.staticBindings.length + plan.provisionings.length > 0 ? plan : undefined;
}
