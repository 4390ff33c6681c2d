// Live progress of a run on stderr: one line per scenario as it finishes, and
// on an interactive terminal (not CI) a progress bar kept on the last line.
// Colour only on a terminal, and never when NO_COLOR is set (no-color.org) or TERM=dumb.
import { formatDuration } from '../report/format.ts';
import type { ScenarioResult, ScenarioStatus } from '../report/model.ts';

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  total: number;
  output?: ProgressOutput;
  env?: NodeJS.ProcessEnv;
}

export interface Progress {
  scenarioFinished(result: ScenarioResult): void;
  /** Clears the bar; lines already written stay. */
  finish(): void;
}

const labels: Record<ScenarioStatus, string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP', timeout: 'TIMEOUT', error: 'ERROR' };
const colours: Record<ScenarioStatus, string> = { pass: '32', fail: '31', skip: '33', timeout: '31', error: '35' };
const barWidth = 30;

export function useColour(output: ProgressOutput, env: NodeJS.ProcessEnv): boolean {
  return Boolean(output.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
}

export function scenarioLine(r: ScenarioResult, colour: boolean): string {
  const label = labels[r.status].padEnd(7);
  const status = colour ? `\x1b[${colours[r.status]}m${label}\x1b[0m` : label;
  const reason = r.status !== 'pass' && r.reason ? ` — ${r.reason.split('\n')[0]}` : '';
  return `${status} ${r.suite}/${r.name} (${formatDuration(r.durationMs)})${reason}`;
}

export function createProgress(options: ProgressOptions): Progress {
  const output = options.output ?? process.stderr;
  const env = options.env ?? process.env;
  const colour = useColour(output, env);
  const bar = Boolean(output.isTTY) && !env.CI && env.TERM !== 'dumb';
  let done = 0;
  let notPassed = 0;

  function barLine(): string {
    const filled = options.total ? Math.round((done / options.total) * barWidth) : barWidth;
    const failed = notPassed ? ` · ${notPassed} failed` : '';
    const text = `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${done}/${options.total}${failed}`;
    return colour && notPassed ? `\x1b[31m${text}\x1b[0m` : text;
  }

  if (bar) output.write(barLine());
  return {
    scenarioFinished(result) {
      done++;
      if (result.status === 'fail' || result.status === 'timeout' || result.status === 'error') notPassed++;
      const line = scenarioLine(result, colour);
      output.write(bar ? `\r\x1b[2K${line}\n${barLine()}` : `${line}\n`);
    },
    finish() {
      if (bar) output.write('\r\x1b[2K');
    },
  };
}
