import t from 'tap';
import { humanDuration, timeSince } from '../../../../src/reference/api/printing/human-duration.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

t.test('humanDuration words elapsed time as apimachinery does', async (t) => {
  const cases: [number, string][] = [
    [-2 * s, '<invalid>'],
    [-1 * s, '0s'],
    [-500, '0s'],
    [0, '0s'],
    [59 * s, '59s'],
    [119 * s + 999, '119s'],
    [2 * m, '2m'],
    [5 * m + 3 * s, '5m3s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 25 * m, '3h25m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h + 30 * m, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [2 * d + 3 * h, '2d3h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [3 * 365 * d + 12 * d, '3y12d'],
    [8 * 365 * d + 40 * d, '8y'],
  ];
  for (const [ms, text] of cases) t.equal(humanDuration(ms), text, `${ms}ms`);
});

t.test('timeSince reads RFC 3339 timestamps; none is <unknown>', async (t) => {
  const now = Date.parse('2026-01-02T03:04:05Z');
  t.equal(timeSince('2026-01-02T02:59:02Z', now), '5m3s');
  t.equal(timeSince('2025-12-31T00:04:05Z', now), '2d3h');
  t.equal(timeSince(undefined, now), '<unknown>');
  t.equal(timeSince('', now), '<unknown>');
});
