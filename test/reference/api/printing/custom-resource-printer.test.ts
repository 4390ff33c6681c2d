import t from 'tap';
import { customResourcePrinter, typedCell } from '../../../../src/reference/api/printing/custom-resource-printer.ts';
import { printerFor } from '../../../../src/reference/api/printing/printers.ts';
import { resourceTypes, type ResourceType } from '../../../../src/reference/api/resources.ts';

const now = Date.parse('2026-01-01T12:00:00Z');

const widget: ResourceType = {
  ...resourceTypes[0]!,
  group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', singular: 'widget', namespaced: true,
  printerColumns: [
    { name: 'Size', type: 'integer', jsonPath: '.spec.size', priority: 0, description: 'how big' },
    { name: 'Color', type: 'string', jsonPath: '.spec.color', priority: 0 },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status', priority: 0 },
    { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio', priority: 1 },
    { name: 'Enabled', type: 'boolean', jsonPath: '.spec.enabled', priority: 1 },
    { name: 'Started', type: 'date', jsonPath: '.status.startedAt', priority: 0 },
    { name: 'Spec', type: 'string', jsonPath: '.spec.nested', priority: 1 },
  ],
};

t.test('NAME, then the additionalPrinterColumns, typed', async (t) => {
  const p = printerFor(widget);
  t.same(p.columns.map((c) => [c.name, c.type, c.priority, c.format]), [
    ['Name', 'string', 0, 'name'], ['Size', 'integer', 0, ''], ['Color', 'string', 0, ''], ['Ready', 'string', 0, ''],
    ['Ratio', 'number', 1, ''], ['Enabled', 'boolean', 1, ''], ['Started', 'date', 0, ''], ['Spec', 'string', 1, ''],
  ]);
  t.equal(p.columns[1]!.description, 'how big');
  const obj = {
    metadata: { name: 'w1' },
    spec: { size: 3, color: 'red', ratio: 0.5, enabled: true, nested: { a: 1 } },
    status: { conditions: [{ type: 'Ready', status: 'True' }], startedAt: '2026-01-01T11:55:00Z' },
  };
  t.same(p.row(obj, now).cells, ['w1', 3, 'red', 'True', 0.5, true, '5m', '{"a":1}']);
  t.same(p.row({ metadata: { name: 'empty' } }, now).cells, ['empty', null, null, null, null, null, null, null], 'missing values are null cells (kubectl: <none>)');
  t.same(p.row({ metadata: { name: 'odd' }, spec: { size: 'big', color: 7 } }, now).cells.slice(1, 3), [null, '7'], 'a value not of an integer column\'s type is null; string columns print any value');
  t.equal(printerFor(widget), p, 'one printer per version\'s columns');
});

t.test('no additionalPrinterColumns: NAME and AGE', async (t) => {
  const p = customResourcePrinter([]);
  t.same(p.columns.map((c) => [c.name, c.type]), [['Name', 'string'], ['Age', 'date']]);
  t.same(p.row({ metadata: { name: 'g', creationTimestamp: '2026-01-01T10:00:00Z' } }, now).cells, ['g', '120m']);
});

t.test('typed cells as the CRD table convertor makes them', async (t) => {
  t.equal(typedCell('integer', 2.7, now), 2);
  t.equal(typedCell('number', 2, now), 2);
  t.equal(typedCell('boolean', 'true', now), null);
  t.equal(typedCell('date', 'yesterday', now), '<invalid>');
  t.equal(typedCell('date', '2025-12-30T12:00:00Z', now), '2d');
  t.equal(typedCell('string', null, now), null);
});
