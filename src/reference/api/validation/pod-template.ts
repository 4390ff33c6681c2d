// Pod templates inside workloads, and how a workload's selector must relate
// to them.
import { child } from './field-path.ts';
import { isEmptySelector, selectorMatches, validateLabelSelector } from './label-selector.ts';
import { validateAnnotations, validateLabels } from './labels.ts';
import { arr, isObj, obj, optNum, str, strMap } from './object-access.ts';
import { validatePodSpec } from './pod-spec.ts';
import { forbidden, invalid, notSupported, required, type StatusCause } from './status-cause.ts';

/** ValidatePodTemplateSpec: labels and annotations (reported at <path>.labels), and the pod spec. */
export function validatePodTemplateSpec(template: unknown, path: string): StatusCause[] {
  const t = obj(template);
  const meta = obj(t.metadata);
  const causes = validateLabels(meta.labels, child(path, 'labels'));
  causes.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  causes.push(...validatePodSpec(t.spec, child(path, 'spec'), { isPod: false }));
  if (arr(obj(t.spec).ephemeralContainers).length) {
    causes.push(forbidden(child(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return causes;
}

/** The template's labels must be selected by the workload's selector. */
export function validateSelectorMatchesTemplate(selector: unknown, template: unknown, path: string): StatusCause[] {
  const labels = obj(obj(template).metadata).labels;
  return selectorMatches(selector, strMap(labels)) === false
    ? [invalid(child(path, 'metadata', 'labels'), labels ?? null, '`selector` does not match template `labels`')]
    : [];
}

/** spec.selector of Deployments, ReplicaSets and StatefulSets: present, valid, not empty. */
export function validateWorkloadSelector(selector: unknown, path: string, emptyMessage: string): StatusCause[] {
  if (!isObj(selector)) return [required(path)];
  const causes = validateLabelSelector(selector, path);
  if (isEmptySelector(selector)) causes.push(invalid(path, selector, emptyMessage));
  return causes;
}

/** Controllers that keep pods running: restartPolicy Always, no activeDeadlineSeconds. */
export function validateAlwaysRestarting(template: unknown, path: string, kind: string): StatusCause[] {
  const spec = obj(obj(template).spec);
  const causes: StatusCause[] = [];
  const restartPolicy = str(spec.restartPolicy);
  if (restartPolicy !== 'Always') causes.push(notSupported(child(path, 'spec', 'restartPolicy'), restartPolicy, ['Always']));
  if (optNum(spec.activeDeadlineSeconds) !== undefined) {
    causes.push(forbidden(child(path, 'spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return causes;
}
