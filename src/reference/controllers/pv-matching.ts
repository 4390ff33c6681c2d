// Which PersistentVolume a claim binds to, as upstream's findMatchingVolume
// (pkg/controller/volume/persistentvolume/util): a volume pre-bound to the
// claim wins; otherwise the smallest Available volume of the claim's storage
// class, volume mode and selector whose access modes include the claim's and
// whose capacity covers the request.
import type { KubeObject } from '../api/object.ts';
import { labelSelectorFromObject, type LabelSelectorObject } from '../api/selectors/index.ts';
import { compareQuantities, parseQuantity, type Quantity } from '../api/validation/quantity.ts';

export const annBindCompleted = 'pv.kubernetes.io/bind-completed';
export const annBoundByController = 'pv.kubernetes.io/bound-by-controller';
export const annProvisionedBy = 'pv.kubernetes.io/provisioned-by';
export const annSelectedNode = 'volume.kubernetes.io/selected-node';
export const annStorageProvisioner = 'volume.kubernetes.io/storage-provisioner';

export interface ClaimRef {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface PersistentVolume extends KubeObject {
  spec?: {
    capacity?: { storage?: string };
    accessModes?: string[];
    storageClassName?: string;
    volumeMode?: string;
    claimRef?: ClaimRef | null;
    persistentVolumeReclaimPolicy?: string;
    [field: string]: unknown;
  };
  status?: { phase?: string; message?: string; reason?: string };
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: {
    accessModes?: string[];
    resources?: { requests?: { storage?: string } };
    storageClassName?: string | null;
    volumeMode?: string;
    volumeName?: string;
    selector?: LabelSelectorObject | null;
  };
  status?: { phase?: string; capacity?: Record<string, string>; accessModes?: string[] };
}

const zero: Quantity = parseQuantity('0')!;

export function storageOf(q: string | undefined): Quantity {
  return parseQuantity(q ?? '0') ?? zero;
}

export function claimClass(claim: PersistentVolumeClaim): string {
  return claim.spec?.storageClassName ?? '';
}

/** The volume's claimRef names this claim (a uid, when set, must be the claim's). */
export function isPreBoundTo(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref) return false;
  return ref.namespace === claim.metadata?.namespace && ref.name === claim.metadata?.name && (!ref.uid || ref.uid === claim.metadata?.uid);
}

/** Whether the volume could serve the claim, ignoring who it is bound to. */
export function volumeFits(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const v = volume.spec ?? {};
  const c = claim.spec ?? {};
  if ((v.storageClassName ?? '') !== claimClass(claim)) return false;
  if ((v.volumeMode ?? 'Filesystem') !== (c.volumeMode ?? 'Filesystem')) return false;
  const modes = new Set(v.accessModes ?? []);
  if (!(c.accessModes ?? []).every((m) => modes.has(m))) return false;
  if (compareQuantities(storageOf(v.capacity?.storage), storageOf(c.resources?.requests?.storage)) < 0) return false;
  if (c.selector) {
    try {
      if (!labelSelectorFromObject(c.selector).matches(volume.metadata?.labels ?? {})) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * The best volume for the claim, or undefined. With delayed binding
 * (WaitForFirstConsumer), volumes with node affinity are left for the
 * scheduler to choose among, as upstream does.
 */
export function findBestMatch(volumes: PersistentVolume[], claim: PersistentVolumeClaim, delayBinding: boolean): PersistentVolume | undefined {
  let best: PersistentVolume | undefined;
  for (const volume of volumes) {
    if (volume.metadata?.deletionTimestamp || !volumeFits(volume, claim)) continue;
    if (isPreBoundTo(volume, claim)) return volume;
    if (volume.spec?.claimRef) continue;
    if (volume.status?.phase !== 'Available') continue;
    if (delayBinding && volume.spec?.nodeAffinity) continue;
    if (!best || compareQuantities(storageOf(volume.spec?.capacity?.storage), storageOf(best.spec?.capacity?.storage)) < 0) best = volume;
  }
  return best;
}
