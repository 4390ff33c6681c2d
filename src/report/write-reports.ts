import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from './model.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderSummaryMarkdown } from './summary-markdown.ts';

/** Writes junit.xml, report.json, report.html and summary.md into dir, creating it if missing; returns their paths. */
export async function writeReports(report: RunReport, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    ['junit.xml', renderJunit(report)],
    ['report.json', renderJson(report)],
    ['report.html', renderHtml(report)],
    ['summary.md', renderSummaryMarkdown(report)],
  ];
  return Promise.all(
    files.map(async ([name, content]) => {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    }),
  );
}
