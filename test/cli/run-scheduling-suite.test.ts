// The README's main command, end to end: `kdrill run --suites scheduling`
// starts the built-in reference control plane, runs the whole scheduling
// suite, stops the cluster and writes the four reports, which CI tools and
// the schema accept.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import t from 'tap';
import { reportSchemaPath } from '../../src/report/json.ts';
import type { RunReport } from '../../src/report/model.ts';
import { repoRoot } from '../helpers/control-plane.ts';

const dir = mkdtempSync(join(tmpdir(), 'kdrill-run-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const reportDir = join(dir, 'reports');
const run = spawnSync(process.execPath, [join(repoRoot, 'bin', 'kdrill.js'), 'run', '--suites', 'scheduling', '--report-dir', reportDir], {
  encoding: 'utf8',
  env: { ...process.env, CI: 'true', NO_COLOR: '1' },
});

t.test('every scheduling scenario passes on the reference control plane', async (t) => {
  t.equal(run.status, 0, run.stderr);
  t.equal(run.stdout.trim(), reportDir, 'stdout carries only the report folder');
  t.match(run.stderr, /\d+ scenarios in [\d.]+s: \d+ passed, 0 failed, 0 skipped, 0 timed out, 0 errors/);
});

t.test('the four reports are written and valid', async (t) => {
  for (const file of ['junit.xml', 'report.json', 'report.html', 'summary.md']) t.ok(existsSync(join(reportDir, file)), file);
  const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as RunReport;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addFormat('date-time', (v: string) => !Number.isNaN(Date.parse(v)));
  const validate = ajv.compile(JSON.parse(readFileSync(reportSchemaPath, 'utf8')));
  t.ok(validate(report), JSON.stringify(validate.errors));
  t.equal(report.cluster.provider, 'reference');
  t.equal(report.cluster.nodes.length, 3);
  t.ok(report.totals.pass >= 12, `${report.totals.pass} scenarios passed`);
  t.equal(report.totals.pass, report.totals.total);
  execFileSync('xmllint', ['--noout', '--schema', join(repoRoot, 'test', 'report', 'fixtures', 'junit.xsd'), join(reportDir, 'junit.xml')], { stdio: 'pipe' });
  t.match(readFileSync(join(reportDir, 'summary.md'), 'utf8'), /all scenarios passed/);
});
