// The node-lifecycle timings a cluster file may shorten (so that a drill that
// stops a node sees it go Unknown and its pods evicted in seconds), as the
// controller manager's timings and as `kdrill control-plane` flags.
import type { ControllerTimings } from '../reference/controllers/controller-context.ts';
import type { ReferenceSpec } from './cluster-file.ts';

export function nodeLifecycleTimings(spec: ReferenceSpec | undefined): Partial<ControllerTimings> {
  return {
    ...(spec?.nodeMonitorGracePeriodSeconds ? { nodeMonitorGracePeriodSeconds: spec.nodeMonitorGracePeriodSeconds } : {}),
    ...(spec?.defaultTolerationSeconds ? { defaultTolerationSeconds: spec.defaultTolerationSeconds } : {}),
  };
}

export function nodeLifecycleFlags(spec: ReferenceSpec | undefined): string[] {
  const t = nodeLifecycleTimings(spec);
  return [
    ...(t.nodeMonitorGracePeriodSeconds ? ['--node-monitor-grace-period', String(t.nodeMonitorGracePeriodSeconds)] : []),
    ...(t.defaultTolerationSeconds ? ['--default-toleration-seconds', String(t.defaultTolerationSeconds)] : []),
  ];
}
