// PodDisruptionBudgets and HorizontalPodAutoscalers, as upstream's printers
// show them.
import type { KubeObject } from '../object.ts';
import { apiType, ageColumn, column, fieldDoc, nameColumn } from './columns.ts';
import { count, objectName } from './cell-format.ts';
import { timeSince } from './human-duration.ts';
import { printer } from './printer.ts';

interface PodDisruptionBudget extends KubeObject {
  spec?: { minAvailable?: number | string; maxUnavailable?: number | string };
  status?: { disruptionsAllowed?: number };
}

const intOrString = (v: number | string | undefined) => (v === undefined || v === null ? 'N/A' : String(v));

export const podDisruptionBudgetPrinter = printer<PodDisruptionBudget>(
  [
    nameColumn(),
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn(),
  ],
  (pdb, now) => [
    objectName(pdb),
    intOrString(pdb.spec?.minAvailable),
    intOrString(pdb.spec?.maxUnavailable),
    count(pdb.status?.disruptionsAllowed),
    timeSince(pdb.metadata?.creationTimestamp, now),
  ],
);

interface MetricTarget {
  type?: string;
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

interface MetricValueStatus {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

interface MetricSpec {
  type: string;
  resource?: { name: string; target: MetricTarget };
  containerResource?: { name: string; container: string; target: MetricTarget };
  pods?: { target: MetricTarget };
  object?: { target: MetricTarget };
  external?: { target: MetricTarget };
}

interface MetricStatus {
  resource?: { current: MetricValueStatus };
  containerResource?: { current: MetricValueStatus };
  pods?: { current: MetricValueStatus };
  object?: { current: MetricValueStatus };
  external?: { current: MetricValueStatus };
}

interface HorizontalPodAutoscaler extends KubeObject {
  spec?: { scaleTargetRef?: { kind?: string; name?: string }; minReplicas?: number; maxReplicas?: number; metrics?: MetricSpec[] };
  status?: { currentReplicas?: number; currentMetrics?: MetricStatus[] };
}

const unknown = '<unknown>';

function valueMetric(target: MetricTarget, current: MetricValueStatus | undefined): string {
  if (target.averageValue !== undefined) return `${current?.averageValue ?? unknown}/${target.averageValue} (avg)`;
  return `${current?.value ?? unknown}/${target.value ?? '0'}`;
}

function resourceMetric(name: string, target: MetricTarget, current: MetricValueStatus | undefined): string {
  if (target.averageValue !== undefined) return `${name}: ${current?.averageValue ?? unknown}/${target.averageValue}`;
  const now = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : unknown;
  const want = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
  return `${name}: ${now}/${want}`;
}

/** TARGETS: "cpu: <unknown>/80%", at most two, then "+ N more...". */
export function hpaTargets(specs: MetricSpec[] | undefined, statuses: MetricStatus[] | undefined): string {
  if (!specs?.length) return '<none>';
  const list = specs.map((spec, i) => {
    const status = statuses?.[i];
    switch (spec.type) {
      case 'External':
        return valueMetric(spec.external!.target, status?.external?.current);
      case 'Pods':
        return `${status?.pods?.current.averageValue ?? unknown}/${spec.pods!.target.averageValue ?? '0'}`;
      case 'Object':
        return valueMetric(spec.object!.target, status?.object?.current);
      case 'Resource':
        return resourceMetric(spec.resource!.name, spec.resource!.target, status?.resource?.current);
      case 'ContainerResource':
        return resourceMetric(spec.containerResource!.name, spec.containerResource!.target, status?.containerResource?.current);
      default:
        return '<unknown type>';
    }
  });
  const max = 2;
  return list.length > max ? `${list.slice(0, max).join(', ')} + ${list.length - max} more...` : list.join(', ');
}

const hpaSpec = apiType('autoscaling.v2', 'HorizontalPodAutoscalerSpec');

export const horizontalPodAutoscalerPrinter = printer<HorizontalPodAutoscaler>(
  [
    nameColumn(),
    column('Reference', 'string', fieldDoc(hpaSpec, 'scaleTargetRef')),
    column('Targets', 'string', fieldDoc(hpaSpec, 'metrics')),
    column('MinPods', 'string', fieldDoc(hpaSpec, 'minReplicas')),
    column('MaxPods', 'string', fieldDoc(hpaSpec, 'maxReplicas')),
    column('Replicas', 'string', fieldDoc(apiType('autoscaling.v2', 'HorizontalPodAutoscalerStatus'), 'currentReplicas')),
    ageColumn(),
  ],
  (hpa, now) => [
    objectName(hpa),
    `${hpa.spec?.scaleTargetRef?.kind ?? ''}/${hpa.spec?.scaleTargetRef?.name ?? ''}`,
    hpaTargets(hpa.spec?.metrics, hpa.status?.currentMetrics),
    hpa.spec?.minReplicas !== undefined ? String(hpa.spec.minReplicas) : '<unset>',
    count(hpa.spec?.maxReplicas),
    count(hpa.status?.currentReplicas),
    timeSince(hpa.metadata?.creationTimestamp, now),
  ],
);
