import type { AssertionRecord, ScenarioResult } from './model.ts';
import { describeValue } from './format.ts';

export function firstFailingAssertion(scenario: ScenarioResult): AssertionRecord | undefined {
  return scenario.assertions.find((a) => !a.passed);
}

export function describeAssertion(assertion: AssertionRecord): string {
  const lines = [assertion.message];
  if ('expected' in assertion) lines.push(`  expected: ${describeValue(assertion.expected)}`);
  if ('actual' in assertion) lines.push(`  actual:   ${describeValue(assertion.actual)}`);
  return lines.join('\n');
}

/** Steps as plain text lines, one per step, with their offset from the scenario's start. */
export function describeSteps(scenario: ScenarioResult): string {
  return scenario.steps
    .map((s) => {
      const took = s.durationMs === undefined ? '' : ` (${s.durationMs}ms)`;
      return `[+${s.offsetMs}ms] ${s.message}${took}`;
    })
    .join('\n');
}
