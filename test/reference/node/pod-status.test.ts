// Pod phase and conditions from container records (no runtime involved).
import t from 'tap';
import { newContainerRecord, type ContainerRecord } from '../../../src/reference/node/container-record.ts';
import type { RunningContainer } from '../../../src/reference/node/container-runtime.ts';
import { podPhase, podStatus, type PodRunState } from '../../../src/reference/node/pod-status.ts';
import type { Pod } from '../../../src/reference/node/pod-types.ts';

const at = new Date('2026-01-01T00:00:00Z');

function running(id: string): RunningContainer {
  return { id, pid: 1, startedAt: at, exited: new Promise(() => {}), stop: async () => ({ exitCode: 0, signal: undefined, oomKilled: false, startedAt: at, finishedAt: at }), exec: async () => { throw new Error('no'); }, attach: async () => { throw new Error('no'); } };
}

function exited(r: ContainerRecord, exitCode: number, reason = exitCode === 0 ? 'Completed' : 'Error'): ContainerRecord {
  r.starts++;
  r.exits.push({ exitCode, reason, startedAt: at, finishedAt: at, containerID: `kdrill://${r.spec.name}` });
  return r;
}

function state(restartPolicy: 'Always' | 'OnFailure' | 'Never', records: ContainerRecord[], extra: Partial<PodRunState> = {}): PodRunState {
  const pod: Pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u' }, spec: { restartPolicy } };
  return { pod, records, podIP: '10.244.1.2', hostIP: '172.18.0.3', sandboxReady: true, initialized: true, startTime: at, terminating: false, ...extra };
}

const regular = (name: string) => newContainerRecord({ name, image: 'busybox' }, 'regular', 0);

t.test('phase as getPhase computes it', async (t) => {
  const run = regular('a');
  run.running = running('1');
  t.equal(podPhase(state('Always', [run])), 'Running');
  t.equal(podPhase(state('Always', [regular('a')])), 'Pending', 'a container that never ran');
  t.equal(podPhase(state('Always', [exited(regular('a'), 0)])), 'Running', 'Always: ended containers will restart');
  t.equal(podPhase(state('OnFailure', [exited(regular('a'), 1)])), 'Running', 'OnFailure: a failure will restart');
  t.equal(podPhase(state('OnFailure', [exited(regular('a'), 0)])), 'Succeeded');
  t.equal(podPhase(state('Never', [exited(regular('a'), 0), exited(regular('b'), 3)])), 'Failed');
  t.equal(podPhase(state('Never', [exited(regular('a'), 0), run])), 'Running');
  t.equal(podPhase(state('Always', [exited(regular('a'), 0)], { terminating: true })), 'Succeeded', 'a deleted pod whose containers ended well');
  t.equal(podPhase(state('Always', [exited(regular('a'), 143)], { terminating: true })), 'Failed', 'killed by SIGTERM');
  const init = exited(newContainerRecord({ name: 'init' }, 'init', 0), 1);
  t.equal(podPhase(state('Never', [init, regular('a')], { initialized: false })), 'Failed', 'an init container failing with Never fails the pod');
  t.equal(podPhase(state('Always', [init, regular('a')], { initialized: false })), 'Pending', 'otherwise it is retried');
});

t.test('status: conditions, container states, lastState', async (t) => {
  const crashed = exited(exited(regular('a'), 1), 1);
  crashed.waiting = { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=a pod=p_ns(u)' };
  const pod: Pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u' }, spec: { restartPolicy: 'Always' }, status: { conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-12-31T00:00:00Z' }, { type: 'example.com/gate', status: 'True' }] } };
  const s = podStatus({ ...state('Always', [crashed]), pod }, at.getTime()) as {
    conditions: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
    containerStatuses: Record<string, unknown>[];
  };
  t.same(s.conditions.map((c) => `${c.type}=${c.status}`), ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=False', 'ContainersReady=False', 'PodScheduled=True', 'example.com/gate=True']);
  t.match(s.conditions[2], { reason: 'ContainersNotReady', message: 'containers with unready status: [a]' });
  t.equal(s.conditions[4]?.lastTransitionTime, '2025-12-31T00:00:00Z', 'conditions the kubelet does not own are kept');
  t.match(s.containerStatuses[0], {
    name: 'a',
    ready: false,
    started: false,
    restartCount: 1,
    state: { waiting: { reason: 'CrashLoopBackOff' } },
    lastState: { terminated: { exitCode: 1, reason: 'Error', containerID: 'kdrill://a' } },
    containerID: 'kdrill://a',
  });
  const done = podStatus(state('Never', [exited(regular('a'), 0)]), at.getTime()) as { phase: string; conditions: { type: string; reason?: string }[] };
  t.equal(done.phase, 'Succeeded');
  t.match(done.conditions.find((c) => c.type === 'Ready'), { reason: 'PodCompleted' });
  t.match(done.conditions.find((c) => c.type === 'Initialized'), { reason: 'PodCompleted' });
});
