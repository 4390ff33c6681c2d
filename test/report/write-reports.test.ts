import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import t from 'tap';
import { renderHtml } from '../../src/report/html.ts';
import { renderJson } from '../../src/report/json.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { renderSummaryMarkdown } from '../../src/report/summary-markdown.ts';
import { writeReports } from '../../src/report/write-reports.ts';
import { sampleReport } from './fixtures/sample-report.ts';

t.test('writes the four reports into a directory it creates', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'kdrill-reports-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, 'nested', 'reports');
  const report = sampleReport();
  const paths = await writeReports(report, dir);
  t.same(paths.map((p) => basename(p)), ['junit.xml', 'report.json', 'report.html', 'summary.md']);
  t.ok(paths.every((p) => p.startsWith(dir)));
  t.equal(readFileSync(join(dir, 'junit.xml'), 'utf8'), renderJunit(report));
  t.equal(readFileSync(join(dir, 'report.json'), 'utf8'), renderJson(report));
  t.equal(readFileSync(join(dir, 'report.html'), 'utf8'), renderHtml(report));
  t.equal(readFileSync(join(dir, 'summary.md'), 'utf8'), renderSummaryMarkdown(report));
});
