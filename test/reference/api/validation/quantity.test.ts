import t from 'tap';
import { compareQuantities, formatQuantity, parseQuantity } from '../../../../src/reference/api/validation/quantity.ts';

t.test('quantities print in canonical form', async (t) => {
  const cases: [unknown, string][] = [
    ['1.5', '1500m'], ['100m', '100m'], ['1000', '1k'], ['1Gi', '1Gi'], ['1.5Gi', '1536Mi'], ['0.5Gi', '512Mi'],
    ['2e3', '2e3'], ['1E5', '100e3'], ['0', '0'], ['-1', '-1'], [2, '2'], [0.25, '250m'], ['1024', '1024'], ['5G', '5G'],
  ];
  for (const [input, expected] of cases) t.equal(formatQuantity(parseQuantity(input)!), expected, String(input));
});

t.test('malformed quantities do not parse', async (t) => {
  for (const bad of ['abc', '1Kb', '', '.', '1..5', true]) t.equal(parseQuantity(bad), undefined, String(bad));
});

t.test('quantities compare exactly across suffixes', async (t) => {
  t.equal(compareQuantities(parseQuantity('1')!, parseQuantity('1000m')!), 0);
  t.equal(compareQuantities(parseQuantity('1Gi')!, parseQuantity('1G')!), 1);
  t.equal(compareQuantities(parseQuantity('100m')!, parseQuantity('0.2')!), -1);
});
