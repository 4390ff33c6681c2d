// Probes as the node agent runs them: readiness gating Ready, liveness
// restarting the container, with the kubelet's events. Pods run as plain
// processes (fixtures/process-runtime.ts) at 127.0.0.1, where the test's
// servers answer the HTTP and TCP probes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { startAgentCluster } from './fixtures/agent-cluster.ts';
import { condition, createPod, waitForEvent, waitForPod } from './fixtures/pod-waits.ts';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

t.test('probes', async (t) => {
  const c = await startAgentCluster(t);
  c.images.add(['busybox:1.35']);
  let healthy = false;
  const server = createServer((_req, res) => {
    res.statusCode = healthy ? 200 : 500;
    res.end(healthy ? 'ok' : 'not yet');
  });
  const port = await listen(server);
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));

  await t.test('readiness httpGet keeps the pod unready until it answers 200', async (t) => {
    await createPod(c, 'ready-later', {
      containers: [
        {
          name: 'web',
          image: 'busybox:1.35',
          command: ['sleep', '300'],
          ports: [{ name: 'http', containerPort: port }],
          readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 1, failureThreshold: 1, successThreshold: 1, timeoutSeconds: 1 },
        },
      ],
    });
    const events = await waitForEvent(c, 'ready-later', (e) => e.reason === 'Unhealthy');
    t.match(events.find((e) => e.reason === 'Unhealthy'), { type: 'Warning', message: 'Readiness probe failed: HTTP probe failed with statuscode: 500' });
    const unready = await waitForPod(c, 'ready-later', (p) => p.status?.phase === 'Running');
    t.match(condition(unready, 'Ready'), { status: 'False', reason: 'ContainersNotReady' });
    t.match(unready.status?.containerStatuses?.[0], { ready: false, started: true });
    healthy = true;
    const ready = await waitForPod(c, 'ready-later', (p) => condition(p, 'Ready')?.status === 'True');
    t.match(ready.status?.containerStatuses?.[0], { ready: true });
  });

  await t.test('liveness exec failing restarts the container', async (t) => {
    await createPod(c, 'unlive', {
      containers: [
        {
          name: 'c',
          image: 'busybox:1.35',
          command: ['sleep', '300'],
          livenessProbe: { exec: { command: ['sh', '-c', 'echo sick; exit 1'] }, periodSeconds: 1, failureThreshold: 2, timeoutSeconds: 1 },
        },
      ],
    });
    const events = await waitForEvent(c, 'unlive', (e) => e.reason === 'Killing');
    t.match(events.find((e) => e.reason === 'Unhealthy'), { message: 'Liveness probe failed: sick\n' });
    t.match(events.find((e) => e.reason === 'Killing'), { message: 'Container c failed liveness probe, will be restarted' });
    const pod = await waitForPod(c, 'unlive', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1);
    t.match(pod.status?.containerStatuses?.[0]?.lastState, { terminated: { reason: 'Error' } });
  });

  await t.test('startup tcpSocket holds liveness and readiness until it passes', async (t) => {
    const closed = createServer();
    const closedPort = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await createPod(c, 'never-starts', {
      containers: [
        {
          name: 'c',
          image: 'busybox:1.35',
          command: ['sleep', '300'],
          startupProbe: { tcpSocket: { port: closedPort }, periodSeconds: 1, failureThreshold: 30, timeoutSeconds: 1 },
          readinessProbe: { tcpSocket: { port }, periodSeconds: 1 },
        },
      ],
    });
    const events = await waitForEvent(c, 'never-starts', (e) => e.reason === 'Unhealthy');
    t.match(events.find((e) => e.reason === 'Unhealthy'), { message: `Startup probe failed: dial tcp 127.0.0.1:${closedPort}: connect: connection refused` });
    const pod = await waitForPod(c, 'never-starts', (p) => p.status?.phase === 'Running');
    t.match(pod.status?.containerStatuses?.[0], { started: false, ready: false, state: { running: {} } });
    t.notOk(events.some((e) => e.message.startsWith('Readiness')), 'readiness waits for the startup probe');
  });
});
