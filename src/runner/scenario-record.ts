// What a scenario leaves behind as it runs: steps, assertions and measured
// figures, timestamped against the scenario's start.
import { isDeepStrictEqual } from 'node:util';
import type { AssertionRecord, StepRecord } from '../report/model.ts';
import type { Expect } from './scenario.ts';
import { ExpectationFailure } from './scenario-outcomes.ts';

export class ScenarioRecord {
  readonly startedAt = new Date();
  readonly steps: StepRecord[] = [];
  readonly assertions: AssertionRecord[] = [];
  readonly measurements: Record<string, number> = {};

  step(message: string, durationMs?: number): void {
    const now = new Date();
    this.steps.push({ at: now.toISOString(), offsetMs: now.getTime() - this.startedAt.getTime(), message, ...(durationMs === undefined ? {} : { durationMs }) });
  }

  async timed<T>(message: string, fn: () => Promise<T>): Promise<T> {
    const start = Date.now();
    try {
      return await fn();
    } finally {
      this.step(message, Date.now() - start);
    }
  }

  get failedAssertions(): AssertionRecord[] {
    return this.assertions.filter((a) => !a.passed);
  }

  #assert(passed: boolean, message: string, detail: { expected?: unknown; actual?: unknown }): void {
    this.assertions.push({ at: new Date().toISOString(), passed, message, ...detail });
    if (!passed) {
      const shown = 'expected' in detail ? ` (expected ${JSON.stringify(detail.expected)}, got ${JSON.stringify(detail.actual)})` : '';
      throw new ExpectationFailure(`${message}${shown}`);
    }
  }

  readonly expect: Expect = {
    equal: (actual, expected, message) => this.#assert(isDeepStrictEqual(actual, expected), message, { expected, actual }),
    ok: (value, message) => this.#assert(Boolean(value), message, { expected: true, actual: value }),
    match: (actual, pattern, message) => this.#assert(pattern.test(actual), message, { expected: String(pattern), actual }),
  };
}
