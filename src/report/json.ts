import { fileURLToPath } from 'node:url';
import type { RunReport } from './model.ts';

/** Where the JSON Schema describing report.json lives. */
export const reportSchemaPath = fileURLToPath(new URL('./report.schema.json', import.meta.url));

export function renderJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
