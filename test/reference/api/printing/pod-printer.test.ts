import t from 'tap';
import { podPrinter, podSummary } from '../../../../src/reference/api/printing/pod-printer.ts';

const now = Date.parse('2026-01-01T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

interface Status {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: Record<string, unknown>;
  lastState?: Record<string, unknown>;
}

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, metadata: Record<string, unknown> = {}) {
  return { metadata: { name: 'p', creationTimestamp: ago(300), ...metadata }, spec: { containers: [{ name: 'a' }], ...spec }, status };
}

const running = (name: string, ready = true, restartCount = 0): Status => ({ name, ready, restartCount, state: { running: { startedAt: ago(60) } } });

t.test('READY counts ready running containers', async (t) => {
  const p = pod({ containers: [{ name: 'a' }, { name: 'b' }] }, { phase: 'Running', containerStatuses: [running('a'), running('b', false)] });
  t.same(podSummary(p, now), { ready: '1/2', status: 'Running', restarts: '0' });
});

t.test('STATUS takes the reason of a waiting or terminated container', async (t) => {
  const crash = pod({}, { phase: 'Running', containerStatuses: [{ name: 'a', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(303) } } }] });
  t.same(podSummary(crash, now), { ready: '0/1', status: 'CrashLoopBackOff', restarts: '3 (5m3s ago)' });
  const done = pod({}, { phase: 'Succeeded', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] });
  t.equal(podSummary(done, now).status, 'Completed');
  t.same(podPrinter.row(done, now).conditions, [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  const failed = pod({}, { phase: 'Failed', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 2 } } }] });
  t.equal(podSummary(failed, now).status, 'ExitCode:2');
  t.equal(podPrinter.row(failed, now).conditions?.[0]?.reason, 'Failed');
  const killed = pod({}, { phase: 'Failed', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 137, signal: 9 } } }] });
  t.equal(podSummary(killed, now).status, 'Signal:9');
  const pending = pod({}, { phase: 'Pending' });
  t.same(podSummary(pending, now), { ready: '0/1', status: 'Pending', restarts: '0' });
  const pulling = pod({}, { phase: 'Pending', containerStatuses: [{ name: 'a', state: { waiting: { reason: 'ContainerCreating' } } }] });
  t.equal(podSummary(pulling, now).status, 'ContainerCreating');
  const evicted = pod({}, { phase: 'Failed', reason: 'Evicted' });
  t.equal(podSummary(evicted, now).status, 'Evicted');
  const gated = pod({}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] });
  t.equal(podSummary(gated, now).status, 'SchedulingGated');
});

t.test('a completed container beside a running one is Running or NotReady', async (t) => {
  const statuses = [{ name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } }, running('b')];
  const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
  t.equal(podSummary(pod(spec, { phase: 'Running', containerStatuses: statuses, conditions: [{ type: 'Ready', status: 'True' }] }), now).status, 'Running');
  t.equal(podSummary(pod(spec, { phase: 'Running', containerStatuses: statuses }), now).status, 'NotReady');
});

t.test('init containers: Init:N/M, Init:<reason>, and restarts counted while initializing', async (t) => {
  const spec = { initContainers: [{ name: 'i1' }, { name: 'i2' }] };
  const first = pod(spec, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { running: {} } }, { name: 'i2', state: { waiting: { reason: 'PodInitializing' } } }] });
  t.same(podSummary(first, now), { ready: '0/1', status: 'Init:0/2', restarts: '0' });
  const second = pod(spec, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 0 } } }, { name: 'i2', state: { running: {} } }] });
  t.equal(podSummary(second, now).status, 'Init:1/2');
  const looping = pod(spec, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(30) } } }] });
  t.same(podSummary(looping, now), { ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: '4 (30s ago)' });
  const failed = pod(spec, { phase: 'Failed', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 3 } } }] });
  t.equal(podSummary(failed, now).status, 'Init:ExitCode:3');
  const oom = pod(spec, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }] });
  t.equal(podSummary(oom, now).status, 'Init:OOMKilled');
});

t.test('sidecars (restartable init containers) count towards READY once started', async (t) => {
  const spec = { initContainers: [{ name: 'side', restartPolicy: 'Always' }], containers: [{ name: 'a' }] };
  const p = pod(spec, {
    phase: 'Running',
    conditions: [{ type: 'Initialized', status: 'True' }],
    initContainerStatuses: [{ name: 'side', started: true, ready: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 1, finishedAt: ago(120) } } }],
    containerStatuses: [running('a')],
  });
  t.same(podSummary(p, now), { ready: '2/2', status: 'Running', restarts: '1 (2m ago)' });
});

t.test('deletion: Terminating, or Unknown on a lost node; finished pods keep their phase', async (t) => {
  const deleting = { deletionTimestamp: ago(1) };
  t.equal(podSummary(pod({}, { phase: 'Running', containerStatuses: [running('a')] }, deleting), now).status, 'Terminating');
  t.equal(podSummary(pod({}, { phase: 'Running', reason: 'NodeLost' }, deleting), now).status, 'Unknown');
  t.equal(podSummary(pod({}, { phase: 'Succeeded', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, deleting), now).status, 'Completed');
});

t.test('the row: every column, the wide ones included', async (t) => {
  const p = pod({ nodeName: 'n1', readinessGates: [{ conditionType: 'x' }, { conditionType: 'y' }] }, {
    phase: 'Running',
    podIPs: [{ ip: '10.0.0.5' }, { ip: 'fd00::5' }],
    conditions: [{ type: 'x', status: 'True' }],
    containerStatuses: [running('a')],
  });
  t.same(podPrinter.columns.map((c) => [c.name, c.priority]), [['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1]]);
  t.same(podPrinter.row(p, now).cells, ['p', '1/1', 'Running', '0', '5m', '10.0.0.5', 'n1', '<none>', '1/2']);
  t.same(podPrinter.row(pod({}, { phase: 'Pending' }), now).cells.slice(5), ['<none>', '<none>', '<none>', '<none>']);
  t.match(podPrinter.columns[5]!.description, /podIP address allocated to the pod/);
});
