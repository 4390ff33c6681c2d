// The node agent runs pods as the kubelet does: status, restarts with
// back-off, image pull policy, init containers and sidecars, deletion. The
// containers are plain processes (fixtures/process-runtime.ts), so these tests
// check the agent's pod lifecycle, not isolation.
import t from 'tap';
import { startAgentCluster } from './fixtures/agent-cluster.ts';
import { condition, createPod, waitForEvent, waitForPod, waitForPodGone } from './fixtures/pod-waits.ts';

t.test('pod lifecycle on one node', async (t) => {
  const c = await startAgentCluster(t);
  c.images.add(['busybox:1.35'], { env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'FROM_IMAGE=yes'], entrypoint: [], cmd: ['sh'] });

  await t.test('a pod runs: Running and Ready with its IP, conditions and events', async (t) => {
    const created = await createPod(c, 'runs', { containers: [{ name: 'c', image: 'busybox:1.35', command: ['sleep', '300'] }] });
    const pod = await waitForPod(c, 'runs', (p) => condition(p, 'Ready')?.status === 'True');
    t.equal(pod.status?.phase, 'Running');
    t.equal(pod.status?.podIP, '127.0.0.1');
    t.same(pod.status?.podIPs, [{ ip: '127.0.0.1' }]);
    t.equal(pod.status?.hostIP, '172.18.0.3');
    t.same(pod.status?.hostIPs, [{ ip: '172.18.0.3' }]);
    t.ok(pod.status?.startTime);
    t.equal(pod.status?.qosClass, 'BestEffort', 'the API server’s qosClass is kept');
    t.same(pod.status?.conditions?.map((x) => `${x.type}=${x.status}`), [
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    const [status] = pod.status?.containerStatuses ?? [];
    t.match(status, { name: 'c', ready: true, started: true, restartCount: 0, image: 'busybox:1.35', imageID: /^sha256:/, containerID: /^kdrill:\/\//, state: { running: {} } });
    const events = await waitForEvent(c, 'runs', (e) => e.reason === 'Started');
    t.same(
      events.filter((e) => e.source?.component === 'kubelet').map((e) => `${e.reason}: ${e.message}`),
      ['Pulled: Container image "busybox:1.35" already present on machine', 'Created: Created container: c', 'Started: Started container c'],
    );
    const started = c.runtime.started.find((s) => s.config.name === 'c' && s.sandbox.id === c.runtime.started.at(-1)!.sandbox.id)!;
    t.same(started.config.argv, ['sleep', '300']);
    t.match(started.config.env, { FROM_IMAGE: 'yes', HOSTNAME: 'runs', PATH: '/usr/local/bin:/usr/bin:/bin' });
    t.equal(started.config.logPath, `${c.config.podLogDir}/default_runs_${created.metadata?.uid}/c/0.log`);
    t.match(started.config.mounts.map((m) => m.containerPath), ['/etc/hosts', '/etc/resolv.conf', '/etc/hostname']);
    const sandbox = c.runtime.sandboxes.find((s) => s.podName === 'runs')!;
    t.same(sandbox.dns, { nameservers: ['10.96.0.10'], searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'] });
    t.equal(sandbox.hostname, 'runs');
  });

  await t.test('restartPolicy OnFailure: a failing container crash-loops with back-off', async (t) => {
    const created = await createPod(c, 'crashes', { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox:1.35', command: ['sh', '-c', 'exit 3'] }] });
    const pod = await waitForPod(c, 'crashes', (p) => p.status?.containerStatuses?.[0]?.state.waiting?.reason === 'CrashLoopBackOff');
    const [status] = pod.status?.containerStatuses ?? [];
    t.match(status?.state.waiting?.message, new RegExp(`^back-off \\ds restarting failed container=c pod=crashes_default\\(${created.metadata?.uid}\\)$`));
    t.match(status?.lastState, { terminated: { exitCode: 3, reason: 'Error' } });
    t.ok((status?.restartCount ?? 0) >= 1, 'the first restart is immediate');
    t.equal(pod.status?.phase, 'Running');
    t.match(condition(pod, 'Ready'), { status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [c]' });
    const events = await waitForEvent(c, 'crashes', (e) => e.reason === 'BackOff');
    t.match(events.find((e) => e.reason === 'BackOff'), { type: 'Warning', message: `Back-off restarting failed container c in pod crashes_default(${created.metadata?.uid})` });
    const later = await waitForPod(c, 'crashes', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 3);
    t.ok((later.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 3, 'restarted again after each back-off');
  });

  await t.test('restartPolicy Never: Succeeded or Failed, and the sandbox goes', async (t) => {
    await createPod(c, 'succeeds', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.35', command: ['true'] }] });
    await createPod(c, 'fails', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.35', command: ['sh', '-c', 'exit 2'] }] });
    const ok = await waitForPod(c, 'succeeds', (p) => p.status?.phase === 'Succeeded');
    t.match(ok.status?.containerStatuses?.[0], { ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    t.match(condition(ok, 'Ready'), { status: 'False', reason: 'PodCompleted' });
    t.match(condition(ok, 'PodReadyToStartContainers'), { status: 'False' });
    const failed = await waitForPod(c, 'fails', (p) => p.status?.phase === 'Failed');
    t.match(failed.status?.containerStatuses?.[0], { restartCount: 0, state: { terminated: { exitCode: 2, reason: 'Error' } } });
  });

  await t.test('restartPolicy Always: a container that exits 0 is restarted', async (t) => {
    await createPod(c, 'always', { containers: [{ name: 'c', image: 'busybox:1.35', command: ['true'] }] });
    const pod = await waitForPod(c, 'always', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2);
    t.equal(pod.status?.phase, 'Running');
    t.match(pod.status?.containerStatuses?.[0]?.lastState, { terminated: { exitCode: 0, reason: 'Completed' } });
  });

  await t.test('images only from the node store: ErrImagePull, ImagePullBackOff, ErrImageNeverPull', async (t) => {
    await createPod(c, 'no-image', { containers: [{ name: 'c', image: 'example.com/missing:1', command: ['true'] }] });
    await createPod(c, 'never-pull', { containers: [{ name: 'c', image: 'example.com/missing:2', imagePullPolicy: 'Never', command: ['true'] }] });
    const first = await waitForPod(c, 'no-image', (p) => p.status?.containerStatuses?.[0]?.state.waiting?.reason === 'ErrImagePull');
    t.match(first.status?.containerStatuses?.[0]?.state.waiting?.message, /^Failed to pull image "example.com\/missing:1": /);
    t.equal(first.status?.phase, 'Pending');
    const backoff = await waitForPod(c, 'no-image', (p) => p.status?.containerStatuses?.[0]?.state.waiting?.reason === 'ImagePullBackOff');
    t.match(backoff.status?.containerStatuses?.[0]?.state.waiting?.message, /^Back-off pulling image "example.com\/missing:1": ErrImagePull: /);
    const events = await waitForEvent(c, 'no-image', (e) => e.reason === 'BackOff');
    const texts = events.map((e) => `${e.type} ${e.reason}: ${e.message}`);
    t.ok(texts.includes('Normal Pulling: Pulling image "example.com/missing:1"'));
    t.ok(texts.some((m) => m.startsWith('Warning Failed: Failed to pull image "example.com/missing:1": ')));
    t.ok(texts.includes('Warning Failed: Error: ErrImagePull'));
    t.ok(texts.includes('Normal BackOff: Back-off pulling image "example.com/missing:1"'));
    t.ok(texts.includes('Warning Failed: Error: ImagePullBackOff'));
    const never = await waitForPod(c, 'never-pull', (p) => p.status?.containerStatuses?.[0]?.state.waiting?.reason === 'ErrImageNeverPull');
    t.equal(never.status?.containerStatuses?.[0]?.state.waiting?.message, 'Container image "example.com/missing:2" is not present with pull policy of Never');
  });

  await t.test('init containers in order, then a sidecar kept running, then the containers', async (t) => {
    await createPod(c, 'with-init', {
      initContainers: [
        { name: 'first', image: 'busybox:1.35', command: ['true'] },
        { name: 'sidecar', image: 'busybox:1.35', command: ['sleep', '300'], restartPolicy: 'Always' },
        { name: 'second', image: 'busybox:1.35', command: ['sh', '-c', 'exit 0'] },
      ],
      containers: [{ name: 'main', image: 'busybox:1.35', command: ['sleep', '300'] }],
    });
    const pod = await waitForPod(c, 'with-init', (p) => condition(p, 'Ready')?.status === 'True');
    t.match(condition(pod, 'Initialized'), { status: 'True' });
    t.match(pod.status?.initContainerStatuses, [
      { name: 'first', state: { terminated: { exitCode: 0, reason: 'Completed' } }, ready: false },
      { name: 'sidecar', state: { running: {} }, started: true, ready: true },
      { name: 'second', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    ]);
    const uid = pod.metadata?.uid;
    const order = c.runtime.started.filter((s) => s.config.logPath.includes(String(uid))).map((s) => s.config.name);
    t.same(order, ['first', 'sidecar', 'second', 'main']);

    await createPod(c, 'job-with-sidecar', {
      restartPolicy: 'Never',
      initContainers: [{ name: 'sidecar', image: 'busybox:1.35', command: ['sleep', '300'], restartPolicy: 'Always' }],
      containers: [{ name: 'main', image: 'busybox:1.35', command: ['true'] }],
    });
    const job = await waitForPod(c, 'job-with-sidecar', (p) => p.status?.phase === 'Succeeded');
    t.match(job.status?.initContainerStatuses?.[0], { name: 'sidecar', state: { terminated: { exitCode: 143 } } }, 'the sidecar is stopped once the main container is done');

    await createPod(c, 'init-fails', {
      restartPolicy: 'Never',
      initContainers: [{ name: 'init', image: 'busybox:1.35', command: ['sh', '-c', 'exit 1'] }],
      containers: [{ name: 'main', image: 'busybox:1.35', command: ['sleep', '300'] }],
    });
    const failed = await waitForPod(c, 'init-fails', (p) => p.status?.phase === 'Failed');
    t.match(condition(failed, 'Initialized'), { status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init]' });
    t.match(failed.status?.containerStatuses?.[0], { name: 'main', state: { waiting: { reason: 'PodInitializing' } } });
  });

  await t.test('deletion: preStop, SIGTERM, then the agent removes the pod', async (t) => {
    const marker = `${c.config.rootDir}/prestop-ran`;
    await createPod(c, 'deleted', {
      containers: [{ name: 'c', image: 'busybox:1.35', command: ['sleep', '300'], lifecycle: { preStop: { exec: { command: ['touch', marker] } } } }],
    });
    await waitForPod(c, 'deleted', (p) => p.status?.phase === 'Running');
    const sandboxesRemoved = c.runtime.removedSandboxes.length;
    await c.client.delete('/api/v1/namespaces/default/pods/deleted');
    await waitForPodGone(c, 'deleted');
    const { access } = await import('node:fs/promises');
    await t.resolves(access(marker), 'the preStop hook ran');
    t.equal(c.runtime.removedSandboxes.length, sandboxesRemoved + 1, 'the sandbox is removed');
    const events = await waitForEvent(c, 'deleted', (e) => e.reason === 'Killing');
    t.match(events.find((e) => e.reason === 'Killing'), { message: 'Stopping container c' });
  });

  await t.test('activeDeadlineSeconds fails the pod; a failing postStart hook restarts its container', async (t) => {
    await createPod(c, 'deadline', { activeDeadlineSeconds: 1, containers: [{ name: 'c', image: 'busybox:1.35', command: ['sleep', '300'] }] });
    const failed = await waitForPod(c, 'deadline', (p) => p.status?.phase === 'Failed');
    t.match(failed.status, { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    t.match(failed.status?.containerStatuses?.[0], { state: { terminated: { exitCode: 143 } } }, 'its container was stopped');

    await createPod(c, 'poststart', {
      containers: [{ name: 'c', image: 'busybox:1.35', command: ['sleep', '300'], lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo nope; exit 1'] } } } }],
    });
    const events = await waitForEvent(c, 'poststart', (e) => e.reason === 'FailedPostStartHook');
    t.match(events.find((e) => e.reason === 'FailedPostStartHook'), {
      type: 'Warning',
      message: /^Exec lifecycle hook \(\[sh -c echo nope; exit 1\]\) for Container "c" in Pod "poststart_default\(.*\)" failed - error: nope\n$/,
    });
    const restarted = await waitForPod(c, 'poststart', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1);
    t.ok(restarted.status?.containerStatuses?.[0]?.lastState.terminated, 'the container was stopped and started again');
  });
});
