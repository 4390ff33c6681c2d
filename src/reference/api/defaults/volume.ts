// Pod volume defaults (SetDefaults_Volume and the sources' defaulters): an
// empty dir when no source is given, file modes 0644, hostPath type "",
// projected token lifetime, field selector versions, claim template modes.
import { isObj, objs, type Obj } from '../validation/object-access.ts';
import { defaultFieldSelectors } from './container.ts';
import { defaultPersistentVolumeClaimSpec } from './persistent-volume-claim.ts';
import { canonicalQuantity } from './quantities.ts';

/** Fields of a VolumeSource; a volume with none of them gets an emptyDir. */
const volumeSources = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral', 'image',
];

const defaultMode = 0o644;

function defaultProjected(projected: Obj): void {
  projected.defaultMode ??= defaultMode;
  for (const source of objs(projected.sources)) {
    if (isObj(source.serviceAccountToken)) source.serviceAccountToken.expirationSeconds ??= 3600;
    if (isObj(source.downwardAPI)) for (const item of objs(source.downwardAPI.items)) defaultFieldSelectors(item);
  }
}

export function defaultVolume(volume: Obj): void {
  if (!volumeSources.some((s) => isObj(volume[s]))) volume.emptyDir = {};
  for (const kind of ['secret', 'configMap', 'downwardAPI']) {
    const source = volume[kind];
    if (isObj(source)) source.defaultMode ??= defaultMode;
  }
  if (isObj(volume.downwardAPI)) for (const item of objs(volume.downwardAPI.items)) defaultFieldSelectors(item);
  if (isObj(volume.hostPath)) volume.hostPath.type ??= '';
  if (isObj(volume.emptyDir) && volume.emptyDir.sizeLimit !== undefined) volume.emptyDir.sizeLimit = canonicalQuantity(volume.emptyDir.sizeLimit);
  if (isObj(volume.projected)) defaultProjected(volume.projected);
  if (isObj(volume.ephemeral) && isObj(volume.ephemeral.volumeClaimTemplate)) {
    const template = volume.ephemeral.volumeClaimTemplate;
    if (isObj(template.spec)) defaultPersistentVolumeClaimSpec(template.spec);
  }
}
