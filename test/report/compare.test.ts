import t from 'tap';
import { compareReports, renderComparison } from '../../src/report/compare.ts';
import type { RunReport, ScenarioStatus } from '../../src/report/model.ts';
import { sampleReport } from './fixtures/sample-report.ts';

function withStatus(report: RunReport, name: string, status: ScenarioStatus): void {
  const scenario = report.suites.flatMap((s) => s.scenarios).find((s) => s.name === name)!;
  scenario.status = status;
}

function pair() {
  const a = sampleReport();
  const b = sampleReport();
  b.runId = 'r2';
  withStatus(b, 'requests-that-fit', 'fail');
  withStatus(b, 'node-selector', 'pass');
  withStatus(b, 'priority-preemption', 'pass');
  withStatus(b, 'taint-noexecute-eviction', 'error');
  b.suites[0]!.scenarios[0]!.durationMs = 1600;
  b.suites[1]!.scenarios[0]!.name = 'deployment-self-heals-v2';
  return { a, b };
}

t.test('outcome changes, regressions first', async (t) => {
  const { a, b } = pair();
  const c = compareReports(a, b);
  t.same(
    c.changes.map((ch) => [ch.kind, ch.id, ch.before, ch.after]),
    [
      ['regression', 'scheduling/requests-that-fit', 'pass', 'fail'],
      ['fixed', 'scheduling/node-selector', 'fail', 'pass'],
      ['new', 'workloads/deployment-self-heals-v2', undefined, 'error'],
      ['missing', 'workloads/deployment-self-heals', 'error', undefined],
      ['skip-changed', 'scheduling/priority-preemption', 'skip', 'pass'],
      ['status-changed', 'scheduling/taint-noexecute-eviction', 'timeout', 'error'],
    ],
  );
  t.equal(c.regressions, 1);
});

t.test('duration ratios for scenarios that ran in both', async (t) => {
  const { a, b } = pair();
  const c = compareReports(a, b);
  t.same(
    c.durations.map((d) => [d.id, d.ratio]),
    [
      ['scheduling/requests-that-fit', 2],
      ['scheduling/node-selector', 1],
      ['scheduling/taint-noexecute-eviction', 1],
    ],
  );
  const zero = sampleReport();
  zero.suites[0]!.scenarios[0]!.durationMs = 0;
  t.equal(compareReports(zero, sampleReport()).durations[0]!.ratio, null, 'no ratio from a zero duration');
});

t.test('identical runs differ in nothing', async (t) => {
  const c = compareReports(sampleReport(), sampleReport());
  t.same(c.changes, []);
  t.equal(c.regressions, 0);
  t.match(renderComparison(c), /0 regressions, 0 outcome changes/);
});

t.test('the text rendering lists changes by kind and the ratios', async (t) => {
  const { a, b } = pair();
  const text = renderComparison(compareReports(a, b));
  t.match(text, /^Comparing run r1 \(reference kdrill-reference v1\.34\.0\) with run r2 \(reference kdrill-reference v1\.34\.0\)\n1 regression, 6 outcome changes\n/);
  t.match(text, /Regressions \(passed before, not now\):\n  scheduling\/requests-that-fit: pass -> fail\n/);
  t.match(text, /New scenarios:\n  workloads\/deployment-self-heals-v2: - -> error\n/);
  t.ok(text.indexOf('Regressions') < text.indexOf('Fixed'), 'regressions first');
  t.match(text, /scheduling\/requests-that-fit\s+800ms ->\s+1\.6s  2\.00x/);
});
