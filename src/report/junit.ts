// JUnit XML in the shape GitHub Actions reporters (dorny/test-reporter,
// mikepenz/action-junit-report), GitLab and Jenkins all parse: one testsuite
// per kdrill suite, classname = suite name, a single system-out per testcase.
import { hostname } from 'node:os';
import type { RunReport, ScenarioResult, SuiteResult } from './model.ts';
import { formatSeconds } from './format.ts';
import { describeAssertion, describeSteps, firstFailingAssertion } from './scenario-text.ts';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml-escape.ts';

export function renderJunit(report: RunReport): string {
  const t = report.totals;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kdrill ${attr(report.runId)}" tests="${t.total}" failures="${t.fail}" errors="${t.error + t.timeout}" skipped="${t.skip}" time="${formatSeconds(report.durationMs)}">`,
  ];
  for (const suite of report.suites) lines.push(...renderSuite(report, suite));
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function renderSuite(report: RunReport, suite: SuiteResult): string[] {
  const count = (...statuses: string[]) => suite.scenarios.filter((s) => statuses.includes(s.status)).length;
  const timestamp = suite.scenarios[0]?.startedAt ?? report.startedAt;
  const properties: [string, string][] = [
    ['cluster.provider', report.cluster.provider],
    ['cluster.name', report.cluster.name],
    ['kubernetes.version', report.cluster.kubernetesVersion],
    ['kdrill.version', report.kdrillVersion],
    ['run.id', report.runId],
  ];
  return [
    `  <testsuite name="${attr(suite.name)}" tests="${suite.scenarios.length}" failures="${count('fail')}" errors="${count('error', 'timeout')}" skipped="${count('skip')}" time="${formatSeconds(suite.durationMs)}" timestamp="${attr(junitTimestamp(timestamp))}" hostname="${attr(hostname())}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
    '    </properties>',
    ...suite.scenarios.flatMap(renderTestcase),
    '  </testsuite>',
  ];
}

// The common XSDs type the timestamp as xs:dateTime without a zone designator.
function junitTimestamp(iso: string): string {
  return iso.replace(/(\.\d+)?(Z|[+-]\d\d:\d\d)$/, '');
}

function renderTestcase(scenario: ScenarioResult): string[] {
  const open = `    <testcase name="${attr(scenario.name)}" classname="${attr(scenario.suite)}" time="${formatSeconds(scenario.durationMs)}">`;
  const outcome = renderOutcome(scenario);
  const steps = describeSteps(scenario);
  const systemOut = steps ? [`      <system-out>${text(steps)}</system-out>`] : [];
  return [open, ...outcome, ...systemOut, '    </testcase>'];
}

function renderOutcome(scenario: ScenarioResult): string[] {
  switch (scenario.status) {
    case 'pass':
      return [];
    case 'skip':
      return [`      <skipped message="${attr(scenario.reason ?? 'skipped')}"/>`];
    case 'fail': {
      const failing = scenario.assertions.filter((a) => !a.passed);
      const message = firstFailingAssertion(scenario)?.message ?? scenario.reason ?? 'failed';
      const body = [...failing.map(describeAssertion), scenario.reason ?? '', describeSteps(scenario)].filter(Boolean).join('\n\n');
      return [`      <failure message="${attr(message)}" type="AssertionError">${text(body)}</failure>`];
    }
    case 'timeout': {
      const message = `timed out after ${formatSeconds(scenario.durationMs)}s${scenario.reason ? `: ${scenario.reason}` : ''}`;
      return [`      <error message="${attr(message)}" type="Timeout">${text([message, describeSteps(scenario)].filter(Boolean).join('\n\n'))}</error>`];
    }
    case 'error': {
      const message = scenario.reason ?? 'error';
      return [`      <error message="${attr(message)}" type="Error">${text([message, describeSteps(scenario)].filter(Boolean).join('\n\n'))}</error>`];
    }
  }
}
