// Live progress: plain lines when stderr is not a terminal or in CI, a bar
// and colour on a terminal, no colour with NO_COLOR.
import t from 'tap';
import { createProgress } from '../../src/cli/progress.ts';
import type { ScenarioResult } from '../../src/report/model.ts';

function result(name: string, status: ScenarioResult['status'], durationMs: number, reason?: string): ScenarioResult {
  return {
    name, suite: 'scheduling', description: '', conformance: '', tags: [], disruptive: false, status,
    startedAt: '2026-01-01T00:00:00.000Z', durationMs, steps: [], assertions: [], ...(reason ? { reason } : {}),
  };
}

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { output: { isTTY, write: (s: string) => chunks.push(s) }, text: () => chunks.join('') };
}

t.test('not a terminal: one plain line per finished scenario', async (t) => {
  const out = capture(false);
  const p = createProgress({ total: 3, output: out.output, env: {} });
  p.scenarioFinished(result('fits', 'pass', 1234));
  p.scenarioFinished(result('too-few-nodes', 'skip', 3, 'the cluster has 1 node; needs 2'));
  p.scenarioFinished(result('evicts', 'timeout', 61_000, 'waiting for eviction\nmore detail'));
  p.finish();
  t.equal(out.text(), [
    'PASS    scheduling/fits (1.2s)',
    'SKIP    scheduling/too-few-nodes (3ms) — the cluster has 1 node; needs 2',
    'TIMEOUT scheduling/evicts (1m1s) — waiting for eviction',
    '',
  ].join('\n'));
});

t.test('a terminal in CI gets plain lines too, with colour', async (t) => {
  const out = capture(true);
  const p = createProgress({ total: 1, output: out.output, env: { CI: 'true' } });
  p.scenarioFinished(result('fits', 'pass', 10));
  t.equal(out.text(), '\x1b[32mPASS   \x1b[0m scheduling/fits (10ms)\n');
});

t.test('a terminal outside CI gets a bar; NO_COLOR drops the colour', async (t) => {
  const out = capture(true);
  const p = createProgress({ total: 2, output: out.output, env: { NO_COLOR: '1' } });
  p.scenarioFinished(result('fails', 'fail', 10, 'expected 3 pods'));
  p.finish();
  const text = out.text();
  t.notMatch(text, /\x1b\[\d+m/, 'no colour codes');
  t.match(text, 'FAIL    scheduling/fails (10ms) — expected 3 pods\n');
  t.match(text, `[${'.'.repeat(30)}] 0/2`, 'the bar starts empty');
  t.match(text, `[${'#'.repeat(15)}${'.'.repeat(15)}] 1/2 · 1 failed`);
  t.ok(text.endsWith('\r\x1b[2K'), 'the bar is cleared at the end');
});
