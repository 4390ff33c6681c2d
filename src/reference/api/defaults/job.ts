// batch/v1 Jobs: SetDefaults_Job, and the selector the Job strategy generates
// on create unless manualSelector is set (controller-uid and job-name labels,
// legacy and batch.kubernetes.io/ ones, on the template; the selector matches
// the uid). Needs metadata.name and metadata.uid to be set already.
import { jobLabels } from '../validation/job.ts';
import { ensureObj, isObj, obj, objs, optNum, str, type Obj } from '../validation/object-access.ts';
import { defaultPodTemplate } from './pod-template.ts';

function generateSelector(job: Obj, spec: Obj): void {
  const meta = obj(job.metadata);
  const labels = ensureObj(ensureObj(ensureObj(spec, 'template'), 'metadata'), 'labels');
  for (const name of [jobLabels.legacyJobName, jobLabels.jobName]) if (!(name in labels)) labels[name] = str(meta.name);
  for (const name of [jobLabels.legacyControllerUid, jobLabels.controllerUid]) if (!(name in labels)) labels[name] = str(meta.uid);
  const matchLabels = ensureObj(ensureObj(spec, 'selector'), 'matchLabels');
  if (!(jobLabels.controllerUid in matchLabels)) matchLabels[jobLabels.controllerUid] = str(meta.uid);
}

/** SetDefaults_Job gives a Job without labels its template's labels. */
function labelsFromTemplate(job: Obj, spec: Obj): void {
  const templateLabels = obj(obj(obj(spec.template).metadata).labels);
  const meta = ensureObj(job, 'metadata');
  if (Object.keys(templateLabels).length && !Object.keys(obj(meta.labels)).length) meta.labels = { ...templateLabels };
}

export function defaultJob(job: Obj): void {
  const spec = ensureObj(job, 'spec');
  if (optNum(spec.completions) === undefined && optNum(spec.parallelism) === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= optNum(spec.backoffLimitPerIndex) === undefined ? 6 : 2147483647;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed';
  for (const rule of objs(obj(spec.podFailurePolicy).rules)) for (const pattern of objs(rule.onPodConditions)) pattern.status ||= 'True';
  spec.manualSelector ??= false;
  labelsFromTemplate(job, spec);
  if (spec.manualSelector !== true) generateSelector(job, spec);
  // Read back from storage, a Job that had no labels shows the generated ones.
  labelsFromTemplate(job, spec);
  defaultPodTemplate(spec);
}
