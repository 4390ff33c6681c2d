// The CronJob controller (upstream pkg/controller/cronjob, v2): at each
// scheduled time (in spec.timeZone) it creates a Job named
// NAME-<scheduled minutes since the epoch> from the jobTemplate, honouring
// suspend, startingDeadlineSeconds and the concurrency policy (Allow, Forbid:
// skip while one runs, Replace: delete the running ones first); it keeps
// status.active, lastScheduleTime and lastSuccessfulTime, and deletes finished
// Jobs beyond the history limits. Time comes from an injectable clock, so tests
// move through schedules without waiting.
import { ApiRequestError } from '../../kube/api-client.ts';
import { objectKey, splitKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import { timestamp } from './conditions.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import { controllerOf, newControllerRef } from './controller-ref.ts';
import { isKnownTimeZone, nextActivation, parseCronSchedule, rfc3339In, type CronSchedule } from './cron-schedule.ts';

export const cronJobsPath = '/apis/batch/v1/cronjobs';
export const scheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** Where the controller's time comes from. */
export interface Clock {
  now(): number;
  /** Calls fn once ms have passed on this clock; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

export interface CronJobControllerOptions {
  clock?: Clock;
  /** The zone of schedules without spec.timeZone: the controller manager's local zone (upstream), UTC here. */
  defaultTimeZone?: string;
}

interface ObjectReference {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  apiVersion: string;
  resourceVersion?: string;
}

interface CronJobStatus {
  active?: ObjectReference[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

interface CronJobSpec {
  schedule?: string;
  timeZone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: string;
  suspend?: boolean;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
}

export interface CronJob extends KubeObject {
  spec?: CronJobSpec;
  status?: CronJobStatus;
}

interface JobCondition {
  type: string;
  status: string;
}

interface Job extends KubeObject {
  status?: { conditions?: JobCondition[]; startTime?: string; completionTime?: string };
}

/** Scheduled times whose misses are counted at most (upstream warns past 100). */
const tooManyMissed = 100;
const workers = 2;

function finishedCondition(job: Job): string | undefined {
  return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;
}

function jobReference(job: KubeObject): ObjectReference {
  const m = job.metadata!;
  return { kind: 'Job', namespace: m.namespace!, name: m.name!, uid: m.uid!, apiVersion: 'batch/v1', ...(m.resourceVersion ? { resourceVersion: m.resourceVersion } : {}) };
}

/** The job name of a scheduled time (upstream getJobName: minutes since the epoch). */
export function jobNameFor(cronJob: KubeObject, scheduledAt: number): string {
  return `${cronJob.metadata?.name}-${Math.floor(scheduledAt / 60000)}`;
}

/**
 * The latest scheduled time in (earliest, now], and how many were missed
 * (upstream mostRecentScheduleTime); earliest is the last schedule or the
 * creation, moved up to now - startingDeadlineSeconds.
 */
export function mostRecentScheduleTime(cronJob: CronJob, schedule: CronSchedule, timeZone: string, now: number): { at: number | undefined; missed: number } {
  const last = cronJob.status?.lastScheduleTime ?? cronJob.metadata?.creationTimestamp;
  let earliest = last ? Date.parse(last) : now;
  const deadline = cronJob.spec?.startingDeadlineSeconds;
  if (deadline !== undefined && now - deadline * 1000 > earliest) earliest = now - deadline * 1000;
  let at: number | undefined;
  let missed = 0;
  for (let next = nextActivation(schedule, earliest, timeZone); next !== undefined && next <= now; next = nextActivation(schedule, next, timeZone)) {
    at = next;
    missed++;
  }
  return { at, missed };
}

function byStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (sa === undefined || sb === undefined) return sa === sb ? (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '') : sa === undefined ? 1 : -1;
  return sa === sb ? (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '') : Date.parse(sa) - Date.parse(sb);
}

export async function startCronJobController(ctx: ControllerContext, o: CronJobControllerOptions = {}): Promise<Controller> {
  const clock = o.clock ?? systemClock;
  const defaultTimeZone = o.defaultTimeZone ?? 'UTC';
  const cronJobs = ctx.informers.for<CronJob>(cronJobsPath);
  const jobs = ctx.informers.for<Job>('/apis/batch/v1/jobs');
  const events = ctx.events('cronjob-controller');
  const queue = createWorkQueue({ log: ctx.log });
  const wakeups = new Map<string, () => void>();

  const wakeAfter = (key: string, ms: number): void => {
    wakeups.get(key)?.();
    wakeups.set(key, clock.after(Math.max(ms, 0), () => {
      wakeups.delete(key);
      queue.add(key);
    }));
  };
  const cancelWakeup = (key: string): void => {
    wakeups.get(key)?.();
    wakeups.delete(key);
  };
  const enqueueOwner = (job: KubeObject): void => {
    const ref = controllerOf(job);
    if (ref?.kind === 'CronJob' && job.metadata?.namespace) queue.add(`${job.metadata.namespace}/${ref.name}`);
  };
  jobs.on({ add: enqueueOwner, update: (_old, job) => enqueueOwner(job), delete: enqueueOwner });
  cronJobs.on({
    add: (cj) => queue.add(objectKey(cj)),
    update: (_old, cj) => queue.add(objectKey(cj)),
    delete: (cj) => cancelWakeup(objectKey(cj)),
  });

  const cronJobPath = (cj: KubeObject) => `/apis/batch/v1/namespaces/${cj.metadata!.namespace}/cronjobs/${cj.metadata!.name}`;
  const jobPath = (namespace: string, name: string) => `/apis/batch/v1/namespaces/${namespace}/jobs/${name}`;

  const deleteJob = async (cj: CronJob, job: KubeObject): Promise<void> => {
    try {
      await ctx.client.delete(jobPath(job.metadata!.namespace!, job.metadata!.name!), { propagationPolicy: 'Background' });
    } catch (err) {
      if (!(err instanceof ApiRequestError && err.code === 404)) throw err;
    }
    events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata?.name}`);
  };

  /** status.active and lastSuccessfulTime from the Jobs the CronJob owns (upstream syncCronJob's first half). */
  const reconcileChildren = async (cj: CronJob, owned: Job[], status: CronJobStatus): Promise<void> => {
    let active = [...(status.active ?? [])];
    for (const job of owned) {
      const uid = job.metadata?.uid;
      const found = active.some((r) => r.uid === uid);
      const finished = finishedCondition(job);
      if (!found && !finished) {
        events.record(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata?.name}`);
        active.push(jobReference(job));
      } else if (found && finished) {
        active = active.filter((r) => r.uid !== uid);
        events.record(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata?.name}, condition: ${finished}`);
      }
      const completed = job.status?.completionTime;
      if (finished === 'Complete' && completed && (!status.lastSuccessfulTime || Date.parse(completed) > Date.parse(status.lastSuccessfulTime))) {
        status.lastSuccessfulTime = completed;
      }
    }
    for (const ref of [...active]) {
      if (owned.some((j) => j.metadata?.uid === ref.uid)) continue;
      // Not in the cache: ask the API server before calling it gone.
      const live = await ctx.client.get(jobPath(ref.namespace, ref.name)).catch((err: unknown) => {
        if (err instanceof ApiRequestError && err.code === 404) return undefined;
        throw err;
      });
      if (!live || live.metadata?.uid !== ref.uid) {
        events.record(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
        active = active.filter((r) => r.uid !== ref.uid);
      }
    }
    if (active.length) status.active = active;
    else delete status.active;
  };

  const createJob = async (cj: CronJob, scheduledAt: number, timeZone: string): Promise<Job> => {
    const template = cj.spec?.jobTemplate ?? {};
    const name = jobNameFor(cj, scheduledAt);
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata!.namespace!,
        labels: { ...template.metadata?.labels },
        annotations: { ...template.metadata?.annotations, [scheduledTimestampAnnotation]: rfc3339In(scheduledAt, timeZone) },
        ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
      },
      spec: structuredClone(template.spec ?? {}),
    };
    try {
      const created = await ctx.client.create<Job>(`/apis/batch/v1/namespaces/${cj.metadata!.namespace}/jobs`, job);
      events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
      return created;
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === 409) {
        const existing = await ctx.client.get<Job>(jobPath(cj.metadata!.namespace!, name));
        if (controllerOf(existing)?.uid === cj.metadata?.uid) return existing;
      }
      events.record(cj, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`);
      throw err;
    }
  };

  /** Finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit go, oldest first (upstream cleanupFinishedJobs). */
  const cleanupFinishedJobs = async (cj: CronJob, owned: Job[]): Promise<void> => {
    const limits: [string, number | undefined][] = [['Complete', cj.spec?.successfulJobsHistoryLimit], ['Failed', cj.spec?.failedJobsHistoryLimit]];
    for (const [condition, limit] of limits) {
      if (limit === undefined) continue;
      const finished = owned.filter((j) => finishedCondition(j) === condition && !j.metadata?.deletionTimestamp).sort(byStartTime);
      for (const job of finished.slice(0, Math.max(0, finished.length - limit))) await deleteJob(cj, job);
    }
  };

  const writeStatus = async (cj: CronJob, status: CronJobStatus): Promise<void> => {
    if (JSON.stringify(cj.status ?? {}) === JSON.stringify(status)) return;
    await ctx.client.update(`${cronJobPath(cj)}/status`, { ...cj, status });
  };

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const cj = cronJobs.get(namespace, name);
    if (!cj || !namespace) return cancelWakeup(key);
    const owned = jobs.list(namespace).filter((j) => controllerOf(j)?.uid === cj.metadata?.uid);
    const status: CronJobStatus = structuredClone(cj.status ?? {});
    await reconcileChildren(cj, owned, status);
    const spec = cj.spec ?? {};
    const timeZone = spec.timeZone ?? defaultTimeZone;
    if (cj.metadata?.deletionTimestamp) return writeStatus(cj, status);
    if (!isKnownTimeZone(timeZone)) {
      events.record(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: "${timeZone}": unknown time zone ${timeZone}`);
      return writeStatus(cj, status);
    }
    let schedule: CronSchedule;
    try {
      schedule = parseCronSchedule(spec.schedule ?? '');
    } catch (err) {
      events.record(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${spec.schedule}" : ${(err as Error).message}`);
      return writeStatus(cj, status);
    }
    const now = clock.now();
    const next = nextActivation(schedule, now, timeZone);
    const wakeForNext = () => {
      if (next !== undefined) wakeAfter(key, next - now);
    };
    if (spec.suspend) {
      await writeStatus(cj, status);
      return cleanupFinishedJobs(cj, owned);
    }
    const { at: scheduledAt, missed } = mostRecentScheduleTime(cj, schedule, timeZone, now);
    if (missed > tooManyMissed) {
      events.record(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
    }
    if (scheduledAt === undefined || (status.lastScheduleTime !== undefined && Date.parse(status.lastScheduleTime) >= scheduledAt)) {
      await writeStatus(cj, status);
      await cleanupFinishedJobs(cj, owned);
      return wakeForNext();
    }
    const deadline = spec.startingDeadlineSeconds;
    if (deadline !== undefined && scheduledAt + deadline * 1000 < now) {
      events.record(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc3339In(scheduledAt, timeZone)}`);
      await writeStatus(cj, status);
      return wakeForNext();
    }
    const jobName = jobNameFor(cj, scheduledAt);
    if ((status.active ?? []).some((r) => r.name === jobName)) {
      await writeStatus(cj, status);
      return wakeForNext();
    }
    const policy = spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && (status.active ?? []).length > 0) {
      events.record(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      await writeStatus(cj, status);
      return wakeForNext();
    }
    if (policy === 'Replace') {
      for (const ref of status.active ?? []) {
        const job = owned.find((j) => j.metadata?.uid === ref.uid) ?? { metadata: { namespace: ref.namespace, name: ref.name } };
        await deleteJob(cj, job);
      }
      delete status.active;
    }
    const job = await createJob(cj, scheduledAt, timeZone);
    if (!(status.active ?? []).some((r) => r.uid === job.metadata?.uid)) status.active = [...(status.active ?? []), jobReference(job)];
    status.lastScheduleTime = timestamp(scheduledAt);
    await writeStatus(cj, status);
    await cleanupFinishedJobs(cj, owned);
    wakeForNext();
  };

  await Promise.all([cronJobs.synced(), jobs.synced()]);
  queue.run(workers, sync);
  return {
    async stop() {
      for (const cancel of wakeups.values()) cancel();
      wakeups.clear();
      await queue.stop();
    },
  };
}
