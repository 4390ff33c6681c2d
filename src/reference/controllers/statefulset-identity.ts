// The stable identity of a StatefulSet's pods, as upstream's stateful_set_utils.go:
// the name <set>-<ordinal>, the pod-name and pod-index labels, hostname and
// subdomain for the governing service, and one claim per volumeClaimTemplate
// named <template>-<set>-<ordinal> mounted in place of the template's volume.
import type { KubeObject } from '../api/object.ts';
import type { OwnerReference } from './controller-ref.ts';

export const podNameLabel = 'statefulset.kubernetes.io/pod-name';
export const podIndexLabel = 'apps.kubernetes.io/pod-index';
export const revisionLabel = 'controller-revision-hash';

interface ClaimTemplate {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export interface StatefulSetSpec {
  replicas?: number;
  serviceName?: string;
  podManagementPolicy?: string;
  selector?: { matchLabels?: Record<string, string> };
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
  volumeClaimTemplates?: ClaimTemplate[];
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  minReadySeconds?: number;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
}

export interface StatefulSet extends KubeObject {
  spec?: StatefulSetSpec;
  status?: Record<string, unknown> & { currentRevision?: string; updateRevision?: string };
}

/** The ordinal of a pod named <set>-<ordinal>, or undefined for any other name. */
export function podOrdinal(setName: string, podName: string): number | undefined {
  const prefix = `${setName}-`;
  if (!podName.startsWith(prefix)) return undefined;
  const rest = podName.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

export function claimName(templateName: string, setName: string, ordinal: number): string {
  return `${templateName}-${setName}-${ordinal}`;
}

/** The claims a pod of the set needs, created before the pod (labels: the template's and the set's matchLabels). */
export function claimsForOrdinal(set: StatefulSet, ordinal: number): KubeObject[] {
  const setName = set.metadata?.name ?? '';
  return (set.spec?.volumeClaimTemplates ?? []).map((template) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName(template.metadata?.name ?? '', setName, ordinal),
      namespace: set.metadata?.namespace,
      labels: { ...template.metadata?.labels, ...set.spec?.selector?.matchLabels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
    },
    spec: structuredClone(template.spec ?? {}),
  }));
}

export function statefulPod(set: StatefulSet, ordinal: number, revision: string, controllerRef: OwnerReference): KubeObject {
  const setName = set.metadata?.name ?? '';
  const podName = `${setName}-${ordinal}`;
  const template = set.spec?.template ?? {};
  const spec: Record<string, unknown> = structuredClone(template.spec ?? {});
  const claimVolumes = (set.spec?.volumeClaimTemplates ?? []).map((t) => ({
    name: t.metadata?.name ?? '',
    persistentVolumeClaim: { claimName: claimName(t.metadata?.name ?? '', setName, ordinal) },
  }));
  if (claimVolumes.length) {
    const claimed = new Set(claimVolumes.map((v) => v.name));
    const kept = ((spec.volumes as { name: string }[] | undefined) ?? []).filter((v) => !claimed.has(v.name));
    spec.volumes = [...kept, ...claimVolumes];
  }
  spec.hostname = podName;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName,
      namespace: set.metadata?.namespace,
      labels: { ...template.metadata?.labels, [podNameLabel]: podName, [podIndexLabel]: String(ordinal), [revisionLabel]: revision },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRef],
    },
    spec,
  };
}
