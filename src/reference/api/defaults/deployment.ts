// apps/v1 Deployments (SetDefaults_Deployment): one replica, a 25%/25%
// rolling update, ten old ReplicaSets kept, a ten-minute progress deadline.
import { ensureObj, isObj, type Obj } from '../validation/object-access.ts';
import { defaultPodTemplate } from './pod-template.ts';

export function defaultDeployment(deployment: Obj): void {
  const spec = ensureObj(deployment, 'spec');
  spec.replicas ??= 1;
  const strategy = ensureObj(spec, 'strategy');
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = isObj(strategy.rollingUpdate) ? strategy.rollingUpdate : (strategy.rollingUpdate = {});
    rollingUpdate.maxUnavailable ??= '25%';
    rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplate(spec);
}
