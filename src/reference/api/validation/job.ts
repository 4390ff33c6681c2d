// batch/v1 Jobs: the generated selector and the labels it relies on,
// non-negative counts, a completion mode, a pod template whose pods do not
// restart forever; after creation the template, selector and completions are
// fixed.
import { child, key } from './field-path.ts';
import { isDNS1123Label } from './formats.ts';
import { validateLabelSelector, selectorMatches } from './label-selector.ts';
import { validateNonNegative } from './deployment.ts';
import { isObj, obj, optNum, semanticEqual, str, strMap, type Obj } from './object-access.ts';
import { validatePodTemplateSpec, validateSelectorMatchesTemplate } from './pod-template.ts';
import { invalid, notSupported, required, type StatusCause } from './status-cause.ts';

export const jobLabels = {
  legacyControllerUid: 'controller-uid',
  legacyJobName: 'job-name',
  controllerUid: 'batch.kubernetes.io/controller-uid',
  jobName: 'batch.kubernetes.io/job-name',
};

const templateLabelsPath = child('spec', 'template', 'metadata');

function validateHasLabel(labels: Record<string, string>, name: string, expected: string): StatusCause[] {
  const path = key(child(templateLabelsPath, 'labels'), name);
  if (!(name in labels)) return [required(path, `must be '${expected}'`)];
  return labels[name] === expected ? [] : [invalid(path, labels, `must be '${expected}'`)];
}

/** Unless the selector is manual, the template carries the generated labels and the selector selects them. */
function validateGeneratedSelector(job: Obj): StatusCause[] {
  const spec = obj(job.spec);
  if (spec.manualSelector === true || !isObj(spec.selector)) return [];
  const meta = obj(job.metadata);
  const uid = str(meta.uid);
  const name = str(meta.name);
  const causes: StatusCause[] = [];
  if (!uid) causes.push(required(child('metadata', 'uid')));
  const labels = strMap(obj(obj(spec.template).metadata).labels);
  causes.push(...validateHasLabel(labels, jobLabels.legacyControllerUid, uid));
  causes.push(...validateHasLabel(labels, jobLabels.legacyJobName, name));
  causes.push(...validateHasLabel(labels, jobLabels.controllerUid, uid));
  causes.push(...validateHasLabel(labels, jobLabels.jobName, name));
  const expected = {
    [jobLabels.controllerUid]: uid,
    [jobLabels.jobName]: name,
    [jobLabels.legacyControllerUid]: uid,
    [jobLabels.legacyJobName]: name,
  };
  if (selectorMatches(spec.selector, expected) === false) causes.push(invalid(child('spec', 'selector'), spec.selector, '`selector` not auto-generated'));
  return causes;
}

function validateJobSpec(specValue: unknown): StatusCause[] {
  const spec = obj(specValue);
  const p = (f: string) => child('spec', f);
  const causes: StatusCause[] = [];
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    causes.push(...validateNonNegative(spec[field], p(field)));
  }
  if (optNum(spec.maxFailedIndexes) !== undefined && optNum(spec.backoffLimitPerIndex) === undefined) {
    causes.push(required(p('backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  const mode = spec.completionMode;
  if (typeof mode === 'string') {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') causes.push(notSupported(p('completionMode'), mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (optNum(spec.completions) === undefined) causes.push(required(p('completions'), 'when completion mode is Indexed'));
      const parallelism = optNum(spec.parallelism);
      if (parallelism !== undefined && parallelism > 100000) {
        causes.push(invalid(p('parallelism'), parallelism, 'must be less than or equal to 100000 when completion mode is Indexed'));
      }
    }
  }
  if (mode !== 'Indexed') {
    for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      const v = optNum(spec[field]);
      if (v !== undefined) causes.push(invalid(p(field), v, 'requires indexed completion mode'));
    }
    if (isObj(spec.successPolicy)) causes.push(invalid(p('successPolicy'), spec.successPolicy, 'requires indexed completion mode'));
  }
  const replacement = spec.podReplacementPolicy;
  if (typeof replacement === 'string') {
    if (isObj(spec.podFailurePolicy)) {
      if (replacement !== 'Failed') causes.push(notSupported(p('podReplacementPolicy'), replacement, ['Failed']));
    } else if (replacement !== 'Failed' && replacement !== 'TerminatingOrFailed') {
      causes.push(notSupported(p('podReplacementPolicy'), replacement, ['Failed', 'TerminatingOrFailed']));
    }
  }
  const templatePath = p('template');
  causes.push(...validatePodTemplateSpec(spec.template, templatePath));
  const restartPolicy = str(obj(obj(spec.template).spec).restartPolicy);
  const restartPath = child(templatePath, 'spec', 'restartPolicy');
  if (restartPolicy === 'Always' || restartPolicy === '') causes.push(required(restartPath, 'valid values: "OnFailure", "Never"'));
  else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') causes.push(notSupported(restartPath, restartPolicy, ['OnFailure', 'Never']));
  else if (isObj(spec.podFailurePolicy) && restartPolicy !== 'Never') causes.push(invalid(restartPath, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'));
  if (!isObj(spec.selector)) causes.push(required(p('selector')));
  else causes.push(...validateLabelSelector(spec.selector, p('selector')));
  if (selectorMatches(spec.selector, {}) !== undefined) causes.push(...validateSelectorMatchesTemplate(spec.selector, spec.template, templatePath));
  return causes;
}

export function validateJobCreate(job: Obj): StatusCause[] {
  const spec = obj(job.spec);
  const causes = [...validateGeneratedSelector(job), ...validateJobSpec(job.spec)];
  const completions = optNum(spec.completions);
  if (spec.completionMode === 'Indexed' && completions !== undefined && completions > 0) {
    const name = str(obj(job.metadata).name);
    const hostname = `${name}-${completions - 1}`;
    if (isDNS1123Label(hostname).length) causes.push(invalid(child('metadata', 'name'), name, `will not able to create pod with invalid DNS label: ${hostname}`));
  }
  return causes;
}

function immutable(spec: Obj, oldSpec: Obj, field: string): StatusCause[] {
  return semanticEqual(spec[field], oldSpec[field]) ? [] : [invalid(child('spec', field), spec[field] ?? null, 'field is immutable')];
}

/** A suspended Job that never started may still change where its pods go. */
function schedulingDirectivesMutable(job: Obj, old: Obj): boolean {
  return obj(old.spec).suspend === true && obj(job.spec).suspend === true && !obj(old.status).startTime;
}

function comparableTemplate(template: unknown, mutableDirectives: boolean): unknown {
  if (!mutableDirectives) return template;
  const t = structuredClone(obj(template));
  const spec = obj(t.spec);
  delete spec.nodeSelector;
  delete spec.tolerations;
  delete spec.schedulingGates;
  if (isObj(spec.affinity)) delete spec.affinity.nodeAffinity;
  const meta = obj(t.metadata);
  delete meta.labels;
  delete meta.annotations;
  return t;
}

export function validateJobUpdate(job: Obj, old: Obj): StatusCause[] {
  const spec = obj(job.spec);
  const oldSpec = obj(old.spec);
  const causes = validateJobSpec(job.spec);
  const indexed = spec.completionMode === 'Indexed';
  if (!indexed || optNum(spec.completions) === undefined) causes.push(...immutable(spec, oldSpec, 'completions'));
  else if (spec.completions !== oldSpec.completions && spec.completions !== spec.parallelism) {
    causes.push(invalid(child('spec', 'completions'), spec.completions, 'can only be modified in tandem with spec.parallelism'));
  }
  causes.push(...immutable(spec, oldSpec, 'selector'));
  const mutable = schedulingDirectivesMutable(job, old);
  if (!semanticEqual(comparableTemplate(spec.template, mutable), comparableTemplate(oldSpec.template, mutable))) {
    causes.push(invalid(child('spec', 'template'), spec.template ?? null, 'field is immutable'));
  }
  for (const field of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    causes.push(...immutable(spec, oldSpec, field));
  }
  return causes;
}
