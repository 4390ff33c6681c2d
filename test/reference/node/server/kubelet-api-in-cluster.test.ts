// The kubelet API end to end on the shared 3-node cluster in containers
// (test/helpers/container-cluster.ts): kubectl on this machine → the API
// server in the control-plane container → a worker's node agent on port
// 10250 → crun containers: logs with each option, --previous after a crash
// and across a rotation, exec (a command, stdin, a TTY), cp and port-forward.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import t from 'tap';
import { execa } from 'execa';
import { kubectlPath } from '../../../helpers/client-tools.ts';
import { kubectl, sharedTestCluster, testKdrillHome } from '../../../helpers/container-cluster.ts';

const cluster = await sharedTestCluster();
const ns = `kubelet-api-${randomBytes(3).toString('hex')}`;
const kubectlEnv = { KUBECONFIG: cluster.kubeconfig, HOME: join(testKdrillHome, 'kubectl-home') };

async function k(args: string[], input?: string): Promise<string> {
  const r = await kubectl(cluster, ['-n', ns, ...args], input === undefined ? {} : { input });
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** kubectl in the background, for commands that run until stopped or until the pod's container ends. */
function background(args: string[]) {
  return execa(kubectlPath(), ['-n', ns, ...args], { env: kubectlEnv, reject: false, timeout: 240_000 });
}

await kubectl(cluster, ['create', 'namespace', ns]);
t.teardown(() => kubectl(cluster, ['delete', 'namespace', ns, '--wait=false']));
const pods = [
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: {
      containers: [
        { name: 'probe', image: 'kdrill/probe:latest', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 9376 }] },
        // "two" comes at least two seconds after "one", so that sinceTime (whole seconds) can fall between them;
        // "three" (stderr) a second after "two" (stdout), so that the two pipes cannot swap them. Ready once all are out.
        {
          name: 'shell',
          image: 'busybox:1.35',
          command: ['sh', '-c', 'echo one; sleep 2; echo two; sleep 1; echo three >&2; touch /tmp/done; exec sleep 3600'],
          readinessProbe: { exec: { command: ['cat', '/tmp/done'] }, periodSeconds: 1 },
        },
      ],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'crash' },
    spec: {
      volumes: [{ name: 'state', emptyDir: {} }],
      containers: [{
        name: 'c',
        image: 'busybox:1.35',
        volumeMounts: [{ name: 'state', mountPath: '/state' }],
        // The first run says so and fails; the second says so and stays.
        command: ['sh', '-c', 'n=$(($(cat /state/n 2>/dev/null || echo 0) + 1)); echo $n > /state/n; echo "run $n"; [ $n -ge 2 ] && exec sleep 3600; exit 1'],
      }],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'flood' },
    spec: {
      restartPolicy: 'Never',
      containers: [{
        name: 'c',
        image: 'busybox:1.35',
        // Waits for the test, then writes well over containerLogMaxSize (10Mi with the CRI framing): one rotation.
        command: ['sh', '-c', 'echo before-rotation; while [ ! -f /tmp/go ]; do sleep 0.2; done; yes 0123456789012345678901234567890123456789012345678901234567890123456789 | head -n 160000; echo after-rotation'],
      }],
    },
  },
];
await k(['apply', '-f', '-'], pods.map((p) => JSON.stringify(p)).join('\n'));
await k(['wait', 'pod/web', 'pod/flood', '--for=condition=Ready', '--timeout=180s']);

t.test('kubectl logs with each option', async (t) => {
  const logs = (...args: string[]) => k(['logs', 'web', '-c', 'shell', ...args]);
  t.equal(await logs(), 'one\ntwo\nthree');
  t.equal(await logs('--tail=1'), 'three');
  t.equal(await logs('--limit-bytes=6'), 'one\ntw');
  t.equal(await logs('--since=1h'), 'one\ntwo\nthree');
  const stamped = (await logs('--timestamps')).split('\n');
  t.match(stamped, [/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z one$/, /Z two$/, /Z three$/]);
  const twoAt = stamped[1]!.slice(0, 19) + 'Z';
  t.equal(await logs(`--since-time=${twoAt}`), 'two\nthree', 'sinceTime leaves out what came before');
});

t.test('kubectl logs --previous after a crash', async (t) => {
  await k(['wait', 'pod/crash', '--for=jsonpath={.status.containerStatuses[0].restartCount}=1', '--timeout=120s']);
  await k(['wait', 'pod/crash', '--for=condition=Ready', '--timeout=120s']);
  t.equal(await k(['logs', 'crash']), 'run 2');
  t.equal(await k(['logs', 'crash', '--previous']), 'run 1');
});

t.test('kubectl logs -f follows across a rotation and ends with the container', async (t) => {
  const follow = background(['logs', '-f', 'flood']);
  let count = 0;
  let first = '';
  let last = '';
  const sawFirst = new Promise<void>((resolve) => {
    createInterface({ input: follow.stdout! }).on('line', (line) => {
      count += 1;
      if (count === 1) {
        first = line;
        resolve();
      }
      last = line;
    });
  });
  await sawFirst;
  await k(['exec', 'flood', '--', 'touch', '/tmp/go']);
  const result = await follow;
  t.equal(result.exitCode, 0, 'kubectl logs -f ended by itself once the container had');
  t.equal(first, 'before-rotation');
  t.equal(last, 'after-rotation');
  t.equal(count, 160_002, 'every line once, across the rotation');
  t.equal(await k(['logs', 'flood', '--tail=1']), 'after-rotation');
  t.not((await k(['logs', 'flood', '--limit-bytes=15'])), 'before-rotation', 'kubectl logs reads the current file only, as upstream');
});

t.test('kubectl exec: a command, stdin, a TTY', async (t) => {
  const failing = await kubectl(cluster, ['-n', ns, 'exec', 'web', '-c', 'shell', '--', 'sh', '-c', 'hostname; exit 7']);
  t.equal(failing.stdout, 'web', 'the command ran in the pod (its hostname)');
  t.equal(failing.exitCode, 7);
  t.equal(await k(['exec', '-i', 'web', '-c', 'shell', '--', 'cat'], 'through stdin\n'), 'through stdin');
  // kubectl asks for a TTY only when its own stdin is one: run it under script(1).
  const command = [kubectlPath(), '-n', ns, 'exec', '-it', 'web', '-c', 'shell', '--', 'tty'].map((a) => `'${a}'`).join(' ');
  const tty = await execa('script', ['-qfec', command, '/dev/null'], { env: kubectlEnv, reject: false, timeout: 60_000, input: '' });
  t.match(tty.stdout, /\/dev\/pts\/\d+/, 'a terminal in the container');
});

t.test('kubectl cp both ways', async (t) => {
  const dir = t.testdir();
  writeFileSync(join(dir, 'up.txt'), 'copied in\n');
  await k(['cp', join(dir, 'up.txt'), 'web:/tmp/up.txt', '-c', 'shell']);
  t.equal(await k(['exec', 'web', '-c', 'shell', '--', 'cat', '/tmp/up.txt']), 'copied in');
  await k(['cp', 'web:/tmp/up.txt', join(dir, 'down.txt'), '-c', 'shell']);
  t.equal(readFileSync(join(dir, 'down.txt'), 'utf8'), 'copied in\n');
});

t.test('kubectl port-forward reaches the pod\'s server', async (t) => {
  const forward = background(['port-forward', 'pod/web', ':9376']);
  t.teardown(() => {
    forward.kill('SIGKILL');
  });
  const localPort = await new Promise<number>((resolve, reject) => {
    let out = '';
    forward.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    void forward.then((r) => reject(new Error(`kubectl port-forward ended: ${r.stderr}`)));
  });
  const body = await new Promise<string>((resolve, reject) => {
    get({ host: '127.0.0.1', port: localPort, path: '/' }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
  t.equal(body.trim(), 'web', 'the probe server answered with the pod\'s hostname');
  forward.kill('SIGTERM');
  await forward;
});
