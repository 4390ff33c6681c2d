// A worker that dies: its container `docker stop`ped, the Node goes
// NotReady/Unknown once its Lease is stale, its pods are evicted after their
// unreachable toleration and recreated on the other worker. On a 3-node
// cluster of its own (stopping a node of the shared one would disturb other
// tests) whose cluster file shortens the node-lifecycle timings, deleted at
// the end whatever happens.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import t from 'tap';
import { kdrill, kubectl, leftovers, testKdrillHome, type TestCluster } from '../../helpers/container-cluster.ts';
import { repoRoot } from '../../helpers/control-plane.ts';

interface PodJson {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
}

t.test('a stopped worker: NotReady, its pods evicted and recreated on the other worker', async (t) => {
  const name = `h7b-${randomBytes(2).toString('hex')}`;
  t.teardown(() => kdrill(['cluster', 'delete', name]));
  // Unknown 10 s after the last heartbeat, and pods evicted 5 s later, instead of 40 s and 300 s.
  const file = join(t.testdirName, 'cluster.yaml');
  t.testdir();
  const threeNodes = await readFile(join(repoRoot, 'clusters', 'reference-3node.yaml'), 'utf8');
  await writeFile(file, threeNodes.replace('    simulated: false\n', '    simulated: false\n    nodeMonitorGracePeriodSeconds: 10\n    defaultTolerationSeconds: 5\n'));
  const created = await kdrill(['cluster', 'create', '-f', file, '--name', name, '--wait', '5m']);
  if (created.exitCode !== 0) throw new Error(`kdrill cluster create failed (exit ${created.exitCode}):\n${created.stderr}`);
  const cluster: TestCluster = {
    name,
    kubeconfig: join(testKdrillHome, 'clusters', name, 'kubeconfig'),
    nodes: [`${name}-control-plane`, `${name}-worker`, `${name}-worker2`],
    workers: [`${name}-worker`, `${name}-worker2`],
  };
  const k = async (args: string[], input?: string) => {
    const r = await kubectl(cluster, args, input === undefined ? {} : { input });
    if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  await k(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'probe', namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'probe' } },
      template: {
        metadata: { labels: { app: 'probe' } },
        spec: {
          terminationGracePeriodSeconds: 1,
          affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'probe' } } } }] } },
          containers: [{ name: 'probe', image: 'kdrill/probe:latest', readinessProbe: { httpGet: { port: 9376 }, periodSeconds: 2 } }],
        },
      },
    },
  }));
  await k(['rollout', 'status', 'deployment/probe', '--timeout=180s']);
  const before = JSON.parse(await k(['get', 'pods', '-l', 'app=probe', '-o', 'json'])).items as PodJson[];
  const tolerations = JSON.parse(await k(['get', 'pods', '-l', 'app=probe', '-o', 'jsonpath={.items[0].spec.tolerations}'])) as { key: string; tolerationSeconds?: number }[];
  t.equal(tolerations.find((x) => x.key === 'node.kubernetes.io/unreachable')?.tolerationSeconds, 5, 'the cluster file set the default toleration');
  const victim = cluster.workers[1]!;
  const survivor = cluster.workers[0]!;
  t.ok(before.some((p) => p.spec.nodeName === victim), 'a pod runs on the worker about to stop');

  await execa('docker', ['stop', victim]);
  await k(['wait', `node/${victim}`, '--for=condition=Ready=Unknown', '--timeout=120s']);
  t.pass(`${victim} went Unknown once its Lease was stale`);
  await k(['wait', `node/${survivor}`, '--for=condition=Ready', '--timeout=10s']);
  // The Deployment's status can still count the stopped worker's pod as available for a moment, so
  // `rollout status` could return before the eviction: wait for the pods themselves instead.
  const readyOnSurvivor = async (): Promise<PodJson[]> => {
    const pods = JSON.parse(await k(['get', 'pods', '-l', 'app=probe', '-o', 'json'])).items as PodJson[];
    return pods.filter((p) => !p.metadata.deletionTimestamp && p.spec.nodeName === survivor && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  };
  let live = await readyOnSurvivor();
  for (let waited = 0; live.length < 2 && waited < 180; waited++) {
    await sleep(1000);
    live = await readyOnSurvivor();
  }
  const after = JSON.parse(await k(['get', 'pods', '-l', 'app=probe', '-o', 'json'])).items as PodJson[];
  t.ok(after.some((p) => p.spec.nodeName === victim && p.metadata.deletionTimestamp), 'the stopped worker\'s pod was evicted (Terminating until its node returns)');
  live = after.filter((p) => !p.metadata.deletionTimestamp && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  t.equal(live.length, 2, 'two ready replicas again');
  t.ok(live.every((p) => p.spec.nodeName === survivor), 'both on the surviving worker');
  const events = await k(['get', 'events', '-A', '--field-selector', 'reason=TaintManagerEviction', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}']);
  t.match(events, /Marking for deletion Pod default\/probe-/, 'evicted by the taint manager');
  await kdrill(['cluster', 'delete', name]);
  t.same(await leftovers(name), [], 'nothing of the cluster is left');
});
