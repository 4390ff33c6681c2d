// kdrill report compare: text or JSON on stdout, exit 1 on regressions, a
// usage error (exit 2) for files that are not run reports.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createReportCommand } from '../../src/cli/commands/report.ts';
import { parseFlags, UsageError } from '../../src/cli/flags.ts';
import { repoRoot } from '../helpers/control-plane.ts';
import { sampleReport } from '../report/fixtures/sample-report.ts';

async function report(...args: string[]) {
  const out: string[] = [];
  const command = createReportCommand({ write: (s: string) => out.push(s) });
  const code = await command.run(parseFlags(args, command.flags));
  return { code, stdout: out.join('') };
}

t.test('compare', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-compare-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const before = join(dir, 'before.json');
  const after = join(dir, 'after.json');
  const same = join(dir, 'same.json');
  writeFileSync(before, JSON.stringify(sampleReport()));
  writeFileSync(same, JSON.stringify(sampleReport()));
  const b = sampleReport();
  b.runId = 'after';
  b.suites[0]!.scenarios[0]!.status = 'fail';
  writeFileSync(after, JSON.stringify(b));

  const regressed = await report('compare', before, after);
  t.equal(regressed.code, 1, 'a regression exits 1');
  t.match(regressed.stdout, /1 regression/);
  t.match(regressed.stdout, /scheduling\/requests-that-fit: pass -> fail/);

  const json = await report('compare', before, after, '-o', 'json');
  t.equal(json.code, 1);
  const comparison = JSON.parse(json.stdout) as { regressions: number; changes: { kind: string; id: string }[] };
  t.equal(comparison.regressions, 1);
  t.same(comparison.changes[0], { kind: 'regression', id: 'scheduling/requests-that-fit', before: 'pass', after: 'fail' });

  t.equal((await report('compare', before, same)).code, 0, 'no regression exits 0');

  const notJson = join(dir, 'x.txt');
  writeFileSync(notJson, 'hello');
  await t.rejects(report('compare', before, notJson), { name: 'UsageError', message: /is not JSON .*give the report.json of a run/ });
  await t.rejects(report('compare', before, join(dir, 'missing.json')), { name: 'UsageError', message: /cannot read/ });
  await t.rejects(report('compare', before), UsageError);
  await t.rejects(report('diff', before, after), { name: 'UsageError', message: /unknown action "diff"/ });
  await t.rejects(report('compare', before, after, '-o', 'yaml'), UsageError);

  t.test('as users run it: exit codes 1 and 2', async (t) => {
    const run = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin', 'kdrill.js'), 'report', ...args], { encoding: 'utf8' });
    t.equal(run('compare', before, after).status, 1);
    const bad = run('compare', before, notJson);
    t.equal(bad.status, 2);
    t.match(bad.stderr, /Usage: kdrill report compare/);
  });
});
