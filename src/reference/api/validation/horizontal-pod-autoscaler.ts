// autoscaling/v2 HorizontalPodAutoscalers (ValidateHorizontalPodAutoscaler):
// a scale target with kind and name, minReplicas at least 1 and at most
// maxReplicas, metrics of a known type carrying their source.
import { child, index } from './field-path.ts';
import { isObj, obj, objs, optNum, str, type Obj } from './object-access.ts';
import { invalid, notSupported, required, type StatusCause } from './status-cause.ts';

const metricSources: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external' };

export function validateHorizontalPodAutoscaler(hpa: Obj): StatusCause[] {
  const spec = obj(hpa.spec);
  const p = (...f: string[]) => child('spec', ...f);
  const causes: StatusCause[] = [];
  const ref = obj(spec.scaleTargetRef);
  if (!str(ref.kind)) causes.push(required(p('scaleTargetRef', 'kind')));
  if (!str(ref.name)) causes.push(required(p('scaleTargetRef', 'name')));
  const min = optNum(spec.minReplicas);
  const max = optNum(spec.maxReplicas) ?? 0;
  if (min !== undefined && min < 1) causes.push(invalid(p('minReplicas'), min, 'must be greater than or equal to 1'));
  if (max < 1) causes.push(invalid(p('maxReplicas'), max, 'must be greater than 0'));
  if (min !== undefined && max < min) causes.push(invalid(p('maxReplicas'), max, 'must be greater than or equal to `minReplicas`'));
  objs(spec.metrics).forEach((m, i) => {
    const path = index(p('metrics'), i);
    const type = str(m.type);
    const source = metricSources[type];
    if (!type) causes.push(required(child(path, 'type'), 'must specify a metric source type'));
    else if (!source) causes.push(notSupported(child(path, 'type'), type, Object.keys(metricSources)));
    else if (!isObj(m[source])) causes.push(required(child(path, source), `must populate information for the given metric source`));
  });
  return causes;
}
