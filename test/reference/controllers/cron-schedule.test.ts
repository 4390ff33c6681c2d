import t from 'tap';
import { isKnownTimeZone, nextActivation, parseCronSchedule, rfc3339In } from '../../../src/reference/controllers/cron-schedule.ts';

const next = (spec: string, after: string, zone = 'UTC') => {
  const at = nextActivation(parseCronSchedule(spec), Date.parse(after), zone);
  return at === undefined ? undefined : new Date(at).toISOString();
};

t.test('fields: values, ranges, steps, lists, names and descriptors', async (t) => {
  t.equal(next('* * * * *', '2026-03-01T10:15:30Z'), '2026-03-01T10:16:00.000Z');
  t.equal(next('*/15 * * * *', '2026-03-01T10:15:00Z'), '2026-03-01T10:30:00.000Z', 'strictly after');
  t.equal(next('5-10/2 * * * *', '2026-03-01T10:07:00Z'), '2026-03-01T10:09:00.000Z');
  t.equal(next('5/20 * * * *', '2026-03-01T10:30:00Z'), '2026-03-01T10:45:00.000Z', 'N/step runs to the end of the field');
  t.equal(next('0 9,17 * * *', '2026-03-01T10:00:00Z'), '2026-03-01T17:00:00.000Z');
  t.equal(next('0 0 * FEB MON', '2026-01-10T00:00:00Z'), '2026-02-02T00:00:00.000Z', 'names; day of week with a star day of month');
  t.equal(next('0 0 13 * FRI', '2026-03-01T00:00:00Z'), '2026-03-06T00:00:00.000Z', 'day of month OR day of week when both are set');
  t.equal(next('0 0 31 2 *', '2026-01-01T00:00:00Z'), undefined, 'February 31st never comes');
  t.equal(next('@hourly', '2026-03-01T10:15:00Z'), '2026-03-01T11:00:00.000Z');
  t.equal(next('@daily', '2026-03-01T10:15:00Z'), '2026-03-02T00:00:00.000Z');
  t.equal(next('@weekly', '2026-03-04T10:15:00Z'), '2026-03-08T00:00:00.000Z');
  t.equal(next('@monthly', '2026-03-04T10:15:00Z'), '2026-04-01T00:00:00.000Z');
  t.equal(next('@yearly', '2026-03-04T10:15:00Z'), '2027-01-01T00:00:00.000Z');
  t.equal(next('0 0 29 2 *', '2026-03-01T00:00:00Z'), '2028-02-29T00:00:00.000Z', 'leap days');
});

t.test('time zones: the schedule is read on the zone\'s wall clock, across DST', async (t) => {
  t.equal(next('0 9 * * *', '2026-03-01T00:00:00Z', 'Asia/Kolkata'), '2026-03-01T03:30:00.000Z');
  t.equal(next('0 9 * * *', '2026-03-07T15:00:00Z', 'America/New_York'), '2026-03-08T13:00:00.000Z', 'EDT starts on March 8th 2026');
  t.equal(next('0 9 * * *', '2026-03-06T15:00:00Z', 'America/New_York'), '2026-03-07T14:00:00.000Z', 'EST the day before');
  t.equal(rfc3339In(Date.parse('2026-03-01T03:30:00Z'), 'Asia/Kolkata'), '2026-03-01T09:00:00+05:30');
  t.equal(rfc3339In(Date.parse('2026-03-01T03:30:00Z'), 'UTC'), '2026-03-01T03:30:00Z');
  t.equal(rfc3339In(Date.parse('2026-03-01T03:30:00Z'), 'America/New_York'), '2026-02-28T22:30:00-05:00');
  t.ok(isKnownTimeZone('Europe/Paris'));
  t.notOk(isKnownTimeZone('Mars/Olympus'));
});

t.test('errors carry the cron parser\'s messages', async (t) => {
  t.throws(() => parseCronSchedule('* * * *'), { message: 'expected exactly 5 fields, found 4: [* * * *]' });
  t.throws(() => parseCronSchedule('61 * * * *'), { message: 'end of range (61) above maximum (59): 61' });
  t.throws(() => parseCronSchedule('* * * * 7'), { message: 'end of range (7) above maximum (6): 7' });
  t.throws(() => parseCronSchedule('5-2 * * * *'), { message: 'beginning of range (5) beyond end of range (2): 5-2' });
  t.throws(() => parseCronSchedule('*/0 * * * *'), { message: 'step of range should be a positive number: */0' });
  t.throws(() => parseCronSchedule('x * * * *'), { message: 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax' });
  t.throws(() => parseCronSchedule('@fortnightly'), { message: 'unrecognized descriptor: @fortnightly' });
});
