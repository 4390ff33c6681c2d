// Every scheduling scenario passes on the reference control plane (API
// server, scheduler, controllers and three simulated nodes in this process,
// node timings shortened), run by the real runner as `kdrill run` runs them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createApiClient } from '../../src/kube/https-api-client.ts';
import type { KubeObject } from '../../src/reference/api/object.ts';
import { startControlPlane } from '../../src/reference/control-plane.ts';
import { loadSuites } from '../../src/runner/load-suites.ts';
import { runScenarios } from '../../src/runner/run-scenarios.ts';
import { repoRoot } from '../helpers/control-plane.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kdrill-scheduling-suite-'));
const cp = await startControlPlane({
  dataDir, host: '127.0.0.1', port: 0, store: { backend: 'embedded' }, compactionIntervalSeconds: 300, clusterName: 'scheduling-suite', log: () => {},
  controllers: {
    // Leases renewed every second, well inside the grace period: with the
    // default 40 s lease (renewed every 10 s) a 2 s grace period has the nodes
    // flap to Unknown and the taint manager evict the scenarios' pods.
    simulatedNodes: { count: 3, cpu: '2', memory: '4Gi', leaseDurationSeconds: 4 },
    timings: { nodeMonitorGracePeriodSeconds: 8, nodeMonitorPeriodSeconds: 1, defaultTolerationSeconds: 2 },
  },
});
const client = await createApiClient(cp.kubeconfigPath);
t.teardown(async () => {
  client.close();
  await cp.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const [suite] = await loadSuites(join(repoRoot, 'suites'), ['scheduling']);

t.test('the suite declares at least 12 uniquely named scenarios with their metadata', async (t) => {
  t.ok(suite!.scenarios.length >= 12);
  t.equal(new Set(suite!.scenarios.map((s) => s.name)).size, suite!.scenarios.length, 'names are unique');
  for (const s of suite!.scenarios) {
    t.ok(s.description && s.conformance && s.tags.length > 0, `${s.name} has a description, a conformance name and tags`);
    t.ok(s.timeoutMs >= 60_000 && s.timeoutMs <= 120_000, `${s.name} has a timeout of 60-120 s`);
  }
});

t.test('every scenario passes on three ready simulated nodes', async (t) => {
  await new Promise<void>((resolve) => {
    const ready = (nodes: KubeObject[]) => nodes.filter((n) => (n.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length === 3;
    const seen = new Map<string, KubeObject>();
    const watch = client.watch('/api/v1/nodes', {}, (type, node) => {
      if (type === 'ADDED' || type === 'MODIFIED') seen.set(node.metadata!.name!, node);
      if (ready([...seen.values()])) {
        watch.stop();
        resolve();
      }
    });
  });
  const [result] = await runScenarios({ client, suites: [suite!], runId: 'sched', parallel: 2, onEvent: () => {} });
  for (const s of result!.scenarios) t.same({ name: s.name, status: s.status, reason: s.reason }, { name: s.name, status: 'pass', reason: undefined });
});
