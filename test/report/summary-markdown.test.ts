import t from 'tap';
import { renderSummaryMarkdown } from '../../src/report/summary-markdown.ts';
import { sampleReport } from './fixtures/sample-report.ts';

t.test('status line, counts per suite, what did not pass and a link', async (t) => {
  const md = renderSummaryMarkdown(sampleReport());
  t.match(md, /^\*\*❌ kdrill: 3 of 5 scenarios did not pass\*\* — 1 passed, 1 failed, 1 timed out, 1 errored, 1 skipped in 34\.0s on reference v1\.34\.0\n/);
  t.match(md, /\| scheduling \| 1 \| 1 \| 1 \| 0 \| 1 \| 33\.0s \|/);
  t.match(md, /\| workloads \| 0 \| 0 \| 0 \| 1 \| 0 \| 150ms \|/);
  t.match(md, /- `scheduling\/node-selector` \(fail\): pod lands on the node with label \\<disk=ssd\\> & "zone"/);
  t.match(md, /- `scheduling\/taint-noexecute-eviction` \(timeout\): waiting for pod to be evicted/);
  t.match(md, /- `workloads\/deployment-self-heals` \(error\): POST/);
  t.notMatch(md, /requests-that-fit|priority-preemption/, 'passes and skips are only counted');
  t.match(md, /Full report: \[report\.html\]\(report\.html\)\n$/);
});

t.test('an all-green run says so', async (t) => {
  const report = sampleReport();
  report.suites = [{ ...report.suites[0]!, scenarios: report.suites[0]!.scenarios.filter((s) => s.status === 'pass') }];
  report.totals = { total: 1, pass: 1, fail: 0, skip: 0, timeout: 0, error: 0 };
  const md = renderSummaryMarkdown(report, 'https://ci.example/artifacts/report.html');
  t.match(md, /^\*\*✅ kdrill: all scenarios passed\*\*/);
  t.notMatch(md, /Did not pass/);
  t.match(md, /\[https:\/\/ci\.example\/artifacts\/report\.html\]\(https:\/\/ci\.example\/artifacts\/report\.html\)/);
});
