// The runner against a real in-process control plane (API server, controllers,
// scheduler, two simulated nodes). Suites are small folders written to a temp
// dir; they tell the test what they did through a log on globalThis.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ApiRequestError } from '../../src/kube/api-client.ts';
import { createApiClient } from '../../src/kube/https-api-client.ts';
import { startControlPlane } from '../../src/reference/control-plane.ts';
import type { ScenarioResult } from '../../src/report/model.ts';
import { loadSuites } from '../../src/runner/load-suites.ts';
import { runScenarios, type RunnerEvent } from '../../src/runner/run-scenarios.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kdrill-runner-'));
const cp = await startControlPlane({
  dataDir, host: '127.0.0.1', port: 0, store: { backend: 'embedded' }, compactionIntervalSeconds: 300, clusterName: 'runner', log: () => {},
  controllers: { simulatedNodes: { count: 2, cpu: '4', memory: '8Gi' } },
});
const client = await createApiClient(cp.kubeconfigPath);
t.teardown(async () => {
  client.close();
  await cp.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const log: string[] = [];
(globalThis as { runnerLog?: string[] }).runnerLog = log;

function scenario(name: string, body: string, extra = ''): string {
  return `{ name: ${JSON.stringify(name)}, description: 'd', conformance: 'c', tags: [], timeoutMs: 20000, disruptive: false, ${extra} run: async (ctx) => { ${body} } }`;
}

async function run(scenarios: string[], parallel = 1, runId = 'r'): Promise<{ results: ScenarioResult[]; events: RunnerEvent[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-runner-suites-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'inline'));
  writeFileSync(join(dir, 'inline', 'scenarios.ts'), `const log = globalThis.runnerLog;\nexport const scenarios = [\n${scenarios.join(',\n')}\n];\n`);
  const events: RunnerEvent[] = [];
  const suites = await runScenarios({ client, suites: await loadSuites(dir), runId, parallel, onEvent: (e) => events.push(e) });
  return { results: suites.flatMap((s) => s.scenarios), events };
}

async function namespaceGone(name: string): Promise<boolean> {
  try {
    await client.get(`/api/v1/namespaces/${name}`);
    return false;
  } catch (err) {
    return err instanceof ApiRequestError && err.code === 404;
  }
}

function gate(): { open(): void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

t.test('each scenario gets its own labelled namespace and sees only what it made there', async (t) => {
  const body = (value: string) => `
    const [made] = await ctx.apply('apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: mine\\ndata:\\n  who: ${value}\\n');
    ctx.expect.equal(made.metadata.namespace, ctx.namespace, 'lands in the scenario namespace');
    const ns = await ctx.client.get('/api/v1/namespaces/' + ctx.namespace);
    log.push('${value} ' + ctx.namespace + ' ' + ns.metadata.labels['kdrill.dev/run'] + ' ' + ns.metadata.labels['kdrill.dev/scenario']);
    const list = await ctx.client.list('/api/v1/namespaces/' + ctx.namespace + '/configmaps');
    ctx.expect.equal(list.items.filter((c) => c.metadata.name === 'mine').map((c) => c.data.who), ['${value}'], 'sees only its own ConfigMap');
    ctx.step('checked');`;
  const { results, events } = await run([scenario('first one', body('first')), scenario('second one', body('second'))], 2, 'iso');
  t.same(results.map((r) => [r.status, r.namespace]), [['pass', 'kdrill-iso-first-one'], ['pass', 'kdrill-iso-second-one']]);
  t.ok(log.includes('first kdrill-iso-first-one iso first-one'));
  t.ok(log.includes('second kdrill-iso-second-one iso second-one'));
  t.same(results[0]!.assertions.map((a) => a.passed), [true, true]);
  t.same(results[0]!.steps.map((s) => s.message), ['checked']);
  t.same(events.filter((e) => e.type === 'scenario-started').length, 2);
  t.same(events.filter((e) => e.type === 'scenario-finished').length, 2);
  t.ok(await namespaceGone('kdrill-iso-first-one'), `namespace ${'kdrill-iso-first-one'} is gone`);
  t.ok(await namespaceGone('kdrill-iso-second-one'), `namespace ${'kdrill-iso-second-one'} is gone`);
});

t.test('a failed expectation fails the scenario, gathers evidence, then cleans up', async (t) => {
  log.length = 0;
  const { results } = await run([scenario('fails', `
    ctx.defer(async () => { log.push('undo 1'); });
    ctx.defer(async () => { log.push('undo 2'); });
    await ctx.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'busybox' }] } });
    await ctx.waitFor('/api/v1/namespaces/' + ctx.namespace + '/pods', (pods) => pods.find((p) => p.spec.nodeName), 'pod web scheduled');
    await ctx.waitFor('/api/v1/namespaces/' + ctx.namespace + '/events', (events) => events.find((e) => e.reason === 'Scheduled'), 'the Scheduled event');
    ctx.expect.equal(1, 2, 'one is two');
    log.push('not reached');`)], 1, 'fail');
  const r = results[0]!;
  t.equal(r.status, 'fail');
  t.match(r.reason, /one is two \(expected 2, got 1\)/);
  t.same(r.assertions.map((a) => [a.passed, a.expected, a.actual]), [[false, 2, 1]]);
  t.same(log, ['undo 2', 'undo 1'], 'undos ran last in first out; nothing after the failure ran');
  t.equal(r.evidence?.pods.length, 1);
  t.equal(r.evidence?.pods[0]!.name, 'web');
  t.match(r.evidence?.pods[0]!.node, /^kdrill-node-/);
  t.equal(r.evidence?.podLogs.length, 1);
  t.match(r.evidence?.podLogs[0], { pod: 'web', container: 'app', log: /^\(log unavailable: 400 / }, 'no log source: the 400 is recorded');
  t.ok(r.evidence!.events.some((e) => e.object === 'Pod/web' && e.reason === 'Scheduled'), 'the scheduler event is kept');
  t.ok(await namespaceGone('kdrill-fail-fails'), `namespace ${'kdrill-fail-fails'} is gone`);
});

t.test('a deadline ends the scenario as a timeout, saying what it waited for', async (t) => {
  log.length = 0;
  const { results } = await run([scenario('waits forever', `
    ctx.defer(async () => { log.push('undone'); });
    await ctx.waitFor('/api/v1/namespaces/' + ctx.namespace + '/configmaps', (cms) => cms.find((c) => c.metadata.name === 'never'), 'ConfigMap never');`,
  'timeoutMs: 1000,')], 1, 'slow');
  const r = results[0]!;
  t.equal(r.status, 'timeout');
  t.match(r.reason, /timed out after 1000 ms: gave up waiting for ConfigMap never/);
  t.ok(r.evidence, 'evidence gathered');
  t.same(log, ['undone']);
  t.ok(await namespaceGone('kdrill-slow-waits-forever'), `namespace ${'kdrill-slow-waits-forever'} is gone`);
});

t.test('a broken request is an error, a skip carries its reason', async (t) => {
  const { results } = await run([
    scenario('broken', `await ctx.client.get('/api/v1/namespaces/' + ctx.namespace + '/configmaps/missing');`),
    scenario('skipped', `ctx.skip('the cluster has too few nodes'); log.push('not reached');`),
  ], 2, 'mixed');
  t.same(results.map((r) => r.status), ['error', 'skip']);
  t.match(results[0]!.reason, /^404 NotFound/);
  t.equal(results[1]!.reason, 'the cluster has too few nodes');
  t.equal(results[1]!.evidence, undefined, 'no evidence for a skip');
  t.ok(await namespaceGone('kdrill-mixed-skipped'), `namespace ${'kdrill-mixed-skipped'} is gone`);
});

t.test('scenarios overlap up to parallel; a disruptive one runs alone', async (t) => {
  log.length = 0;
  // a and b wait for each other, so both finish only if they run at the same time.
  (globalThis as { barrier?: unknown }).barrier = { a: gate(), b: gate() };
  const meet = (me: string, other: string) => `
    log.push('${me} start');
    globalThis.barrier.${me}.open();
    await globalThis.barrier.${other}.opened;
    log.push('${me} end');`;
  const plain = (me: string) => `log.push('${me} start'); await ctx.nodes(); log.push('${me} end');`;
  const { results } = await run([
    scenario('a', meet('a', 'b')),
    scenario('b', meet('b', 'a')),
    scenario('d', plain('d'), 'disruptive: true,'),
    scenario('c', plain('c')),
  ], 3, 'par');
  t.same(results.map((r) => r.status), ['pass', 'pass', 'pass', 'pass']);
  t.same(log.slice(0, 2).sort(), ['a start', 'b start'], 'a and b overlap');
  const at = (entry: string) => log.indexOf(entry);
  t.ok(at('d start') > at('a end') && at('d start') > at('b end'), 'd starts after the others ended');
  t.equal(at('d end'), at('d start') + 1, 'nothing runs beside d');
  t.ok(at('c start') > at('d end'), 'c waits for d');
});
