// The probe worker's thresholds and gating, with a scripted probe (no network).
import t from 'tap';
import { ProbeWorker } from '../../../../src/reference/node/probes/probe-worker.ts';

function scripted(results: boolean[]) {
  let i = 0;
  return async () => ({ success: results[Math.min(i++, results.length - 1)] ?? false, output: `run ${i}` });
}

function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (!check()) return;
      clearInterval(timer);
      resolve();
    }, 20);
  });
}

t.test('a result changes only after failureThreshold failures in a row, then liveness holds', async (t) => {
  const changes: boolean[] = [];
  const failures: string[] = [];
  const run = scripted([false, true, false, false, false, false]);
  let calls = 0;
  const worker = new ProbeWorker({
    kind: 'liveness',
    probe: { periodSeconds: 0.05, failureThreshold: 2 },
    startedAtMs: Date.now(),
    run: () => {
      calls++;
      return run();
    },
    isStarted: () => true,
    onFailure: (o) => failures.push(o),
    onResult: (s) => changes.push(s),
  });
  t.teardown(() => worker.stop());
  t.equal(worker.result, true, 'liveness starts passed');
  await until(() => changes.length > 0);
  t.same(changes, [false], 'failed after two failures in a row, not after the lone first one');
  t.same(failures, ['run 1', 'run 3', 'run 4'], 'every failure is told (the kubelet writes an event for each)');
  const held = calls;
  await new Promise((r) => setTimeout(r, 200));
  t.equal(calls, held, 'a failed liveness probe holds until the container is replaced');
});

t.test('readiness starts failed, waits for the container to start, and needs successThreshold', async (t) => {
  let started = false;
  const changes: boolean[] = [];
  let calls = 0;
  const worker = new ProbeWorker({
    kind: 'readiness',
    probe: { periodSeconds: 0.05, successThreshold: 2 },
    startedAtMs: Date.now(),
    run: async () => {
      calls++;
      return { success: true, output: '' };
    },
    isStarted: () => started,
    onFailure: () => {},
    onResult: (s) => changes.push(s),
  });
  t.teardown(() => worker.stop());
  t.equal(worker.result, false);
  await new Promise((r) => setTimeout(r, 150));
  t.equal(calls, 0, 'not probed before the container started');
  started = true;
  await until(() => changes.length > 0);
  t.same(changes, [true]);
  t.ok(calls >= 2, 'two successes were needed');
});

t.test('initialDelaySeconds delays the first run', async (t) => {
  let calls = 0;
  const worker = new ProbeWorker({
    kind: 'startup',
    probe: { periodSeconds: 0.05, initialDelaySeconds: 1.5 },
    startedAtMs: Date.now(),
    run: async () => {
      calls++;
      return { success: true, output: '' };
    },
    isStarted: () => false,
    onFailure: () => {},
    onResult: () => {},
  });
  t.teardown(() => worker.stop());
  t.equal(worker.result, undefined, 'startup starts unknown');
  await new Promise((r) => setTimeout(r, 100));
  t.equal(calls, 0);
  await until(() => calls > 0);
  t.equal(worker.result, true);
});
