// The horizontal pod autoscaler controller (upstream pkg/controller/podautoscaler)
// as it behaves in a cluster without a metrics API: it reads the target's
// scale (AbleToScale), reports currentReplicas, and, since no metric can be
// fetched, leaves the replicas alone with ScalingActive False
// (FailedGetResourceMetric, or FailedGetPodsMetric / FailedGetObjectMetric /
// FailedGetExternalMetric / FailedGetContainerResourceMetric for the other
// metric types) and the matching Warning events, every sync period.
import { ApiRequestError } from '../../kube/api-client.ts';
import { objectKey, splitKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import { findByKind, type ResourceType } from '../api/resources.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import { setCondition, type Condition } from './conditions.ts';

export const horizontalPodAutoscalersPath = '/apis/autoscaling/v2/horizontalpodautoscalers';

const workers = 2;

export interface HpaControllerOptions {
  /** --horizontal-pod-autoscaler-sync-period (upstream 15 s). */
  syncPeriodMs?: number;
}

interface MetricSpec {
  type?: string;
  resource?: { name?: string };
  containerResource?: { name?: string; container?: string };
  pods?: { metric?: { name?: string } };
  object?: { metric?: { name?: string }; describedObject?: { kind?: string; name?: string } };
  external?: { metric?: { name?: string } };
}

interface Hpa extends KubeObject {
  spec?: { scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string }; minReplicas?: number; maxReplicas?: number; metrics?: MetricSpec[] };
  status?: { currentReplicas?: number; desiredReplicas?: number; observedGeneration?: number; conditions?: Condition[]; [field: string]: unknown };
}

const resourceMetricsMissing = 'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';

/** The reason and error upstream gives when a metric of this spec cannot be read without a metrics API. */
export function metricFailure(metric: MetricSpec): { reason: string; error: string } {
  switch (metric.type) {
    case 'Resource': {
      const name = metric.resource?.name ?? '';
      return { reason: 'FailedGetResourceMetric', error: `failed to get ${name} utilization: unable to get metrics for resource ${name}: ${resourceMetricsMissing}` };
    }
    case 'ContainerResource': {
      const name = metric.containerResource?.name ?? '';
      return { reason: 'FailedGetContainerResourceMetric', error: `failed to get ${name} utilization: unable to get metrics for resource ${name}: ${resourceMetricsMissing}` };
    }
    case 'Pods': {
      const name = metric.pods?.metric?.name ?? '';
      return { reason: 'FailedGetPodsMetric', error: `unable to get metric ${name}: unable to fetch metrics from custom metrics API: the server could not find the metric ${name} for pods` };
    }
    case 'Object': {
      const name = metric.object?.metric?.name ?? '';
      const target = metric.object?.describedObject;
      return { reason: 'FailedGetObjectMetric', error: `unable to get metric ${name}: ${target?.kind ?? ''} on ${target?.name ?? ''}/unable to fetch metrics from custom metrics API: the server could not find the metric ${name} for ${target?.kind ?? ''}` };
    }
    default: {
      const name = metric.external?.metric?.name ?? '';
      return { reason: 'FailedGetExternalMetric', error: `unable to get external metric ${name}: unable to fetch metrics from external metrics API: the server could not find the requested resource (get ${name}.external.metrics.k8s.io)` };
    }
  }
}

function scalePath(t: ResourceType, namespace: string, name: string): string {
  const base = t.group === '' ? `/api/${t.version}` : `/apis/${t.group}/${t.version}`;
  return `${base}/namespaces/${namespace}/${t.plural}/${name}/scale`;
}

export async function startHpaController(ctx: ControllerContext, o: HpaControllerOptions = {}): Promise<Controller> {
  const hpas = ctx.informers.for<Hpa>(horizontalPodAutoscalersPath);
  const events = ctx.events('horizontal-pod-autoscaler');
  const queue = createWorkQueue({ log: ctx.log });
  hpas.on({ add: (h) => queue.add(objectKey(h)), update: (_old, h) => queue.add(objectKey(h)) });

  const writeStatus = async (hpa: Hpa, status: Hpa['status']): Promise<void> => {
    if (JSON.stringify(hpa.status ?? {}) === JSON.stringify(status)) return;
    await ctx.client.update(`/apis/autoscaling/v2/namespaces/${hpa.metadata!.namespace}/horizontalpodautoscalers/${hpa.metadata!.name}/status`, { ...hpa, status });
  };

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const hpa = hpas.get(namespace, name);
    if (!hpa || !namespace) return;
    const now = Date.now();
    const ref = hpa.spec?.scaleTargetRef ?? {};
    let status: NonNullable<Hpa['status']> = { ...hpa.status, desiredReplicas: hpa.status?.desiredReplicas ?? 0 };
    const condition = (type: string, value: boolean, reason: string, message: string) => {
      status = { ...status, conditions: setCondition(status.conditions, { type, status: value ? 'True' : 'False', reason, message }, now) };
    };
    const target = findByKind(ref.apiVersion ?? '', ref.kind ?? '');
    let replicas: number | undefined;
    let scaleError: string | undefined;
    if (!target || !target.subresources.includes('scale')) {
      scaleError = `the server could not find the requested resource`;
    } else {
      try {
        const scale = await ctx.client.get(scalePath(target, namespace, ref.name ?? ''));
        // As upstream, the target's wanted replicas (the Scale's spec) are the current ones.
        replicas = (scale.spec as { replicas?: number } | undefined)?.replicas ?? 0;
      } catch (err) {
        if (!(err instanceof ApiRequestError)) throw err;
        scaleError = err.message;
      }
    }
    if (replicas === undefined) {
      const message = `the HPA controller was unable to get the target's current scale: ${scaleError}`;
      events.record(hpa, 'Warning', 'FailedGetScale', scaleError ?? '');
      condition('AbleToScale', false, 'FailedGetScale', message);
      return writeStatus(hpa, status);
    }
    condition('AbleToScale', true, 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    status.currentReplicas = replicas;
    if (replicas === 0 && (hpa.spec?.minReplicas ?? 1) !== 0) {
      condition('ScalingActive', false, 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
      return writeStatus(hpa, status);
    }
    const metrics = hpa.spec?.metrics ?? [];
    const failures = metrics.map(metricFailure);
    const first = failures[0];
    if (first) {
      for (const f of failures) events.record(hpa, 'Warning', f.reason, f.error);
      const error = `invalid metrics (${failures.length} invalid out of ${metrics.length}), first error is: failed to get ${metrics[0]?.type === 'Resource' ? `${metrics[0].resource?.name ?? ''} resource metric value` : 'metric value'}: ${first.error}`;
      events.record(hpa, 'Warning', 'FailedComputeMetricsReplicas', error);
      condition('ScalingActive', false, first.reason, `the HPA was unable to compute the replica count: ${first.error}`);
    }
    await writeStatus(hpa, status);
  };

  await hpas.synced();
  queue.run(workers, sync);
  const resync = setInterval(() => {
    for (const hpa of hpas.list()) queue.add(objectKey(hpa));
  }, o.syncPeriodMs ?? 15_000);
  resync.unref();
  return {
    async stop() {
      clearInterval(resync);
      await queue.stop();
    },
  };
}
