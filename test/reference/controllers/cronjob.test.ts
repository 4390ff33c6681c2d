import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { startCronJobController, scheduledTimestampAnnotation, type CronJob } from '../../../src/reference/controllers/cronjob.ts';
import { TestClock } from './fixtures/test-clock.ts';
import { startSetAndJobHarness, type SetAndJobHarness } from './fixtures/set-and-job-harness.ts';

const cronJobsPath = '/apis/batch/v1/namespaces/default/cronjobs';
const jobsPath = '/apis/batch/v1/namespaces/default/jobs';
const eventsPath = '/api/v1/namespaces/default/events';
const minute = 60_000;

interface Event extends KubeObject {
  reason?: string;
  message?: string;
  involvedObject?: { name?: string };
}

/** The next whole minute after now, plus a second: when an every-minute schedule has just fired. */
function nextMinute(from: number): number {
  return (Math.floor(from / minute) + 1) * minute;
}

async function start(t: Parameters<typeof startSetAndJobHarness>[0], spec: Record<string, unknown>, name = 'tick'): Promise<{ h: SetAndJobHarness; clock: TestClock; cj: CronJob }> {
  const h = await startSetAndJobHarness(t);
  const clock = new TestClock(Date.now());
  await h.start((ctx) => startCronJobController(ctx, { clock }));
  const cj = await h.client.create<CronJob>(cronJobsPath, {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '* * * * *',
      jobTemplate: {
        metadata: { labels: { from: name } },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'c:1' }] } } },
      },
      ...spec,
    },
  });
  return { h, clock, cj };
}

async function finishJob(h: SetAndJobHarness, job: KubeObject, type: 'Complete' | 'Failed'): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const path = `${jobsPath}/${job.metadata!.name}`;
  const fresh = await h.client.get(path);
  const conditions = type === 'Complete'
    ? [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }]
    : [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }];
  await h.client.update(`${path}/status`, {
    ...fresh,
    status: { startTime: now, ...(type === 'Complete' ? { completionTime: now, succeeded: 1 } : { failed: 1 }), conditions: conditions.map((c) => ({ ...c, lastTransitionTime: now })) },
  });
}

const jobsOf = (name: string) => ({ labelSelector: `from=${name}` });

t.test('on schedule: a Job per minute named after the scheduled minute, status kept, history trimmed', async (t) => {
  const { h, clock, cj } = await start(t, { successfulJobsHistoryLimit: 1 });
  t.match(cj.spec, { concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1 }, 'defaults');
  const first = nextMinute(clock.now());
  clock.advanceTo(first + 1000);
  const [job] = await h.waitForList(jobsPath, (items) => items.length === 1, jobsOf('tick'));
  t.equal(job?.metadata?.name, `tick-${first / minute}`);
  t.equal(job?.metadata?.annotations?.[scheduledTimestampAnnotation], new Date(first).toISOString().replace(/\.\d+Z$/, 'Z'));
  t.match(job?.metadata?.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: cj.metadata?.uid, controller: true }]);
  const running = await h.waitFor<CronJob>(cronJobsPath, 'tick', (c) => c.status?.active?.length === 1);
  t.match(running.status, { active: [{ kind: 'Job', name: job?.metadata?.name, uid: job?.metadata?.uid, apiVersion: 'batch/v1' }], lastScheduleTime: new Date(first).toISOString().replace(/\.\d+Z$/, 'Z') });

  await finishJob(h, job!, 'Complete');
  const done = await h.waitFor<CronJob>(cronJobsPath, 'tick', (c) => !c.status?.active && c.status?.lastSuccessfulTime !== undefined);
  t.ok(done.status?.lastSuccessfulTime);
  await h.waitForList<Event>(eventsPath, (items) => items.some((e) => e.reason === 'SawCompletedJob' && e.message === `Saw completed job: ${job?.metadata?.name}, condition: Complete`));

  clock.advanceTo(first + minute + 1000);
  const second = await h.waitForList(jobsPath, (items) => items.some((j) => j.metadata?.name === `tick-${first / minute + 1}`), jobsOf('tick'));
  await finishJob(h, second.find((j) => j.metadata?.name === `tick-${first / minute + 1}`)!, 'Complete');
  const kept = await h.waitForList(jobsPath, (items) => items.length === 1, jobsOf('tick'));
  t.equal(kept[0]?.metadata?.name, `tick-${first / minute + 1}`, 'the older successful job went past successfulJobsHistoryLimit');
  const events = await h.events('default');
  t.ok(events.some((e) => e.reason === 'SuccessfulCreate' && e.message === `Created job tick-${first / minute}`));
  t.ok(events.some((e) => e.reason === 'SuccessfulDelete' && e.message === `Deleted job tick-${first / minute}`));
});

t.test('concurrencyPolicy Forbid skips a run while one is active; Replace replaces it', async (t) => {
  const { h, clock } = await start(t, { concurrencyPolicy: 'Forbid' });
  const first = nextMinute(clock.now());
  clock.advanceTo(first + 1000);
  await h.waitForList(jobsPath, (items) => items.length === 1, jobsOf('tick'));
  clock.advanceTo(first + minute + 1000);
  await h.waitForList<Event>(eventsPath, (items) => items.some((e) => e.reason === 'JobAlreadyActive' && e.message === 'Not starting job because prior execution is running and concurrency policy is Forbid'));
  t.same((await h.client.list(jobsPath, jobsOf('tick'))).items.map((j) => j.metadata?.name), [`tick-${first / minute}`], 'no second job');

  await h.mergePatch(`${cronJobsPath}/tick`, { spec: { concurrencyPolicy: 'Replace' } });
  clock.advanceTo(first + 2 * minute + 1000);
  const replaced = await h.waitForList(jobsPath, (items) => items.some((j) => j.metadata?.name === `tick-${first / minute + 2}`) && !items.some((j) => j.metadata?.name === `tick-${first / minute}`), jobsOf('tick'));
  t.same(replaced.map((j) => j.metadata?.name), [`tick-${first / minute + 2}`]);
  const cj = await h.waitFor<CronJob>(cronJobsPath, 'tick', (c) => c.status?.active?.length === 1 && c.status.active[0]?.name === `tick-${first / minute + 2}`);
  t.equal(cj.status?.active?.length, 1);
});

t.test('suspend holds runs back; startingDeadlineSeconds drops a run that is too late, then a suspended one catches up', async (t) => {
  const { h, clock } = await start(t, { suspend: true, startingDeadlineSeconds: 10 });
  const first = nextMinute(clock.now());
  clock.advanceTo(first + 30_000);
  await h.mergePatch(`${cronJobsPath}/tick`, { spec: { suspend: false } });
  clock.advanceTo(first + minute + 1000);
  const jobs = await h.waitForList(jobsPath, (items) => items.some((j) => j.metadata?.name === `tick-${first / minute + 1}`), jobsOf('tick'));
  t.same(jobs.map((j) => j.metadata?.name), [`tick-${first / minute + 1}`], 'the run missed by more than the deadline was never started');

  await h.mergePatch(`${cronJobsPath}/tick`, { spec: { suspend: true, startingDeadlineSeconds: null } });
  await h.waitFor<CronJob>(cronJobsPath, 'tick', (c) => c.spec?.suspend === true);
  clock.advanceTo(first + 3 * minute + 30_000);
  await h.mergePatch(`${cronJobsPath}/tick`, { spec: { suspend: false } });
  const caughtUp = await h.waitForList(jobsPath, (items) => items.length === 2, jobsOf('tick'));
  t.same(caughtUp.map((j) => j.metadata?.name).sort(), [`tick-${first / minute + 1}`, `tick-${first / minute + 3}`], 'resumed, only the most recent missed run starts');
});

t.test('timeZone: the schedule runs on the zone\'s wall clock, the annotation carries its offset', async (t) => {
  const { h, clock } = await start(t, { schedule: '0 * * * *', timeZone: 'Asia/Kolkata' }, 'india');
  // Kolkata is UTC+05:30, so its whole hours fall at half past the hour in UTC.
  const halfHour = 30 * minute;
  const due = Math.floor((clock.now() - halfHour) / (60 * minute)) * 60 * minute + halfHour + 60 * minute;
  clock.advanceTo(due + 1000);
  const [job] = await h.waitForList(jobsPath, (items) => items.length === 1, jobsOf('india'));
  t.equal(job?.metadata?.name, `india-${due / minute}`);
  t.match(job?.metadata?.annotations?.[scheduledTimestampAnnotation], /T\d\d:00:00\+05:30$/);
  t.equal(Date.parse(job?.metadata?.annotations?.[scheduledTimestampAnnotation] ?? ''), due);
});

t.test('validation: schedule, timeZone, concurrencyPolicy, name length', async (t) => {
  const h = await startSetAndJobHarness(t);
  const body = (name: string, spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name },
    spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'c' }] } } } }, ...spec },
  });
  const message = async (name: string, spec: Record<string, unknown>) => (await h.client.create(cronJobsPath, body(name, spec)).catch((e: { message: string }) => e)).message as string;
  t.match(await message('bad-schedule', { schedule: '* * *' }), /spec.schedule: Invalid value: "\* \* \*": expected exactly 5 fields, found 3: \[\* \* \*\]/);
  t.match(await message('tz-in-schedule', { schedule: 'TZ=UTC * * * * *' }), /cannot use TZ or CRON_TZ in schedule, use timeZone field instead/);
  t.match(await message('bad-zone', { timeZone: 'Mars/Olympus' }), /spec.timeZone: Invalid value: "Mars\/Olympus": unknown time zone Mars\/Olympus/);
  t.match(await message('bad-policy', { concurrencyPolicy: 'Sometimes' }), /spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"/);
  t.match(await message('a'.repeat(53), {}), /metadata.name: Invalid value: "a{53}": must be no more than 52 characters/);
  t.match(await message('always', { jobTemplate: { spec: { template: { spec: { restartPolicy: 'Always', containers: [{ name: 'c', image: 'c' }] } } } } }), /spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"/);
});
