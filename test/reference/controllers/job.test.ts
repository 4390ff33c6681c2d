import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { jobTrackingFinalizer, startJobController } from '../../../src/reference/controllers/job.ts';
import { startSetAndJobHarness, type SetAndJobHarness } from './fixtures/set-and-job-harness.ts';

interface Job extends KubeObject {
  status?: {
    active?: number;
    succeeded?: number;
    failed?: number;
    ready?: number;
    terminating?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

const podsPath = '/api/v1/namespaces/default/pods';
const jobsPath = '/apis/batch/v1/namespaces/default/jobs';
const isActive = (pod: KubeObject) => !['Succeeded', 'Failed'].includes((pod.status as { phase?: string } | undefined)?.phase ?? '') && !pod.metadata?.deletionTimestamp;
const finishedAs = (type: string) => (job: Job) => job.status?.conditions?.some((c) => c.type === type && c.status === 'True') === true;

async function createJob(h: SetAndJobHarness, name: string, spec: Record<string, unknown>): Promise<void> {
  await h.client.create(jobsPath, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'work:1' }] } }, ...spec },
  });
}

const podsOf = (job: string) => ({ labelSelector: `batch.kubernetes.io/job-name=${job}` });

t.test('completions 3, parallelism 2: never more than 2 at once, then SuccessCriteriaMet and Complete', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startJobController);
  await createJob(h, 'batch', { completions: 3, parallelism: 2 });
  let mostActive = 0;
  const countActive = (items: KubeObject[]) => (mostActive = Math.max(mostActive, items.filter(isActive).length));

  const firstTwo = await h.waitForList(podsPath, (items) => (countActive(items), items.length === 2), podsOf('batch'));
  for (const pod of firstTwo) {
    t.ok(pod.metadata?.finalizers?.includes(jobTrackingFinalizer), 'pods carry the tracking finalizer');
    t.match(pod.metadata?.ownerReferences, [{ kind: 'Job', name: 'batch', controller: true }]);
  }
  await h.setPodPhase(firstTwo[0] as KubeObject, 'Running');
  await h.waitFor(jobsPath, 'batch', (j: Job) => j.status?.active === 2 && j.status.ready === 1);
  for (const pod of firstTwo) await h.setPodPhase(pod, 'Succeeded');
  const all = await h.waitForList(podsPath, (items) => (countActive(items), items.length === 3), podsOf('batch'));
  const third = all.find((p) => !firstTwo.some((q) => q.metadata?.uid === p.metadata?.uid)) as KubeObject;
  await h.setPodPhase(third, 'Succeeded');

  const job = await h.waitFor(jobsPath, 'batch', finishedAs('Complete'));
  t.equal(mostActive, 2, 'parallelism bounds the active pods');
  t.match(job.status, { active: 0, succeeded: 3, failed: 0, ready: 0 });
  t.ok(job.status?.startTime && job.status.completionTime);
  t.same(
    job.status?.conditions?.map((c) => [c.type, c.reason, c.message]),
    [
      ['SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ],
  );
  await h.waitForList(podsPath, (items) => items.every((p) => !p.metadata?.finalizers?.includes(jobTrackingFinalizer)), podsOf('batch'));
  const events = await h.events('default');
  t.equal(events.filter((e) => e.reason === 'SuccessfulCreate' && /^Created pod: batch-[a-z0-9]{5}$/.test(e.message)).length, 3);
  t.ok(events.some((e) => e.reason === 'Completed' && e.message === 'Job completed' && e.type === 'Normal'));
});

t.test('a failing Job stops at backoffLimit', async (t) => {
  const h = await startSetAndJobHarness(t);
  // The replacement waits out the pod failure back-off (10 s upstream), shortened here.
  await h.start((ctx) => startJobController(ctx, { podFailureBackoffMs: 20 }));
  await createJob(h, 'flaky', { backoffLimit: 1 });
  const failedUids = new Set<string>();
  for (let attempt = 1; attempt <= 2; attempt++) {
    const pods = await h.waitForList(podsPath, (items) => items.some((p) => isActive(p) && !failedUids.has(p.metadata?.uid ?? '')), podsOf('flaky'));
    const pod = pods.find((p) => isActive(p) && !failedUids.has(p.metadata?.uid ?? '')) as KubeObject;
    failedUids.add(pod.metadata?.uid ?? '');
    await h.setPodPhase(pod, 'Failed');
  }
  const job = await h.waitFor(jobsPath, 'flaky', finishedAs('Failed'));
  t.match(job.status, { active: 0, failed: 2, succeeded: 0 });
  t.equal(job.status?.completionTime, undefined, 'a failed job has no completionTime');
  t.same(
    job.status?.conditions?.map((c) => [c.type, c.reason, c.message]),
    [
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ],
  );
  t.equal((await h.client.list(podsPath, podsOf('flaky'))).items.length, 2, 'no pod after the limit');
  const events = await h.events('default');
  t.ok(events.some((e) => e.reason === 'BackoffLimitExceeded' && e.message === 'Job has reached the specified backoff limit' && e.type === 'Warning'));
});

t.test('activeDeadlineSeconds fails the Job and removes its running pods', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startJobController);
  await createJob(h, 'slow', { activeDeadlineSeconds: 1 });
  const [pod] = await h.waitForList(podsPath, (items) => items.length === 1, podsOf('slow'));
  await h.setPodPhase(pod as KubeObject, 'Running');
  const job = await h.waitFor(jobsPath, 'slow', finishedAs('Failed'));
  t.match(job.status, { active: 0, failed: 1 });
  t.match(job.status?.conditions?.find((c) => c.type === 'Failed'), { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
  await h.waitForList(podsPath, (items) => items.length === 0, podsOf('slow'));
  const events = await h.events('default');
  t.ok(events.some((e) => e.reason === 'DeadlineExceeded' && e.type === 'Warning'));
  t.ok(events.some((e) => e.reason === 'SuccessfulDelete' && e.message === `Deleted pod: ${pod?.metadata?.name}`));
});

t.test('the pods of a deleted Job lose their tracking finalizer', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startJobController);
  await createJob(h, 'gone', {});
  const [pod] = await h.waitForList(podsPath, (items) => items.length === 1, podsOf('gone'));
  t.ok(pod?.metadata?.finalizers?.includes(jobTrackingFinalizer));
  await h.waitFor(jobsPath, 'gone', (j: Job) => j.status?.active === 1);
  // No garbage collector runs here: the pod outlives its Job, as under propagationPolicy Orphan.
  await h.client.delete(`${jobsPath}/gone`, { propagationPolicy: 'Background' });
  await h.waitFor(podsPath, pod?.metadata?.name ?? '', (p) => !p.metadata?.finalizers?.includes(jobTrackingFinalizer));
});

t.test('suspend and resume: no pods while suspended, deleted pods are not failures', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startJobController);
  await createJob(h, 'held', { suspend: true });
  const suspendedAs = (reason: string) => (j: Job) => j.status?.conditions?.some((c) => c.type === 'Suspended' && c.reason === reason) === true;
  let job = await h.waitFor(jobsPath, 'held', suspendedAs('JobSuspended'));
  t.equal(job.status?.startTime, undefined, 'a suspended job has not started');
  t.equal((await h.client.list(podsPath, podsOf('held'))).items.length, 0);

  await h.mergePatch(`${jobsPath}/held`, { spec: { suspend: false } });
  job = await h.waitFor(jobsPath, 'held', (j: Job) => suspendedAs('JobResumed')(j) && j.status?.active === 1);
  t.match(job.status?.conditions?.find((c) => c.type === 'Suspended'), { status: 'False', message: 'Job resumed' });
  t.ok(job.status?.startTime, 'resuming starts the job');

  await h.mergePatch(`${jobsPath}/held`, { spec: { suspend: true } });
  job = await h.waitFor(jobsPath, 'held', (j: Job) => suspendedAs('JobSuspended')(j) && j.status?.active === 0);
  await h.waitForList(podsPath, (items) => items.length === 0, podsOf('held'));
  job = await h.waitFor(jobsPath, 'held', (j: Job) => j.status?.terminating === 0);
  t.match(job.status, { failed: 0, succeeded: 0 });
  const events = await h.events('default');
  t.ok(events.some((e) => e.reason === 'Suspended' && e.message === 'Job suspended'));
  t.ok(events.some((e) => e.reason === 'Resumed' && e.message === 'Job resumed'));
});
