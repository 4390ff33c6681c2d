// kdrill run: usage errors and an unreachable cluster exit 2 before anything
// runs; a run against the built-in reference cluster (with a fake runner, so
// the outcome is chosen) writes the reports, prints their directory on
// stdout, and exits 1 when a scenario failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createRunCommand, defaultRunHarness, type RunHarness } from '../../src/cli/commands/run.ts';
import { parseFlags, UsageError } from '../../src/cli/flags.ts';
import type { RunReport, ScenarioResult, SuiteResult } from '../../src/report/model.ts';
import type { RunScenariosOptions } from '../../src/runner/run-scenarios.ts';
import { repoRoot } from '../helpers/control-plane.ts';

function quietCommand(stderr: string[] = [], stdout: string[] = []) {
  return createRunCommand({
    ...defaultRunHarness,
    stdout: { write: (s: string) => stdout.push(s) },
    stderr: { isTTY: false, write: (s: string) => stderr.push(s) },
    env: {},
  });
}

async function run(...args: string[]) {
  const stderr: string[] = [];
  const stdout: string[] = [];
  const command = quietCommand(stderr, stdout);
  const code = await command.run(parseFlags(args, command.flags));
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

t.test('usage errors are UsageErrors that say what to do', async (t) => {
  const cases: [args: string[], message: RegExp][] = [
    [['--cluster', 'a.yaml', '--kubeconfig', 'k'], /give --cluster or --kubeconfig, not both/],
    [['--context', 'x'], /--context needs --kubeconfig/],
    [['--parallel', '0'], /--parallel must be a whole number of at least 1/],
    [['--parallel', '1.5'], /--parallel must be a whole number of at least 1/],
    [['--focus', '('], /--focus: "\(" is not a regular expression/],
    [['--suites', 'nosuch'], /no such suite/],
    [['--tags', 'no-such-tag'], /no scenario matches/],
    [['extra'], /unexpected argument "extra"/],
  ];
  for (const [args, message] of cases) await t.rejects(run(...args), { name: 'UsageError', message }, args.join(' '));
});

t.test('as users run it: a usage error exits 2 with the help, nothing on stdout', async (t) => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'kdrill.js'), 'run', '--parallel', '0'], { encoding: 'utf8' });
  t.equal(r.status, 2);
  t.match(r.stderr, /--parallel must be .*\n\n.*Usage: kdrill run/s);
  t.equal(r.stdout, '');
});

t.test('bad cluster file and unreachable kubeconfig exit 2 with the reason', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-run-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'apiVersion: kdrill.dev/v1\nkind: Cluster\nmetadata:\n  name: x\nspec:\n  provider: reference\n  nodes:\n    - role: boss\n');
  const badRun = await run('--cluster', bad);
  t.equal(badRun.code, 2);
  t.match(badRun.stderr, `${bad}:8: spec.nodes[0].role: "boss" is not one of control-plane | worker`);

  const kubeconfig = join(dir, 'kubeconfig');
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
clusters: [{name: gone, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: gone, context: {cluster: gone, user: u}}]
current-context: gone
`);
  const unreachable = await run('--kubeconfig', kubeconfig, '--focus', 'requests-that-fit-are-scheduled');
  t.equal(unreachable.code, 2);
  t.match(unreachable.stderr, /cannot reach the cluster at https:\/\/127\.0\.0\.1:1/);
  t.match(unreachable.stderr, /Check that the cluster is running/);
  t.equal(unreachable.stdout, '');
});

function outcome(suite: string, name: string, status: ScenarioResult['status']): ScenarioResult {
  return {
    name, suite, description: '', conformance: '', tags: [], disruptive: false, status, startedAt: new Date().toISOString(),
    durationMs: 5, steps: [], assertions: [], ...(status === 'pass' ? {} : { reason: `${name} went wrong` }),
  };
}

t.test('a run writes the reports, prints their directory and exits by outcome', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-run-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));

  async function runWith(statuses: ScenarioResult['status'][], reportDir: string) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    let seen: RunScenariosOptions | undefined;
    const harness: RunHarness = {
      ...defaultRunHarness,
      stdout: { write: (s: string) => stdout.push(s) },
      stderr: { isTTY: false, write: (s: string) => stderr.push(s) },
      env: {},
      argv: ['run', '--focus', 'x'],
      async runScenarios(o) {
        seen = o;
        const results = o.suites.flatMap((s) => s.scenarios.map((sc, i) => outcome(s.name, sc.name, statuses[i] ?? 'pass')));
        for (const result of results) o.onEvent({ type: 'scenario-finished', result });
        return o.suites.map((s): SuiteResult => ({ name: s.name, durationMs: 10, scenarios: results.filter((r) => r.suite === s.name) }));
      },
    };
    const command = createRunCommand(harness);
    const code = await command.run(parseFlags(['--focus', 'requests-that-fit', '--parallel', '2', '--report-dir', reportDir], command.flags));
    return { code, stdout: stdout.join(''), stderr: stderr.join(''), seen };
  }

  const failing = await runWith(['pass', 'fail'], join(dir, 'one'));
  t.equal(failing.code, 1, 'a failed scenario exits 1');
  t.equal(failing.stdout, `${join(dir, 'one')}\n`, 'stdout carries the report directory only');
  t.equal(failing.seen?.parallel, 2);
  t.match(failing.seen?.runId, /^[0-9a-f]{8}$/);
  t.match(failing.stderr, /^PASS    scheduling\/\S+ \(5ms\)$/m);
  t.match(failing.stderr, /^FAIL    scheduling\/\S+ \(5ms\) — \S+ went wrong$/m);
  t.match(failing.stderr, /2 scenarios in .*: 1 passed, 1 failed, 0 skipped, 0 timed out, 0 errors/);
  for (const f of ['junit.xml', 'report.json', 'report.html', 'summary.md']) t.ok(existsSync(join(dir, 'one', f)), f);
  const report = JSON.parse(readFileSync(join(dir, 'one', 'report.json'), 'utf8')) as RunReport;
  t.equal(report.cluster.provider, 'reference');
  t.equal(report.cluster.nodes.length, 3, 'the default cluster has 3 simulated workers');
  t.same(report.totals, { pass: 1, fail: 1, skip: 0, timeout: 0, error: 0, total: 2 });
  t.same(report.command, ['kdrill', 'run', '--focus', 'x']);

  const skipped = await runWith(['pass', 'skip'], join(dir, 'two'));
  t.equal(skipped.code, 0, 'skips do not fail a run');

  const timedOut = await runWith(['timeout', 'pass'], join(dir, 'three'));
  t.equal(timedOut.code, 1, 'a timeout fails a run');
});
