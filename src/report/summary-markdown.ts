// Short enough for a pull-request comment: status line, counts per suite,
// failed scenarios with their first failing assertion, link to the HTML page.
import type { RunReport, ScenarioResult, ScenarioStatus } from './model.ts';
import { formatDuration } from './format.ts';
import { firstFailingAssertion } from './scenario-text.ts';

const problemStatuses: ScenarioStatus[] = ['fail', 'timeout', 'error'];

export function renderSummaryMarkdown(report: RunReport, htmlLink = 'report.html'): string {
  const t = report.totals;
  const problems = t.fail + t.timeout + t.error;
  const verdict = problems === 0 ? '✅ kdrill: all scenarios passed' : `❌ kdrill: ${problems} of ${t.total} scenarios did not pass`;
  const lines = [
    `**${verdict}** — ${t.pass} passed, ${t.fail} failed, ${t.timeout} timed out, ${t.error} errored, ${t.skip} skipped in ${formatDuration(report.durationMs)} on ${cell(report.cluster.provider)} ${cell(report.cluster.kubernetesVersion)}`,
    '',
    '| Suite | Pass | Fail | Timeout | Error | Skip | Duration |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const suite of report.suites) {
    const n = (status: ScenarioStatus) => suite.scenarios.filter((s) => s.status === status).length;
    lines.push(`| ${cell(suite.name)} | ${n('pass')} | ${n('fail')} | ${n('timeout')} | ${n('error')} | ${n('skip')} | ${formatDuration(suite.durationMs)} |`);
  }
  const failed = report.suites.flatMap((s) => s.scenarios).filter((s) => problemStatuses.includes(s.status));
  if (failed.length > 0) {
    lines.push('', '**Did not pass**', '');
    for (const scenario of failed) lines.push(`- \`${scenario.suite}/${scenario.name}\` (${scenario.status}): ${cell(whyNotPassed(scenario))}`);
  }
  lines.push('', `Full report: [${htmlLink}](${htmlLink})`, '');
  return lines.join('\n');
}

function whyNotPassed(scenario: ScenarioResult): string {
  return firstFailingAssertion(scenario)?.message ?? scenario.reason ?? scenario.status;
}

// Keeps user text from breaking the table or injecting markup into the comment.
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');
}
