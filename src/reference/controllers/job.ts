// The Job controller, as upstream's pkg/controller/job for NonIndexed jobs:
// keeps min(parallelism, completions - succeeded) pods active, counts finished
// pods through the batch.kubernetes.io/job-tracking finalizer and
// status.uncountedTerminatedPods (record the uid, drop the finalizer, then
// count), fails the job past backoffLimit or activeDeadlineSeconds
// (FailureTarget, then Failed once no pod is left running) and completes it at
// `completions` successes (SuccessCriteriaMet, then Complete). A suspended job
// has no pods running (condition Suspended) until it is resumed.
import { ApiRequestError } from '../../kube/api-client.ts';
import { objectKey, splitKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import { claimObjects, controllerOf, newControllerRef, specSelector } from './controller-ref.ts';
import { createPod, deletePod, isPodActive, isPodReady, podFromTemplate, podsPath, podsToDelete, type PodTemplate } from './pod-control.ts';

export const jobTrackingFinalizer = 'batch.kubernetes.io/job-tracking';

interface JobCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

interface JobStatus {
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  ready?: number;
  terminating?: number;
  conditions?: JobCondition[];
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
  [field: string]: unknown;
}

interface Job extends KubeObject {
  spec?: {
    completions?: number | null;
    parallelism?: number;
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    suspend?: boolean;
    template?: PodTemplate;
  };
  status?: JobStatus;
}

/** A finished target and the final condition it becomes once no pod of the job is left running. */
const finalConditionOf: Record<string, string> = { FailureTarget: 'Failed', SuccessCriteriaMet: 'Complete' };

const phase = (pod: KubeObject) => (pod.status as { phase?: string } | undefined)?.phase;
const hasTrackingFinalizer = (pod: KubeObject) => pod.metadata?.finalizers?.includes(jobTrackingFinalizer) === true;
const isPodTerminated = (pod: KubeObject) => phase(pod) === 'Succeeded' || phase(pod) === 'Failed' || pod.metadata?.deletionTimestamp !== undefined;
/**
 * Upstream isPodFailed: a pod deleted before it succeeded counts as failed, as
 * it may never reach the Failed phase; but not one deleted because its job is
 * suspended.
 */
const isPodFailed = (pod: KubeObject, suspended: boolean) =>
  phase(pod) === 'Failed' || (!suspended && pod.metadata?.deletionTimestamp !== undefined && phase(pod) !== 'Succeeded');

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

function trueCondition(status: JobStatus, type: string): JobCondition | undefined {
  return status.conditions?.find((c) => c.type === type && c.status === 'True');
}

function isFinished(status: JobStatus): boolean {
  return trueCondition(status, 'Complete') !== undefined || trueCondition(status, 'Failed') !== undefined;
}

function withCondition(status: JobStatus, type: string, reason: string, message: string, now: string, conditionStatus = 'True'): JobStatus {
  const condition: JobCondition = { type, status: conditionStatus, reason, message, lastProbeTime: now, lastTransitionTime: now };
  return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type !== type), condition] };
}

export interface JobControllerOptions {
  /** Delay before replacing a failed pod, doubling per failure since the last success (upstream 10 s). */
  podFailureBackoffMs?: number;
  /** Cap of that delay (upstream 10 min). */
  maxPodFailureBackoffMs?: number;
}

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureMs: number;
}

/** Upstream's backoffRecord.getRemainingTime: base × 2^(failures − 1), capped, counted from the last failure. */
export function podFailureBackoffLeftMs(record: BackoffRecord, nowMs: number, baseMs: number, maxMs: number): number {
  if (record.failuresAfterLastSuccess === 0) return 0;
  const delay = Math.min(maxMs, baseMs * 2 ** (record.failuresAfterLastSuccess - 1));
  return Math.max(0, record.lastFailureMs + delay - nowMs);
}

export async function startJobController(ctx: ControllerContext, options: JobControllerOptions = {}): Promise<Controller> {
  const backoffMs = options.podFailureBackoffMs ?? 10_000;
  const maxBackoffMs = options.maxPodFailureBackoffMs ?? 600_000;
  /** Per job uid, as upstream's backoff store: in memory, rebuilt from nothing after a restart. */
  const backoffs = new Map<string, BackoffRecord>();
  const jobs = ctx.informers.for<Job>('/apis/batch/v1/jobs');
  const pods = ctx.informers.for('/api/v1/pods');
  const events = ctx.events('job-controller');
  const queue = createWorkQueue({ log: ctx.log });

  const enqueue = (job: KubeObject) => queue.add(objectKey(job));
  const enqueueOwner = (pod: KubeObject) => {
    const ref = controllerOf(pod);
    if (ref?.kind === 'Job') queue.add(`${pod.metadata?.namespace}/${ref.name}`);
  };
  jobs.on({
    add: enqueue,
    update: (_, job) => enqueue(job),
    delete: (job) => {
      backoffs.delete(job.metadata?.uid ?? '');
      enqueue(job);
    },
  });
  pods.on({ add: enqueueOwner, update: (_, pod) => enqueueOwner(pod), delete: enqueueOwner });
  await Promise.all([jobs.synced(), pods.synced()]);

  async function removeTrackingFinalizer(pod: KubeObject): Promise<void> {
    const finalizers = (pod.metadata?.finalizers ?? []).filter((f) => f !== jobTrackingFinalizer);
    try {
      await ctx.client.patch(`${podsPath(pod.metadata?.namespace ?? '')}/${pod.metadata?.name}`, 'merge', {
        metadata: { finalizers: finalizers.length ? finalizers : null, resourceVersion: pod.metadata?.resourceVersion },
      });
    } catch (err) {
      if (!(err instanceof ApiRequestError && err.code === 404)) throw err;
    }
  }

  /** A Job gone, being deleted or replaced by another of its name no longer counts its pods: their tracking finalizers must not hold them. */
  async function releaseOrphans(namespace: string, jobName: string, liveUid: string | undefined): Promise<void> {
    for (const pod of pods.list(namespace)) {
      const ref = controllerOf(pod);
      if (ref?.kind === 'Job' && ref.name === jobName && ref.uid !== liveUid && hasTrackingFinalizer(pod)) await removeTrackingFinalizer(pod);
    }
  }

  async function writeStatus(job: Job, status: JobStatus): Promise<Job> {
    const path = `/apis/batch/v1/namespaces/${job.metadata?.namespace}/jobs/${job.metadata?.name}/status`;
    return ctx.client.update<Job>(path, { ...job, status });
  }

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = jobs.get(namespace, name);
    const liveUid = cached?.metadata?.deletionTimestamp ? undefined : cached?.metadata?.uid;
    await releaseOrphans(namespace ?? '', name, liveUid);
    if (liveUid === undefined) return;
    let job = await ctx.client.get<Job>(`/apis/batch/v1/namespaces/${namespace}/jobs/${name}`);
    const jobUid = job.metadata?.uid ?? '';
    const spec = job.spec ?? {};
    // Read back from the API server rather than the cache, so that pods this
    // controller just created are never made twice.
    const selector = specSelector(job);
    const matching = (await ctx.client.list(podsPath(namespace ?? ''), { labelSelector: selector.toString() })).items;
    const owned = await claimObjects(matching, {
      client: ctx.client,
      owner: job,
      ownerApiVersion: 'batch/v1',
      ownerKind: 'Job',
      selector,
      pathOf: (pod) => `${podsPath(namespace ?? '')}/${pod.metadata?.name}`,
    });
    if (isFinished(job.status ?? {})) {
      backoffs.delete(jobUid);
      for (const pod of owned) if (hasTrackingFinalizer(pod)) await removeTrackingFinalizer(pod);
      return;
    }
    const now = new Date();
    const nowText = now.toISOString();
    const suspended = spec.suspend === true;
    const wasSuspended = trueCondition(job.status ?? {}, 'Suspended') !== undefined;
    // A resumed job starts its activeDeadlineSeconds afresh; a suspended one has not started.
    const startTime = suspended ? job.status?.startTime : wasSuspended ? nowText : (job.status?.startTime ?? nowText);
    let status: JobStatus = { ...job.status, startTime };
    if (startTime === undefined) delete status.startTime;

    // Count finished pods as upstream does: first record their uids, then drop
    // their finalizers, then move them into the counters.
    const uncounted = { succeeded: [...(status.uncountedTerminatedPods?.succeeded ?? [])], failed: [...(status.uncountedTerminatedPods?.failed ?? [])] };
    const recorded = new Set([...uncounted.succeeded, ...uncounted.failed]);
    const finished = owned.filter((pod) => hasTrackingFinalizer(pod) && isPodTerminated(pod));
    for (const pod of finished) {
      const uid = pod.metadata?.uid ?? '';
      if (recorded.has(uid)) continue;
      if (phase(pod) === 'Succeeded') uncounted.succeeded.push(uid);
      else if (isPodFailed(pod, suspended)) uncounted.failed.push(uid);
    }
    if (uncounted.succeeded.length + uncounted.failed.length > recorded.size) {
      status = { ...status, uncountedTerminatedPods: uncounted };
      job = await writeStatus(job, status);
    }
    for (const pod of finished) await removeTrackingFinalizer(pod);
    status = {
      ...status,
      succeeded: (status.succeeded ?? 0) + uncounted.succeeded.length,
      failed: (status.failed ?? 0) + uncounted.failed.length,
      uncountedTerminatedPods: {},
    };

    const backoff = backoffs.get(jobUid) ?? { failuresAfterLastSuccess: 0, lastFailureMs: 0 };
    if (uncounted.succeeded.length) backoff.failuresAfterLastSuccess = 0;
    if (uncounted.failed.length) {
      backoff.failuresAfterLastSuccess += uncounted.failed.length;
      backoff.lastFailureMs = now.getTime();
    }
    backoffs.set(jobUid, backoff);
    const backoffLeftMs = podFailureBackoffLeftMs(backoff, now.getTime(), backoffMs, maxBackoffMs);

    let active = owned.filter(isPodActive);
    const succeeded = status.succeeded ?? 0;
    const failed = status.failed ?? 0;
    const deadlineMs = spec.activeDeadlineSeconds === undefined || startTime === undefined || suspended ? undefined : Date.parse(startTime) + spec.activeDeadlineSeconds * 1000;
    const completions = spec.completions ?? undefined;
    const target = status.conditions?.find((c) => c.status === 'True' && c.type in finalConditionOf);
    if (!target && !suspended) {
      if (failed > (spec.backoffLimit ?? 6)) {
        status = withCondition(status, 'FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', nowText);
      } else if (deadlineMs !== undefined && deadlineMs <= now.getTime()) {
        status = withCondition(status, 'FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline', nowText);
      } else if (completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0) {
        status = withCondition(status, 'SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', nowText);
      }
    }
    const finishing = status.conditions?.find((c) => c.status === 'True' && c.type in finalConditionOf);

    let transition: { reason: string; message: string } | undefined;
    if (finishing || suspended) {
      for (const pod of active) await deletePod(ctx.client, events, job, pod);
      active = [];
      if (!finishing && !wasSuspended) {
        status = withCondition(status, 'Suspended', 'JobSuspended', 'Job suspended', nowText);
        transition = { reason: 'Suspended', message: 'Job suspended' };
      }
    } else {
      if (wasSuspended) {
        status = withCondition(status, 'Suspended', 'JobResumed', 'Job resumed', nowText, 'False');
        transition = { reason: 'Resumed', message: 'Job resumed' };
      }
      const parallelism = spec.parallelism ?? 1;
      // Without completions, the first success means no new pods: the ones left finish the work.
      const wantActive = completions !== undefined ? Math.max(0, Math.min(completions - succeeded, parallelism)) : succeeded > 0 ? active.length : parallelism;
      if (wantActive > active.length && backoffLeftMs > 0) queue.addAfter(key, backoffLeftMs);
      else if (wantActive > active.length) {
        const template = spec.template ?? {};
        for (let i = active.length; i < wantActive; i++) {
          const pod = podFromTemplate(template, job, newControllerRef(job, 'batch/v1', 'Job'));
          pod.metadata = { ...pod.metadata, finalizers: [...(pod.metadata?.finalizers ?? []), jobTrackingFinalizer] };
          active.push(await createPod(ctx.client, events, job, pod));
        }
      } else if (wantActive < active.length) {
        const excess = podsToDelete(active, owned, active.length - wantActive);
        for (const pod of excess) await deletePod(ctx.client, events, job, pod);
        active = active.filter((pod) => !excess.includes(pod));
      }
    }

    const stillRunning = owned.filter((pod) => hasTrackingFinalizer(pod) && !finished.includes(pod) && !active.includes(pod));
    status = {
      ...status,
      active: active.length,
      ready: active.filter(isPodReady).length,
      terminating: owned.filter((pod) => pod.metadata?.deletionTimestamp !== undefined && phase(pod) !== 'Succeeded' && phase(pod) !== 'Failed').length,
    };
    let finalCondition: string | undefined;
    if (finishing && active.length === 0 && stillRunning.length === 0) {
      finalCondition = finalConditionOf[finishing.type];
      status = withCondition(status, finalCondition ?? '', finishing.reason ?? '', finishing.message ?? '', nowText);
      if (finalCondition === 'Complete') status.completionTime = nowText;
    }
    if (!sameFields(status, job.status ?? {})) await writeStatus(job, status);
    if (transition) events.record(job, 'Normal', transition.reason, transition.message);
    if (finalCondition === 'Complete') events.record(job, 'Normal', 'Completed', 'Job completed');
    else if (finalCondition === 'Failed') events.record(job, 'Warning', finishing?.reason ?? '', finishing?.message ?? '');
    else if (!finishing && deadlineMs !== undefined) queue.addAfter(key, Math.max(0, deadlineMs - now.getTime()));
  }

  queue.run(2, sync);
  for (const job of jobs.list()) enqueue(job);
  return { stop: () => queue.stop() };
}
