// The whole reference control plane as a user meets it: `kdrill control-plane
// --simulated-nodes 3`, driven by real kubectl. Workloads roll out, roll back,
// scale, land one per node, complete, or say why they cannot be scheduled.
import t from 'tap';
import { startKubeCli } from '../helpers/kube-cli.ts';

const cli = await startKubeCli(t, { controllers: true, extraArgs: ['--simulated-nodes', '3', '--node-cpu', '2', '--node-memory', '4Gi'] });

async function kubectl(args: string[]) {
  return cli.kubectl(args);
}

function deployment(image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 6
  strategy:
    rollingUpdate: {maxSurge: 1, maxUnavailable: 1}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
        resources:
          requests: {cpu: 50m, memory: 32Mi}
`;
}

t.test('three simulated nodes are Ready', async (t) => {
  const r = await kubectl(['wait', '--for=condition=Ready', 'nodes', '--all', '--timeout=60s']);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout.trim().split('\n').length, 3);
});

t.test('a 6-replica Deployment rolls out, updates, rolls back and scales', async (t) => {
  t.equal((await kubectl(['apply', '-f', cli.write('web.yaml', deployment('nginx:1.27'))])).exitCode, 0);
  const first = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=90s']);
  t.equal(first.exitCode, 0, first.stderr);
  t.match(first.stdout, /successfully rolled out/);

  const running = await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.status.phase} {.spec.nodeName} {.status.podIP}{"\\n"}{end}']);
  const lines = running.stdout.trim().split('\n');
  t.equal(lines.length, 6);
  for (const line of lines) t.match(line, /^Running kdrill-node-\d 10\.244\.\d+\.\d+$/);

  t.equal((await kubectl(['set', 'image', 'deployment/web', 'web=nginx:1.28'])).exitCode, 0);
  const update = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=90s']);
  t.equal(update.exitCode, 0, update.stderr);
  const undo = await kubectl(['rollout', 'undo', 'deployment/web']);
  t.equal(undo.exitCode, 0, undo.stderr);
  const back = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=90s']);
  t.equal(back.exitCode, 0, back.stderr);
  const image = await kubectl(['get', 'deployment/web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
  t.equal(image.stdout, 'nginx:1.27', 'rollout undo restored the previous template');

  t.equal((await kubectl(['scale', 'deployment/web', '--replicas=2'])).exitCode, 0);
  const down = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=90s']);
  t.equal(down.exitCode, 0, down.stderr);
  const replicas = await kubectl(['get', 'deployment/web', '-o', 'jsonpath={.status.readyReplicas}/{.status.replicas}']);
  t.equal(replicas.stdout, '2/2');
});

t.test('a DaemonSet lands one pod on each node', async (t) => {
  const manifest = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: busybox
`;
  t.equal((await kubectl(['apply', '-f', cli.write('ds.yaml', manifest)])).exitCode, 0);
  const status = await kubectl(['rollout', 'status', 'daemonset/agent', '--timeout=90s']);
  t.equal(status.exitCode, 0, status.stderr);
  const nodes = await kubectl(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}']);
  t.same(nodes.stdout.trim().split('\n').sort(), ['kdrill-node-0', 'kdrill-node-1', 'kdrill-node-2']);
});

t.test('a Job whose containers exit 0 completes', async (t) => {
  const manifest = `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  completions: 2
  parallelism: 1
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: once
        image: busybox
        command: ["true"]
`;
  t.equal((await kubectl(['apply', '-f', cli.write('job.yaml', manifest)])).exitCode, 0);
  const done = await kubectl(['wait', '--for=condition=Complete', 'job/once', '--timeout=90s']);
  t.equal(done.exitCode, 0, done.stderr);
  const succeeded = await kubectl(['get', 'job/once', '-o', 'jsonpath={.status.succeeded}']);
  t.equal(succeeded.stdout, '2');
});

t.test('a pod that fits nowhere says why', async (t) => {
  const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: huge
spec:
  containers:
  - name: huge
    image: busybox
    resources:
      requests: {cpu: "64"}
`;
  t.equal((await kubectl(['apply', '-f', cli.write('huge.yaml', manifest)])).exitCode, 0);
  const waited = await kubectl(['wait', '--for=condition=PodScheduled=false', 'pod/huge', '--timeout=60s']);
  t.equal(waited.exitCode, 0, waited.stderr);
  const message = await kubectl(['get', 'pod/huge', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].message}']);
  t.match(message.stdout, /^0\/3 nodes are available: 3 Insufficient cpu\./);
  const events = await kubectl(['get', 'events', '--field-selector', 'involvedObject.name=huge,reason=FailedScheduling', '-o', 'jsonpath={.items[0].message}']);
  t.match(events.stdout, /0\/3 nodes are available: 3 Insufficient cpu\./);
});
