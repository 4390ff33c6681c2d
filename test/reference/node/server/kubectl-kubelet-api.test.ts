// Real kubectl 1.34 → the reference API server → the kubelet API: logs (every
// option), exec, attach, cp and port-forward, for a pod bound to a Node whose
// kubelet endpoint is a KubeletServer on 127.0.0.1. The pod's containers are
// plain child processes (fixtures/process-pod-access.ts), standing in for the
// crun containers of the node runtime.
import t from 'tap';
import { execa } from 'execa';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { createApiClient } from '../../../../src/kube/https-api-client.ts';
import { issueClientCertificate, issueServerCertificate } from '../../../../src/reference/api/pki.ts';
import { subjectAccessReviewAuthorizer } from '../../../../src/reference/node/server/kubelet-authorizer.ts';
import { KubeletServer } from '../../../../src/reference/node/server/kubelet-server.ts';
import { kubectlPath } from '../../../helpers/client-tools.ts';
import { startKubeCli } from '../../../helpers/kube-cli.ts';
import { criTimestamp, ProcessPodAccess } from './fixtures/process-pod-access.ts';

const cli = await startKubeCli(t);
const pkiDir = join(cli.cp.dataDir, 'pki');
const ca = { cert: await readFile(join(pkiDir, 'ca.crt'), 'utf8'), key: await readFile(join(pkiDir, 'ca.key'), 'utf8') };
const serving = issueServerCertificate(ca, { ipAddresses: ['127.0.0.1'] });

const pods = new ProcessPodAccess(cli.dir);
t.teardown(() => pods.stopAll());
// The kubelet asks the API server who may do what (SubjectAccessReviews with the admin's credentials here,
// the node's on a node); the API server's kubelet client is in kubeadm:cluster-admins, which the bootstrap
// policy binds to cluster-admin as kubeadm does.
const reviewer = await createApiClient(cli.cp.kubeconfig);
t.teardown(() => reviewer.close());
const binding = await cli.kubectl(['get', 'clusterrolebinding', 'kubeadm:cluster-admins', '-o', 'jsonpath={.roleRef.name}']);
if (binding.stdout !== 'cluster-admin') throw new Error(`kubeadm:cluster-admins is not bound to cluster-admin: ${binding.stderr}`);
const kubelet = new KubeletServer({
  host: '127.0.0.1',
  port: 0,
  tls: { cert: serving.cert, key: serving.key, clientCA: ca.cert },
  pods,
  listPods: () => [],
  authorization: { nodeName: 'h8-node', authorize: subjectAccessReviewAuthorizer(reviewer) },
});
const kubeletPort = await kubelet.listen();
t.teardown(() => kubelet.close());

async function kubectl(args: string[], input?: string) {
  const r = await cli.kubectl(args, input === undefined ? {} : { input });
  return r;
}

async function mustKubectl(args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, input);
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.exitCode}):\n${r.stderr}`);
  return r.stdout;
}

// The node, as a node agent registers it: its InternalIP and kubelet port.
await mustKubectl(['create', '-f', cli.write('node.yaml', 'apiVersion: v1\nkind: Node\nmetadata: {name: h8-node}\n')]);
await mustKubectl(['patch', 'node', 'h8-node', '--subresource=status', '--type=merge', '-p', JSON.stringify({
  status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: kubeletPort } } },
})]);
await mustKubectl(['create', '-f', cli.write('pod.yaml', `apiVersion: v1
kind: Pod
metadata: {name: worker, namespace: default}
spec:
  nodeName: h8-node
  containers:
  - {name: app, image: busybox, stdin: true}
  - {name: logger, image: busybox}
`)]);
await mustKubectl(['patch', 'pod', 'worker', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { phase: 'Running', podIP: '127.0.0.1' } })]);

// app echoes what reaches its stdin; logger has fixed log files (an earlier run and this one).
const app = pods.start('default', 'worker', 'app', ['sh', '-c', 'echo started; while read line; do echo "got:$line"; done; echo bye']);
const now = Date.now();
const loggerLog = join(cli.dir, 'logger.log');
const entries: [number, string, string][] = [
  [now - 7200_000, 'stdout F', 'old line 1'],
  [now - 7100_000, 'stdout F', 'old line 2'],
  [now - 10_000, 'stdout P', 'recent '],
  [now - 9_000, 'stdout F', 'line 3'],
  [now - 8_000, 'stderr F', 'recent line 4'],
  [now - 7_000, 'stdout F', 'recent line 5'],
];
writeFileSync(loggerLog, entries.map(([ms, tags, text]) => `${criTimestamp(new Date(ms))} ${tags} ${text}\n`).join(''));
const previousLog = join(cli.dir, 'logger-previous.log');
writeFileSync(previousLog, `${criTimestamp()} stdout F from the previous run\n`);
pods.setLogs('default', 'worker', 'logger', loggerLog, previousLog);

t.test('kubectl logs with each option', async (t) => {
  const logs = (...args: string[]) => mustKubectl(['logs', 'worker', '-c', 'logger', ...args]);
  // (execa drops the output's final newline.)
  t.equal(await logs(), 'old line 1\nold line 2\nrecent line 3\nrecent line 4\nrecent line 5');
  t.equal(await logs('--tail=2'), 'recent line 4\nrecent line 5');
  t.equal(await logs('--since=1h'), 'recent line 3\nrecent line 4\nrecent line 5');
  t.equal(await logs(`--since-time=${new Date(now - 7150_000).toISOString()}`), 'old line 2\nrecent line 3\nrecent line 4\nrecent line 5');
  t.equal(await logs('--limit-bytes=14'), 'old line 1\nold');
  t.equal(await logs('--previous'), 'from the previous run');
  const stamped = (await logs('--timestamps')).split('\n');
  t.equal(stamped[2], `${criTimestamp(new Date(now - 10_000))} recent line 3`, 'a line carries the time of its first part');
  t.equal(stamped[3], `${criTimestamp(new Date(now - 8_000))} recent line 4`);
  const missing = await kubectl(['logs', 'worker', '-c', 'app', '--previous']);
  t.not(missing.exitCode, 0);
  t.match(missing.stderr, 'previous terminated container "app" in pod "worker" not found');
});

t.test('kubectl exec: a command, its exit code, stdin, and a TTY', async (t) => {
  const r = await kubectl(['exec', 'worker', '-c', 'app', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
  t.equal(r.stdout, 'out');
  t.match(r.stderr, 'err');
  t.equal(r.exitCode, 3, 'the exit code comes through');
  t.equal(await mustKubectl(['exec', '-i', 'worker', '-c', 'app', '--', 'sh', '-c', 'cat; echo "[eof]"'], 'line one\nline two\n'), 'line one\nline two\n[eof]',
    'stdin reaches the process and its end is signalled (v5 close)');
  // kubectl only asks for a TTY when its own stdin is a terminal: run it under script(1).
  const command = [kubectlPath(), 'exec', '-it', 'worker', '-c', 'app', '--', 'sh', '-c', 'tty; stty size'].map((a) => `'${a}'`).join(' ');
  const tty = await execa('script', ['-qfec', `stty cols 91 rows 37; ${command}`, '/dev/null'], { env: cli.env, extendEnv: false, cwd: cli.dir, reject: false, timeout: 60_000, input: '' });
  t.match(tty.stdout, /\/dev\/pts\/\d+/, 'the command ran on a terminal');
  t.ok(app.resizes.some((s) => s.columns === 91 && s.rows === 37), 'the client terminal size reached the container');
});

t.test('a client that goes away takes its exec\'d process with it', async (t) => {
  const started = once(app.events, 'exec') as Promise<[Promise<number>]>;
  const client = execa(kubectlPath(), ['exec', 'worker', '-c', 'app', '--', 'sleep', '300'], { env: cli.env, extendEnv: false, cwd: cli.dir, reject: false, timeout: 60_000 });
  const [exited] = await started;
  client.kill('SIGKILL');
  await client;
  t.equal(await exited, 128 + 9, 'killed, not left running');
});

t.test('kubectl exec over SPDY, its fallback when WebSockets fail', async (t) => {
  const spdy = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' };
  const r = await cli.kubectl(['exec', '-i', 'worker', '-c', 'app', '--', 'sh', '-c', 'cat; echo err >&2; exit 4'], { input: 'over spdy\n', env: spdy });
  t.equal(r.stdout, 'over spdy', 'stdin in, its end signalled by the stream\'s FIN, stdout back');
  t.match(r.stderr, 'err');
  t.equal(r.exitCode, 4);
  const command = [kubectlPath(), 'exec', '-it', 'worker', '-c', 'app', '--', 'sh', '-c', 'tty'].map((a) => `'${a}'`).join(' ');
  const tty = await execa('script', ['-qfec', `stty cols 77 rows 22; ${command}`, '/dev/null'], { env: { ...cli.env, ...spdy }, extendEnv: false, cwd: cli.dir, reject: false, timeout: 60_000, input: '' });
  t.match(tty.stdout, /\/dev\/pts\/\d+/);
  t.ok(app.resizes.some((s) => s.columns === 77 && s.rows === 22), 'the size came on the resize stream');
});

/** kubectl attach -i: what it sends reaches the main process, and what that prints (for anyone's input) comes back. */
async function attachRoundTrip(word: string, env: Record<string, string> = {}): Promise<string> {
  const attach = execa(kubectlPath(), ['attach', '-i', 'worker', '-c', 'app'], { env: { ...cli.env, ...env }, extendEnv: false, cwd: cli.dir, reject: false, timeout: 60_000 });
  let output = '';
  const seen = (text: string) => new Promise<void>((resolve) => {
    const check = () => output.includes(text) && resolve();
    attach.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      check();
    });
    check();
  });
  attach.stdin!.write(`${word}\n`);
  await seen(`got:${word}`);
  app.write(`${word}-elsewhere\n`);
  await seen(`got:${word}-elsewhere`);
  attach.kill('SIGTERM');
  await attach;
  return output;
}

t.test('kubectl attach shows the main process output and sends it stdin', async (t) => {
  t.match(await attachRoundTrip('via-attach'), 'got:via-attach-elsewhere', 'over a WebSocket');
  t.match(await attachRoundTrip('spdy-attach', { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' }), 'got:spdy-attach-elsewhere', 'over SPDY');
});

t.test('kubectl cp both ways', async (t) => {
  writeFileSync(join(cli.dir, 'upload.txt'), 'uploaded content\n');
  await mustKubectl(['cp', join(cli.dir, 'upload.txt'), `worker:${join(cli.dir, 'in-pod.txt')}`, '-c', 'app']);
  t.equal(readFileSync(join(cli.dir, 'in-pod.txt'), 'utf8'), 'uploaded content\n', 'local → pod');
  writeFileSync(join(cli.dir, 'pod-file.txt'), 'from the pod\n');
  await mustKubectl(['cp', `worker:${join(cli.dir, 'pod-file.txt')}`, join(cli.dir, 'downloaded.txt'), '-c', 'app']);
  t.equal(readFileSync(join(cli.dir, 'downloaded.txt'), 'utf8'), 'from the pod\n', 'pod → local');
});

/** Runs kubectl port-forward to the pod's port until its "Forwarding from" line; resolves with the local port and a stop function. */
async function portForward(podPort: number, env: Record<string, string> = {}): Promise<{ localPort: number; stop: () => Promise<string> }> {
  const child = execa(kubectlPath(), ['port-forward', 'pod/worker', `:${podPort}`], { env: { ...cli.env, ...env }, extendEnv: false, cwd: cli.dir, reject: false, timeout: 60_000 });
  let stdout = '';
  const localPort = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    void child.then((r) => reject(new Error(`kubectl port-forward ended: ${r.stderr}`)));
  });
  return {
    localPort,
    async stop() {
      child.kill('SIGTERM');
      return String((await child).stderr);
    },
  };
}

function ask(localPort: number, text: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(localPort, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

t.test('kubectl port-forward reaches a TCP server in the pod', async (t) => {
  const server: Server = createServer((socket) => socket.on('data', (d) => socket.end(`pong:${d.toString()}`)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const podPort = (server.address() as AddressInfo).port;
  const tunnelled = await portForward(podPort);
  t.equal(await ask(tunnelled.localPort, 'ping'), 'pong:ping', 'SPDY tunnelled through a WebSocket (kubectl 1.34\'s default)');
  t.equal(await ask(tunnelled.localPort, 'again'), 'pong:again', 'a second connection over the same tunnel');
  await tunnelled.stop();
  const spdy = await portForward(podPort, { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' });
  t.equal(await ask(spdy.localPort, 'plain'), 'pong:plain', 'SPDY upgraded end to end (the older protocol)');
  await spdy.stop();
});

t.test('port-forward and exec carry megabytes both ways', async (t) => {
  // A server that answers with a digest of everything it got, once the client has finished sending.
  const server: Server = createServer((socket) => {
    const hash = createHash('sha256');
    socket.on('data', (d) => hash.update(d));
    socket.on('end', () => socket.end(hash.digest('hex')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const payload = randomBytes(3 * 1024 * 1024);
  const digest = createHash('sha256').update(payload).digest('hex');
  const forward = await portForward((server.address() as AddressInfo).port);
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(forward.localPort, '127.0.0.1', () => socket.end(payload));
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  t.equal(answer, digest, 'the pod got every byte (client → pod past any flow-control window)');
  await forward.stop();
  const big = join(cli.dir, 'big.bin');
  writeFileSync(big, payload);
  await mustKubectl(['cp', big, `worker:${join(cli.dir, 'big-in-pod.bin')}`, '-c', 'app']);
  await mustKubectl(['cp', `worker:${join(cli.dir, 'big-in-pod.bin')}`, join(cli.dir, 'big-back.bin'), '-c', 'app']);
  t.equal(createHash('sha256').update(readFileSync(join(cli.dir, 'big-back.bin'))).digest('hex'), digest, 'kubectl cp there and back');
});

t.test('kubectl logs -f follows across a rotation and ends with the container', async (t) => {
  const follow = cli.kubectlLines(['logs', '-f', 'worker', '-c', 'app']);
  await follow.waitFor((l) => l === 'started');
  app.write('before\n');
  await follow.waitFor((l) => l === 'got:before');
  app.rotate();
  app.write('after\n');
  await follow.waitFor((l) => l === 'got:after');
  app.closeStdin();
  await app.exited;
  await t.rejects(follow.waitFor((l) => l === 'not printed'), 'kubectl logs -f ended once the container had');
  t.same(follow.lines, ['started', 'got:via-attach', 'got:via-attach-elsewhere', 'got:spdy-attach', 'got:spdy-attach-elsewhere', 'got:before', 'got:after', 'bye'], 'everything once, in order, across the rotation');
});

t.test('errors reach kubectl as kube-apiserver words them', async (t) => {
  const notRunning = await kubectl(['exec', 'worker', '-c', 'logger', '--', 'true']);
  t.not(notRunning.exitCode, 0);
  t.match(notRunning.stderr, 'container not found ("logger")', 'the kubelet\'s refusal to upgrade comes through');
  await mustKubectl(['create', '-f', cli.write('unbound.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: unbound}\nspec:\n  containers: [{name: app, image: busybox}]\n')]);
  const unbound = await kubectl(['exec', 'unbound', '--', 'true']);
  t.not(unbound.exitCode, 0);
  t.match(unbound.stderr, 'pod unbound does not have a host assigned');
  const logs = await kubectl(['logs', 'unbound']);
  t.match(logs.stderr, 'container "app" in pod "unbound" is waiting to start: ContainerCreating', 'no kubelet: the log source of nodes without one answers');

  const closed: Server = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const forward = await portForward(closedPort);
  await new Promise<void>((resolve) => {
    const socket = connect(forward.localPort, '127.0.0.1');
    socket.on('close', () => resolve());
    socket.on('error', () => undefined);
  });
  const stderr = await forward.stop();
  t.match(stderr, `error forwarding port ${closedPort} to pod default/worker: dial tcp 127.0.0.1:${closedPort}: connect: connection refused`);
});

t.test('nodes/NAME/proxy reaches the kubelet API', async (t) => {
  t.equal(await mustKubectl(['get', '--raw', '/api/v1/nodes/h8-node/proxy/healthz']), 'ok');
  t.same(JSON.parse(await mustKubectl(['get', '--raw', '/api/v1/nodes/h8-node/proxy/pods'])), { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] });
  t.equal(await mustKubectl(['get', '--raw', '/api/v1/nodes/h8-node/proxy/containerLogs/default/worker/logger?tailLines=1']), 'recent line 5');
  const unknown = await kubectl(['get', '--raw', '/api/v1/nodes/nowhere/proxy/pods']);
  t.match(unknown.stderr, 'no kubelet endpoint for node "nowhere"');
});

t.test('the kubelet refuses a client the API server does not authorize', async (t) => {
  const intruder = issueClientCertificate(ca, 'intruder', ['outsiders']);
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: kubeletPort, path: '/containerLogs/default/worker/logger', ca: ca.cert, cert: intruder.cert, key: intruder.key }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
  t.same(answer, { status: 403, body: 'Forbidden (user=intruder, verb=get, resource=nodes, subresource(s)=[proxy])' }, 'certificate from the cluster CA, but no RBAC grant');
});
