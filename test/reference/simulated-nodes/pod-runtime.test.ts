import t from 'tap';
import { advancePodRun, podStatus, startPodRun } from '../../../src/reference/simulated-nodes/pod-runtime.ts';

interface Status {
  phase: string;
  conditions: { type: string; status: string; reason?: string; message?: string }[];
  containerStatuses: { name: string; state: Record<string, Record<string, unknown>>; lastState: Record<string, Record<string, unknown>>; restartCount: number; ready: boolean }[];
  initContainerStatuses?: { name: string; state: Record<string, Record<string, unknown>> }[];
}

const t0 = Date.parse('2026-01-01T00:00:00Z');

function pod(restartPolicy: string, containers: { name: string; command?: string[] }[], initContainers?: { name: string }[]) {
  return {
    metadata: { name: 'p', namespace: 'ns', uid: 'u-1' },
    spec: { restartPolicy, containers: containers.map((c) => ({ image: 'busybox', ...c })), ...(initContainers ? { initContainers } : {}) },
    status: { conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-12-31T23:59:59Z' }] },
  };
}

t.test('a running pod is Ready with its scheduling condition kept', async (t) => {
  const p = pod('Always', [{ name: 'a' }, { name: 'b' }], [{ name: 'init' }]);
  const run = startPodRun(p, '10.244.0.2', '172.30.0.1', t0);
  t.same(advancePodRun(run, p, 10_000, t0 + 60_000), { changed: false, nextAtMs: undefined, restarted: [], backingOff: [] }, 'containers without an exit run on');
  const s = podStatus(run, p, t0) as unknown as Status;
  t.equal(s.phase, 'Running');
  t.same(s.conditions.map((c) => `${c.type}=${c.status}`), ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
  t.match(s.conditions.at(-1), { lastTransitionTime: '2025-12-31T23:59:59Z' });
  t.match(s.initContainerStatuses, [{ name: 'init', state: { terminated: { exitCode: 0, reason: 'Completed' } } }]);
  t.same(s.containerStatuses.map((c) => c.name), ['a', 'b']);
});

t.test('OnFailure restarts a failing container after a doubling back-off', async (t) => {
  const p = pod('OnFailure', [{ name: 'a', command: ['false'] }, { name: 'b' }]);
  const run = startPodRun(p, '10.244.0.2', '172.30.0.1', t0);
  const first = advancePodRun(run, p, 10_000, t0);
  t.same(first, { changed: false, nextAtMs: t0 + 100, restarted: [], backingOff: [] }, 'it exits after a moment');
  const exited = advancePodRun(run, p, 10_000, t0 + 100);
  t.same(exited, { changed: true, nextAtMs: t0 + 10_100, restarted: [], backingOff: ['a'] });
  const waiting = podStatus(run, p, t0 + 100) as unknown as Status;
  t.equal(waiting.phase, 'Running');
  t.match(waiting.conditions.find((c) => c.type === 'Ready'), { status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [a]' });
  t.match(waiting.containerStatuses[0], {
    state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=a pod=p_ns(u-1)' } },
    lastState: { terminated: { exitCode: 1, reason: 'Error' } },
    ready: false,
    restartCount: 0,
  });
  t.same(advancePodRun(run, p, 10_000, t0 + 10_100).restarted, ['a']);
  const again = advancePodRun(run, p, 10_000, t0 + 10_200);
  t.equal(again.nextAtMs, t0 + 10_200 + 20_000, 'the second back-off is twice the first');
  t.equal((podStatus(run, p, t0 + 10_200) as unknown as Status).containerStatuses[0]!.restartCount, 1);
});

t.test('Never and OnFailure with success end the pod', async (t) => {
  const never = pod('Never', [{ name: 'a', command: ['sh', '-c', 'exit 2'] }, { name: 'b', command: ['true'] }]);
  const run = startPodRun(never, '10.244.0.2', '172.30.0.1', t0);
  advancePodRun(run, never, 10_000, t0 + 100);
  const failed = podStatus(run, never, t0 + 100) as unknown as Status;
  t.equal(failed.phase, 'Failed');
  t.match(failed.conditions.find((c) => c.type === 'Ready'), { status: 'False', reason: 'PodCompleted' });
  t.match(failed.containerStatuses, [{ state: { terminated: { exitCode: 2, reason: 'Error' } } }, { state: { terminated: { exitCode: 0, reason: 'Completed' } } }]);
  const ok = pod('OnFailure', [{ name: 'a', command: ['true'] }]);
  const okRun = startPodRun(ok, '10.244.0.3', '172.30.0.1', t0);
  t.same(advancePodRun(okRun, ok, 10_000, t0 + 100), { changed: true, nextAtMs: undefined, restarted: [], backingOff: [] });
  t.equal((podStatus(okRun, ok, t0 + 100) as unknown as Status).phase, 'Succeeded');
});
