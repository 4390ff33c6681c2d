// Two pods on one worker of the shared cluster in containers talk over the
// node's bridge: one fetches the other's probe server by pod IP.
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { kubectl, sharedTestCluster } from '../../helpers/container-cluster.ts';

t.test('two pods on one node reach each other by pod IP', async (t) => {
  const cluster = await sharedTestCluster();
  const ns = `bridge-${randomBytes(3).toString('hex')}`;
  const node = cluster.workers[0]!;
  const k = async (args: string[], input?: string) => {
    const r = await kubectl(cluster, ['-n', ns, ...args], input === undefined ? {} : { input });
    if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  await kubectl(cluster, ['create', 'namespace', ns]);
  t.teardown(() => kubectl(cluster, ['delete', 'namespace', ns, '--wait=false']));

  const pod = (name: string, container: Record<string, unknown>) => JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { nodeName: node, terminationGracePeriodSeconds: 1, containers: [container] },
  });
  await k(['apply', '-f', '-'], pod('server', { name: 'probe', image: 'kdrill/probe:latest', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 9376 }], readinessProbe: { tcpSocket: { port: 9376 }, periodSeconds: 1 } }));
  await k(['apply', '-f', '-'], pod('client', { name: 'c', image: 'busybox:1.35', command: ['sleep', '3600'] }));
  await k(['wait', 'pod/server', 'pod/client', '--for=condition=Ready', '--timeout=120s']);
  const serverIP = await k(['get', 'pod', 'server', '-o', 'jsonpath={.status.podIP}']);
  const clientIP = await k(['get', 'pod', 'client', '-o', 'jsonpath={.status.podIP}']);
  t.match(serverIP, /^\d+\.\d+\.\d+\.\d+$/);
  t.not(serverIP, clientIP, 'each pod has its own IP');

  const answer = await k(['exec', 'client', '--', 'wget', '-q', '-O', '-', `http://${serverIP}:9376/`]);
  t.equal(answer.trim(), 'server', 'the probe answers with its hostname, the pod name');
});
