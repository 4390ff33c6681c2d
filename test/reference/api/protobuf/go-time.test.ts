import t from 'tap';
import { formatMicroTime, formatTime } from '../../../../src/reference/api/protobuf/go-time.ts';

t.test('Time is RFC 3339 in UTC with whole seconds', async (t) => {
  t.equal(formatTime(1795660026), '2026-11-26T02:27:06Z');
  t.equal(formatTime(0), '1970-01-01T00:00:00Z');
});

t.test('MicroTime has six fractional digits, truncated from nanoseconds', async (t) => {
  t.equal(formatMicroTime(1795660026, 123456789), '2026-11-26T02:27:06.123456Z');
  t.equal(formatMicroTime(1795660026, 0), '2026-11-26T02:27:06.000000Z');
  t.equal(formatMicroTime(1795660026, 999), '2026-11-26T02:27:06.000000Z');
});
