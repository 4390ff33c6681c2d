// batch/v1 CronJobs (ValidateCronJobCreate/Update): a name that leaves room
// for the job suffix, a schedule the cron parser accepts (without TZ=), a
// known IANA timeZone, a supported concurrency policy, non-negative limits,
// and a job template whose selector is left to be generated and whose pods
// do not restart forever.
import { isKnownTimeZone, parseCronSchedule } from '../../controllers/cron-schedule.ts';
import { validateNonNegative } from './deployment.ts';
import { child } from './field-path.ts';
import { isObj, obj, str, type Obj } from './object-access.ts';
import { validatePodTemplateSpec } from './pod-template.ts';
import { invalid, notSupported, required, type StatusCause } from './status-cause.ts';

const validTimeZoneCharacters = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateSchedule(schedule: string, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  try {
    parseCronSchedule(schedule.replace(/^(CRON_)?TZ=\S+\s+/, ''));
  } catch (err) {
    causes.push(invalid(path, schedule, (err as Error).message));
  }
  if (schedule.includes('TZ')) causes.push(invalid(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  return causes;
}

function validateTimeZone(timeZone: unknown, path: string): StatusCause[] {
  if (typeof timeZone !== 'string') return [];
  if (timeZone === '') return [invalid(path, timeZone, 'timeZone must be nil or non-empty string')];
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !validTimeZoneCharacters.test(part)) {
      return [invalid(path, timeZone, `unknown time zone ${part}`)];
    }
  }
  if (timeZone.toLowerCase() === 'local') return [invalid(path, timeZone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  return isKnownTimeZone(timeZone) ? [] : [invalid(path, timeZone, `unknown time zone ${timeZone}`)];
}

function validateJobTemplate(templateValue: unknown, path: string): StatusCause[] {
  const spec = obj(obj(templateValue).spec);
  const specPath = child(path, 'spec');
  const causes: StatusCause[] = [];
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    causes.push(...validateNonNegative(spec[field], child(specPath, field)));
  }
  const templatePath = child(specPath, 'template');
  causes.push(...validatePodTemplateSpec(spec.template, templatePath));
  const restartPolicy = str(obj(obj(spec.template).spec).restartPolicy);
  const restartPath = child(templatePath, 'spec', 'restartPolicy');
  if (restartPolicy === 'Always' || restartPolicy === '') causes.push(required(restartPath, 'valid values: "OnFailure", "Never"'));
  else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') causes.push(notSupported(restartPath, restartPolicy, ['OnFailure', 'Never']));
  if (isObj(spec.selector)) causes.push(invalid(child(specPath, 'selector'), spec.selector, '`selector` will be auto-generated'));
  if (spec.manualSelector === true) causes.push(notSupported(child(specPath, 'manualSelector'), true, ['nil', 'false']));
  return causes;
}

export function validateCronJob(cronJob: Obj): StatusCause[] {
  const spec = obj(cronJob.spec);
  const p = (f: string) => child('spec', f);
  const causes: StatusCause[] = [];
  const name = str(obj(cronJob.metadata).name);
  // A Job's name is the CronJob's plus "-" and up to 10 digits, and must stay a 63-character label.
  if (name.length > 52) causes.push(invalid(child('metadata', 'name'), name, 'must be no more than 52 characters'));
  const schedule = str(spec.schedule);
  if (!schedule) causes.push(required(p('schedule')));
  else causes.push(...validateSchedule(schedule, p('schedule')));
  causes.push(...validateNonNegative(spec.startingDeadlineSeconds, p('startingDeadlineSeconds')));
  const policy = str(spec.concurrencyPolicy);
  if (!policy) causes.push(required(p('concurrencyPolicy')));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) causes.push(notSupported(p('concurrencyPolicy'), policy, ['Allow', 'Forbid', 'Replace']));
  causes.push(...validateJobTemplate(spec.jobTemplate, p('jobTemplate')));
  causes.push(...validateNonNegative(spec.successfulJobsHistoryLimit, p('successfulJobsHistoryLimit')));
  causes.push(...validateNonNegative(spec.failedJobsHistoryLimit, p('failedJobsHistoryLimit')));
  causes.push(...validateTimeZone(spec.timeZone, p('timeZone')));
  return causes;
}
