import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import t from 'tap';
import { renderJson, reportSchemaPath } from '../../src/report/json.ts';
import { sampleReport } from './fixtures/sample-report.ts';

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value)));
  return ajv.compile(JSON.parse(readFileSync(reportSchemaPath, 'utf8')));
}

t.test('a rendered report validates against report.schema.json', async (t) => {
  const validate = validator();
  const rendered = JSON.parse(renderJson(sampleReport()));
  t.ok(validate(rendered), JSON.stringify(validate.errors, null, 2));
  t.same(rendered, sampleReport(), 'report.json is the model itself');
});

t.test('the schema rejects what the model does not allow', async (t) => {
  const validate = validator();
  const wrongStatus = sampleReport();
  (wrongStatus.suites[0]!.scenarios[0] as { status: string }).status = 'passed';
  t.notOk(validate(JSON.parse(renderJson(wrongStatus))), 'unknown status');
  const noVersion: Record<string, unknown> = { ...sampleReport() };
  delete noVersion.schemaVersion;
  t.notOk(validate(noVersion), 'missing schemaVersion');
  const badTime = sampleReport();
  badTime.startedAt = 'yesterday';
  t.notOk(validate(JSON.parse(renderJson(badTime))), 'startedAt not a date-time');
});
