// `kubectl drain` of a worker of the shared cluster in containers, its pods
// guarded by a PodDisruptionBudget: the eviction is refused (429) and kubectl
// retries until the budget is relaxed, then the drain completes. Only this
// test's pods are drained (--pod-selector) so that other test files' pods on
// the worker stay where they are; the worker is uncordoned afterwards.
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { kubectlPath } from '../../helpers/client-tools.ts';
import { kubectl, sharedTestCluster, testKdrillHome } from '../../helpers/container-cluster.ts';

t.test('a drain waits for the disruption budget, then completes', async (t) => {
  const cluster = await sharedTestCluster();
  const ns = `drain-${randomBytes(3).toString('hex')}`;
  const [node] = cluster.workers;
  const k = async (args: string[], input?: string) => {
    const r = await kubectl(cluster, ['-n', ns, ...args], input === undefined ? {} : { input });
    if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  await kubectl(cluster, ['create', 'namespace', ns]);
  t.teardown(async () => {
    await kubectl(cluster, ['uncordon', node!]);
    await kubectl(cluster, ['delete', 'namespace', ns, '--wait=false']);
  });

  await k(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'guarded' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'guarded' } },
      template: {
        metadata: { labels: { app: 'guarded' } },
        spec: {
          affinity: {
            nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: cluster.workers }] }] } },
            podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'guarded' } } }] },
          },
          terminationGracePeriodSeconds: 1,
          containers: [{ name: 'c', image: 'busybox:1.35', command: ['sleep', '3600'] }],
        },
      },
    },
  }));
  await k(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'guarded' },
    spec: { minAvailable: 2, selector: { matchLabels: { app: 'guarded' } } },
  }));
  await k(['rollout', 'status', 'deployment/guarded', '--timeout=180s']);
  await k(['wait', 'pdb/guarded', '--for=jsonpath={.status.currentHealthy}=2', '--timeout=60s']);
  const onNode = () => k(['get', 'pods', '-l', 'app=guarded', '--field-selector', `spec.nodeName=${node}`, '-o', 'name']);
  t.not((await onNode()).trim(), '', `one of the pods runs on ${node}`);

  const drain = execa(kubectlPath(), ['drain', node!, '--pod-selector', 'app=guarded', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=150s'], {
    env: { KUBECONFIG: cluster.kubeconfig, HOME: join(testKdrillHome, 'kubectl-home') },
    reject: false, all: true, stdin: 'ignore', timeout: 160_000,
  });
  t.teardown(() => {
    drain.kill('SIGKILL');
  });
  const refused = await new Promise<string>((resolve, reject) => {
    createInterface({ input: drain.all! }).on('line', (line) => {
      if (line.includes('error when evicting')) resolve(line);
    });
    void drain.finally(() => reject(new Error('kubectl drain ended before an eviction was refused')));
  });
  t.match(refused, new RegExp(`error when evicting pods/"guarded-[a-z0-9-]+" -n "${ns}" \\(will retry after 5s\\): Cannot evict pod as it would violate the pod's disruption budget\\.`));
  t.equal(await k(['get', 'node', node!, '-o', 'jsonpath={.spec.unschedulable}']), 'true', 'the node is cordoned while the drain waits');
  t.not((await onNode()).trim(), '', 'the budget keeps the pod on the node');

  await k(['patch', 'pdb', 'guarded', '--type=merge', '-p', '{"spec":{"minAvailable":1}}']);
  const result = await drain;
  t.equal(result.exitCode, 0, 'the drain finishes once the budget allows it');
  t.match(String(result.all), new RegExp(`node/${node} drained`));
  t.equal((await onNode()).trim(), '', 'no pod of the Deployment is left on the drained node');

  await k(['uncordon', node!]);
  const rollout = await kubectl(cluster, ['-n', ns, 'rollout', 'status', 'deployment/guarded', '--timeout=180s']);
  if (rollout.exitCode !== 0) {
    const pods = await kubectl(cluster, ['-n', ns, 'get', 'pods', '-o', 'wide']);
    const events = await kubectl(cluster, ['-n', ns, 'get', 'events', '-o', 'jsonpath={range .items[*]}{.involvedObject.name} {.reason}: {.message}{"\\n"}{end}']);
    t.fail(`the replacement did not come back: ${rollout.stderr}\n${pods.stdout}\n${events.stdout}`);
    return;
  }
  t.not((await onNode()).trim(), '', 'uncordoned, the node takes the replacement back');
});
