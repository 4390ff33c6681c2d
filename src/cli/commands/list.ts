// kdrill list: the suites and their scenarios with metadata, as a table on
// stdout or as JSON with -o json.
import { exitCodes, type Command } from '../command.ts';
import { UsageError, type FlagValues } from '../flags.ts';
import { loadSuites, type LoadedSuite } from '../../runner/load-suites.ts';
import { selectScenarios } from '../../runner/select-scenarios.ts';
import { defaultSuitesDir } from './run.ts';

export type OutputFormat = 'text' | 'json';

/**
 * The output format from --output/-o. The flag parser knows long flags only,
 * so "-o json" arrives as two positionals and is taken out of them here.
 */
export function takeOutputFormat(flags: FlagValues, positionals: string[]): { format: OutputFormat; rest: string[] } {
  let value = flags.output as string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < positionals.length; i++) {
    const p = positionals[i]!;
    if (p === '-o') {
      value = positionals[++i];
      if (value === undefined) throw new UsageError('-o needs a value (json or text)');
    } else if (p.startsWith('-o=')) {
      value = p.slice(3);
    } else {
      rest.push(p);
    }
  }
  if (value !== undefined && value !== 'json' && value !== 'text') throw new UsageError(`-o must be json or text, not "${value}"`);
  return { format: value ?? 'text', rest };
}

export interface ListedScenario {
  suite: string;
  name: string;
  description: string;
  conformance: string;
  tags: string[];
  disruptive: boolean;
  timeoutMs: number;
}

export function listedScenarios(suites: LoadedSuite[]): ListedScenario[] {
  return suites.flatMap((suite) =>
    suite.scenarios.map((s) => ({
      suite: suite.name,
      name: s.name,
      description: s.description,
      conformance: s.conformance,
      tags: [...s.tags],
      disruptive: s.disruptive,
      timeoutMs: s.timeoutMs,
    })),
  );
}

function table(rows: ListedScenario[]): string {
  const header = ['SCENARIO', 'TAGS', 'DISRUPTIVE', 'TIMEOUT', 'CONFORMANCE'];
  const cells = rows.map((r) => [`${r.suite}/${r.name}`, r.tags.join(',') || '-', r.disruptive ? 'yes' : 'no', `${r.timeoutMs / 1000}s`, r.conformance]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]! + 2))).join('');
  return [line(header), ...cells.map(line)].join('\n');
}

export interface ListHarness {
  suitesDir: string;
  stdout: { write(text: string): unknown };
}

export function createListCommand(harness: ListHarness = { suitesDir: defaultSuitesDir, stdout: process.stdout }): Command {
  return {
    name: 'list',
    summary: 'List the suites and scenarios with their metadata',
    usage: 'kdrill list [--suites LIST] [--tags LIST] [-o json]',
    flags: {
      suites: { type: 'list', placeholder: 'LIST', description: 'Only these suites, comma-separated' },
      tags: { type: 'list', placeholder: 'LIST', description: 'Only scenarios with one of these tags' },
      output: { type: 'string', placeholder: 'json|text', description: 'Output format (also -o)', default: 'text' },
    },
    async run({ flags, positionals }) {
      const { format, rest } = takeOutputFormat(flags, positionals);
      if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
      let suites: LoadedSuite[];
      try {
        suites = await loadSuites(harness.suitesDir, flags.suites as string[] | undefined);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const rows = listedScenarios(selectScenarios(suites, { tags: (flags.tags as string[] | undefined) ?? [] }));
      harness.stdout.write(format === 'json' ? `${JSON.stringify({ scenarios: rows }, null, 2)}\n` : `${table(rows)}\n`);
      return exitCodes.ok;
    },
  };
}

export const listCommand = createListCommand();
