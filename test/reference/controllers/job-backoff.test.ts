import t from 'tap';
import { podFailureBackoffLeftMs } from '../../../src/reference/controllers/job.ts';

t.test('the pod failure back-off doubles per failure since the last success, capped', async (t) => {
  const left = (failures: number, sinceFailureMs: number) => podFailureBackoffLeftMs({ failuresAfterLastSuccess: failures, lastFailureMs: 1_000_000 }, 1_000_000 + sinceFailureMs, 10_000, 600_000);
  t.equal(left(0, 0), 0, 'no failure, no wait');
  t.equal(left(1, 0), 10_000);
  t.equal(left(2, 0), 20_000);
  t.equal(left(3, 5_000), 35_000);
  t.equal(left(10, 0), 600_000, 'capped');
  t.equal(left(1, 12_000), 0, 'already waited out');
});
