// `kubectl drain` against the whole reference control plane (API server,
// controllers, scheduler, two simulated nodes): a PodDisruptionBudget that
// allows no disruption holds the drain back (kubectl is answered 429 and
// retries) until the budget is relaxed; then the drain evicts the node's pods
// and the Deployment's replacements land on the other node.
import { execa } from 'execa';
import { createInterface } from 'node:readline';
import t from 'tap';
import { kubectlPath } from '../../helpers/client-tools.ts';
import { startKubeCli } from '../../helpers/kube-cli.ts';

const cli = await startKubeCli(t, { controllers: true, extraArgs: ['--simulated-nodes', '2'] });
const { kubectl } = cli;

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: default}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}
`;

t.test('a drain waits for the disruption budget', async (t) => {
  t.equal((await kubectl(['apply', '-f', '-'], { input: manifest })).exitCode, 0);
  t.equal((await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s'])).exitCode, 0);
  t.equal((await kubectl(['wait', 'pdb/web', '--for=jsonpath={.status.currentHealthy}=2', '--timeout=60s'])).exitCode, 0);
  const node = (await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].spec.nodeName}'])).stdout;
  t.match(node, /^kdrill-node-\d$/);

  const drain = execa(kubectlPath(), ['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=100s'], {
    env: cli.env, extendEnv: false, cwd: cli.dir, reject: false, all: true, stdin: 'ignore', timeout: 110_000,
  });
  t.teardown(() => {
    drain.kill('SIGKILL');
  });
  const refused = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: drain.all! });
    lines.on('line', (line) => {
      if (line.includes('error when evicting')) resolve(line);
    });
    void drain.finally(() => reject(new Error('kubectl drain ended before an eviction was refused')));
  });
  t.match(refused, /error when evicting pods\/"web-[a-z0-9-]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
  t.equal((await kubectl(['get', 'pods', '-l', 'app=web', '--field-selector', `spec.nodeName=${node}`, '-o', 'name'])).stdout.trim() !== '', true, 'the budget keeps the pods on the node');

  t.equal((await kubectl(['patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":1}}'])).exitCode, 0);
  const result = await drain;
  t.equal(result.exitCode, 0, 'the drain finishes once the budget allows it');
  t.match(String(result.all), new RegExp(`node/${node} drained`));
  t.equal((await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s'])).exitCode, 0);
  const nodes = (await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.nodeName}'])).stdout.split(' ');
  t.notOk(nodes.includes(node), 'no pod of the Deployment runs on the drained node');
});

t.test('with the controllers running, every component is healthy', async (t) => {
  const statuses = (await kubectl(['get', 'componentstatuses', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.conditions[0].status} {end}'])).stdout.trim();
  t.equal(statuses, 'scheduler=True controller-manager=True etcd-0=True');
});
