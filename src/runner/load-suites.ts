// Finds the suites (folders under the suites directory) and imports every
// .ts file in each, collecting the scenarios the files export.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scenario } from './scenario.ts';

export interface LoadedSuite {
  name: string;
  dir: string;
  scenarios: Scenario[];
}

function isScenario(value: unknown): value is Scenario {
  const s = value as Partial<Scenario> | null;
  return typeof s === 'object' && s !== null && typeof s.name === 'string' && s.name !== '' && typeof s.run === 'function'
    && typeof s.timeoutMs === 'number' && Array.isArray(s.tags) && typeof s.disruptive === 'boolean';
}

async function scenariosOf(file: string): Promise<Scenario[]> {
  const module = (await import(pathToFileURL(file).href)) as { scenarios?: unknown; default?: unknown };
  const exported = module.scenarios ?? module.default;
  if (!Array.isArray(exported)) throw new Error(`${file}: exports no scenarios (expected \`export const scenarios: Scenario[]\` or a default array)`);
  exported.forEach((s, i) => {
    if (!isScenario(s)) throw new Error(`${file}: scenarios[${i}] is not a Scenario (needs name, run, timeoutMs, tags, disruptive)`);
  });
  return exported as Scenario[];
}

/** Loads the named suites (all of them when names is absent or empty), in name order. */
export async function loadSuites(suitesDir: string, names?: string[]): Promise<LoadedSuite[]> {
  const root = resolve(suitesDir);
  const folders = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const wanted = names !== undefined && names.length > 0 ? names : folders;
  const unknown = wanted.filter((n) => !folders.includes(n));
  if (unknown.length > 0) throw new Error(`no such suite in ${root}: ${unknown.join(', ')} (have: ${folders.join(', ') || 'none'})`);
  const suites: LoadedSuite[] = [];
  for (const name of wanted) {
    const dir = join(root, name);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
    const seenIn = new Map<string, string>();
    const scenarios: Scenario[] = [];
    for (const f of files) {
      const file = join(dir, f);
      for (const s of await scenariosOf(file)) {
        const earlier = seenIn.get(s.name);
        if (earlier !== undefined) throw new Error(`${file}: duplicate scenario name "${s.name}" in suite ${name} (also in ${earlier})`);
        seenIn.set(s.name, file);
        scenarios.push(s);
      }
    }
    suites.push({ name, dir, scenarios });
  }
  return suites;
}
