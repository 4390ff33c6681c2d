// apps/v1 DaemonSets (SetDefaults_DaemonSet): roll one node at a time, no
// surge, ten revisions kept.
import { ensureObj, isObj, type Obj } from '../validation/object-access.ts';
import { defaultPodTemplate } from './pod-template.ts';

export function defaultDaemonSet(daemonSet: Obj): void {
  const spec = ensureObj(daemonSet, 'spec');
  const strategy = ensureObj(spec, 'updateStrategy');
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = isObj(strategy.rollingUpdate) ? strategy.rollingUpdate : (strategy.rollingUpdate = {});
    rollingUpdate.maxUnavailable ??= 1;
    rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec);
}
