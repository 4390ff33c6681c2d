// Jobs and CronJobs, as upstream's printers show them: job STATUS from its
// conditions, COMPLETIONS "1/3" (or "0/1 of 4" for a parallel work queue),
// DURATION; the cron job's schedule, time zone, suspension and last run.
import type { KubeObject } from '../object.ts';
import { apiType, ageColumn, column, containersColumn, fieldDoc, imagesColumn, nameColumn, wide } from './columns.ts';
import { boolText, containerCells, count, formatLabelSelector, objectName, type Container, type LabelSelector } from './cell-format.ts';
import { humanDuration, timeSince } from './human-duration.ts';
import { printer } from './printer.ts';

interface JobSpec {
  completions?: number;
  parallelism?: number;
  selector?: LabelSelector;
  template?: { spec?: { containers?: Container[] } };
}

interface Job extends KubeObject {
  spec?: JobSpec;
  status?: { succeeded?: number; startTime?: string; completionTime?: string; conditions?: { type: string; status: string }[] };
}

interface CronJob extends KubeObject {
  spec?: { schedule?: string; timeZone?: string; suspend?: boolean; jobTemplate?: { spec?: JobSpec } };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}

/** The status of the first condition of this type, as upstream's hasJobCondition reads it. */
function conditionTrue(job: Job, type: string): boolean {
  const c = job.status?.conditions?.find((x) => x.type === type);
  return c?.status === 'True';
}

function jobStatus(job: Job): string {
  if (conditionTrue(job, 'Complete')) return 'Complete';
  if (conditionTrue(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (conditionTrue(job, 'Suspended')) return 'Suspended';
  if (conditionTrue(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(job: Job): string {
  const succeeded = count(job.status?.succeeded);
  if (job.spec?.completions !== undefined && job.spec.completions !== null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Job, now: number): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
  return humanDuration(end - Date.parse(start));
}

const jobSpecSelector = () => wide('Selector', 'string', fieldDoc(apiType('batch.v1', 'JobSpec'), 'selector'));

export const jobPrinter = printer<Job>(
  [
    nameColumn(),
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', fieldDoc(apiType('batch.v1', 'JobStatus'), 'succeeded')),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    jobSpecSelector(),
  ],
  (job, now) => [
    objectName(job),
    jobStatus(job),
    completions(job),
    jobDuration(job, now),
    timeSince(job.metadata?.creationTimestamp, now),
    ...containerCells(job.spec?.template?.spec?.containers),
    formatLabelSelector(job.spec?.selector),
  ],
);

const cronJobSpec = apiType('batch.v1', 'CronJobSpec');
const cronJobStatus = apiType('batch.v1', 'CronJobStatus');

export const cronJobPrinter = printer<CronJob>(
  [
    nameColumn(),
    column('Schedule', 'string', fieldDoc(cronJobSpec, 'schedule')),
    column('Timezone', 'string', fieldDoc(cronJobSpec, 'timeZone')),
    column('Suspend', 'boolean', fieldDoc(cronJobSpec, 'suspend')),
    column('Active', 'integer', fieldDoc(cronJobStatus, 'active')),
    column('Last Schedule', 'string', fieldDoc(cronJobStatus, 'lastScheduleTime')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    jobSpecSelector(),
  ],
  (cj, now) => [
    objectName(cj),
    cj.spec?.schedule ?? '',
    cj.spec?.timeZone ?? '<none>',
    boolText(cj.spec?.suspend),
    (cj.status?.active ?? []).length,
    cj.status?.lastScheduleTime ? timeSince(cj.status.lastScheduleTime, now) : '<none>',
    timeSince(cj.metadata?.creationTimestamp, now),
    ...containerCells(cj.spec?.jobTemplate?.spec?.template?.spec?.containers),
    formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector),
  ],
);
