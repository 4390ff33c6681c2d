// kdrill list: the repository's suites, as a table or JSON on stdout.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { createListCommand } from '../../src/cli/commands/list.ts';
import { defaultSuitesDir } from '../../src/cli/commands/run.ts';
import { parseFlags, UsageError } from '../../src/cli/flags.ts';
import { repoRoot } from '../helpers/control-plane.ts';

async function list(...args: string[]) {
  const out: string[] = [];
  const command = createListCommand({ suitesDir: defaultSuitesDir, stdout: { write: (s: string) => out.push(s) } });
  const code = await command.run(parseFlags(args, command.flags));
  return { code, stdout: out.join('') };
}

interface Listed {
  suite: string;
  name: string;
  description: string;
  conformance: string;
  tags: string[];
  disruptive: boolean;
  timeoutMs: number;
}

t.test('-o json lists every scenario with its metadata', async (t) => {
  const r = await list('-o', 'json');
  t.equal(r.code, 0);
  const { scenarios } = JSON.parse(r.stdout) as { scenarios: Listed[] };
  t.ok(scenarios.length >= 12, 'the scheduling suite has at least 12 scenarios');
  for (const s of scenarios) {
    t.equal(s.suite, 'scheduling');
    t.ok(s.name && s.description && s.conformance, `${s.name} has a description and a conformance name`);
    t.equal(typeof s.disruptive, 'boolean');
    t.ok(s.timeoutMs > 0);
    t.ok(Array.isArray(s.tags));
  }
});

t.test('--tags narrows; the table has a header and one row per scenario', async (t) => {
  const json = JSON.parse((await list('--tags', 'taints', '--output=json')).stdout) as { scenarios: Listed[] };
  t.ok(json.scenarios.length > 0);
  t.ok(json.scenarios.every((s) => s.tags.includes('taints')));
  const table = await list('--suites', 'scheduling', '--tags', 'taints');
  t.equal(table.code, 0);
  const lines = table.stdout.trimEnd().split('\n');
  t.match(lines[0], /^SCENARIO\s+TAGS\s+DISRUPTIVE\s+TIMEOUT\s+CONFORMANCE$/);
  t.equal(lines.length, json.scenarios.length + 1);
  t.match(lines[1], /^scheduling\/\S+\s+\S*taints\S*\s+(yes|no)\s+\d+s\s+\S/);
});

t.test('usage errors', async (t) => {
  await t.rejects(list('--suites', 'nosuch'), { name: 'UsageError', message: /no such suite .*: nosuch \(have: .*scheduling/ });
  await t.rejects(list('-o', 'yaml'), UsageError);
  await t.rejects(list('extra'), UsageError);
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'kdrill.js'), 'list', '--suites', 'nosuch'], { encoding: 'utf8' });
  t.equal(r.status, 2, 'kdrill exits 2');
  t.equal(r.stdout, '');
});
