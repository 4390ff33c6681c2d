// The PersistentVolume the kdrill.dev/hostpath provisioner makes for a claim:
// a directory under /var/lib/kdrill/volumes on one node, pinned there by
// required node affinity, pre-bound to the claim, named pvc-<claim uid> as
// external provisioners name theirs.
import type { KubeObject } from '../api/object.ts';
import { annProvisionedBy, type PersistentVolume, type PersistentVolumeClaim } from './pv-matching.ts';

export const hostpathProvisionerName = 'kdrill.dev/hostpath';
export const hostpathVolumesDir = '/var/lib/kdrill/volumes';

export interface ProvisioningClass extends KubeObject {
  reclaimPolicy?: string;
  mountOptions?: string[];
}

export function provisionedVolumeName(claim: PersistentVolumeClaim): string {
  return `pvc-${claim.metadata?.uid}`;
}

export function hostpathVolumeFor(claim: PersistentVolumeClaim, storageClass: ProvisioningClass, node: string | undefined): PersistentVolume {
  const name = provisionedVolumeName(claim);
  const m = claim.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { [annProvisionedBy]: hostpathProvisionerName } },
    spec: {
      capacity: { storage: claim.spec?.resources?.requests?.storage ?? '0' },
      accessModes: [...(claim.spec?.accessModes ?? [])],
      persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
      storageClassName: storageClass.metadata?.name ?? '',
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      ...(storageClass.mountOptions?.length ? { mountOptions: [...storageClass.mountOptions] } : {}),
      hostPath: { path: `${hostpathVolumesDir}/${name}`, type: 'DirectoryOrCreate' },
      claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: m.namespace, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion },
      ...(node
        ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } } }
        : {}),
    },
  };
}
