// autoscaling/v2 HorizontalPodAutoscalers (SetDefaults_HorizontalPodAutoscaler):
// one replica at least, and 80% average CPU utilization when no metric is given.
import { arr, ensureObj, type Obj } from '../validation/object-access.ts';

export function defaultHorizontalPodAutoscaler(hpa: Obj): void {
  const spec = ensureObj(hpa, 'spec');
  spec.minReplicas ??= 1;
  if (arr(spec.metrics).length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
}
