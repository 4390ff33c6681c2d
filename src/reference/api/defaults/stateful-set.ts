// apps/v1 StatefulSets (SetDefaults_StatefulSet): ordered pod management,
// rolling updates from partition 0, claims retained, one replica, ten
// revisions; claim templates get the PVC defaults.
import { ensureObj, isObj, objs, type Obj } from '../validation/object-access.ts';
import { defaultPersistentVolumeClaim } from './persistent-volume-claim.ts';
import { defaultPodTemplate } from './pod-template.ts';

export function defaultStatefulSet(statefulSet: Obj): void {
  const spec = ensureObj(statefulSet, 'spec');
  spec.podManagementPolicy ||= 'OrderedReady';
  const strategy = ensureObj(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    if (!isObj(strategy.rollingUpdate)) strategy.rollingUpdate = {};
  }
  if (strategy.type === 'RollingUpdate' && isObj(strategy.rollingUpdate)) strategy.rollingUpdate.partition ??= 0;
  const retention = ensureObj(spec, 'persistentVolumeClaimRetentionPolicy');
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec);
  for (const claim of objs(spec.volumeClaimTemplates)) defaultPersistentVolumeClaim(claim);
}
