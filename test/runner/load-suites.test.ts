// Loading suite folders and narrowing them with filters: no cluster needed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadSuites } from '../../src/runner/load-suites.ts';
import { selectScenarios } from '../../src/runner/select-scenarios.ts';

function scenarioSource(name: string, tags: string[]): string {
  return `{ name: ${JSON.stringify(name)}, description: 'd', conformance: 'c', tags: ${JSON.stringify(tags)}, timeoutMs: 1000, disruptive: false, run: async () => {} }`;
}

function suitesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-suites-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const good = suitesDir({
  'alpha/one.ts': `export const scenarios = [${scenarioSource('fits', ['fast'])}, ${scenarioSource('does not fit', ['slow'])}];\n`,
  'alpha/two.ts': `export default [${scenarioSource('taints', ['fast', 'taints'])}];\n`,
  'beta/only.ts': `export const scenarios = [${scenarioSource('fits', ['fast'])}];\n`,
});

t.test('loads every suite folder and every file in it', async (t) => {
  const suites = await loadSuites(good);
  t.same(suites.map((s) => [s.name, s.scenarios.map((x) => x.name)]), [['alpha', ['fits', 'does not fit', 'taints']], ['beta', ['fits']]]);
  t.same((await loadSuites(good, ['beta'])).map((s) => s.name), ['beta']);
  await t.rejects(loadSuites(good, ['gamma']), /no such suite.*gamma.*have: alpha, beta/);
});

t.test('a bad export or a duplicate name is an error naming the file', async (t) => {
  const noExport = suitesDir({ 's/empty.ts': 'export const other = 1;\n' });
  await t.rejects(loadSuites(noExport), /empty\.ts: exports no scenarios/);
  const notScenario = suitesDir({ 's/bad.ts': 'export const scenarios = [{ name: "x" }];\n' });
  await t.rejects(loadSuites(notScenario), /bad\.ts: scenarios\[0\] is not a Scenario/);
  const duplicate = suitesDir({
    's/a.ts': `export const scenarios = [${scenarioSource('same', [])}];\n`,
    's/b.ts': `export const scenarios = [${scenarioSource('same', [])}];\n`,
  });
  await t.rejects(loadSuites(duplicate), /b\.ts: duplicate scenario name "same" in suite s \(also in .*a\.ts\)/);
});

t.test('focus, skip and tags narrow the scenarios; emptied suites go', async (t) => {
  const suites = await loadSuites(good);
  const names = (f: Parameters<typeof selectScenarios>[1]) => selectScenarios(suites, f).map((s) => `${s.name}:${s.scenarios.map((x) => x.name).join(',')}`);
  t.same(names({ focus: /^alpha\// }), ['alpha:fits,does not fit,taints']);
  t.same(names({ focus: /fits/, skip: /^beta/ }), ['alpha:fits']);
  t.same(names({ tags: ['taints', 'slow'] }), ['alpha:does not fit,taints']);
  t.same(names({ tags: ['none'] }), []);
});
