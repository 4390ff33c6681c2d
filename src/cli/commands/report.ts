// kdrill report compare A/report.json B/report.json: outcome changes and
// duration ratios between two runs; exit 1 when B regressed against A.
import { readFile } from 'node:fs/promises';
import { exitCodes, type Command } from '../command.ts';
import { UsageError } from '../flags.ts';
import { compareReports, renderComparison } from '../../report/compare.ts';
import { reportSchemaVersion, type RunReport } from '../../report/model.ts';
import { takeOutputFormat } from './list.ts';

async function readReport(path: string): Promise<RunReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as Error).message}`);
  }
  let report: RunReport;
  try {
    report = JSON.parse(text) as RunReport;
  } catch (err) {
    throw new UsageError(`${path} is not JSON (${(err as Error).message}); give the report.json of a run`);
  }
  if (report?.schemaVersion !== reportSchemaVersion) {
    throw new UsageError(`${path}: schemaVersion is ${JSON.stringify(report?.schemaVersion)}, expected ${reportSchemaVersion}; give the report.json of a run`);
  }
  return report;
}

export function createReportCommand(stdout: { write(text: string): unknown } = process.stdout): Command {
  return {
    name: 'report',
    summary: 'Work with run reports: compare two runs',
    usage: 'kdrill report compare BEFORE/report.json AFTER/report.json [-o json]',
    flags: {
      output: { type: 'string', placeholder: 'json|text', description: 'Output format (also -o)', default: 'text' },
    },
    async run({ flags, positionals }) {
      const { format, rest } = takeOutputFormat(flags, positionals);
      const [action, before, after, ...extra] = rest;
      if (action !== 'compare') throw new UsageError(action === undefined ? 'missing action: compare' : `unknown action "${action}" (expected compare)`);
      if (before === undefined || after === undefined) throw new UsageError('compare needs two report.json files: BEFORE AFTER');
      if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
      const comparison = compareReports(await readReport(before), await readReport(after));
      stdout.write(format === 'json' ? `${JSON.stringify(comparison, null, 2)}\n` : `${renderComparison(comparison)}\n`);
      return comparison.regressions > 0 ? exitCodes.failed : exitCodes.ok;
    },
  };
}

export const reportCommand = createReportCommand();
