// batch/v1 CronJobs (SetDefaults_CronJob): concurrency Allow, not suspended,
// three successful and one failed Job kept; the job template's pod template
// gets the PodSpec defaults.
import { ensureObj, type Obj } from '../validation/object-access.ts';
import { defaultPodTemplate } from './pod-template.ts';

export function defaultCronJob(cronJob: Obj): void {
  const spec = ensureObj(cronJob, 'spec');
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  defaultPodTemplate(ensureObj(ensureObj(spec, 'jobTemplate'), 'spec'));
}
