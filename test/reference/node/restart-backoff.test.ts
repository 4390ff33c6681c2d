import t from 'tap';
import { goDuration } from '../../../src/reference/node/pod-worker.ts';
import { RestartBackoff } from '../../../src/reference/node/restart-backoff.ts';

t.test('crash-loop back-off: immediate first restart, then 10 s doubling to 5 min', async (t) => {
  const b = new RestartBackoff();
  let now = 1_000_000;
  t.notOk(b.isInBackOffSince('k', now, now), 'no back-off before the first restart');
  b.next('k', now, now);
  t.equal(b.get('k'), 10_000);
  const seen: number[] = [];
  for (let i = 0; i < 8; i++) {
    const exit = now + 1000;
    t.ok(b.isInBackOffSince('k', exit, exit + 1), 'an exit right after a restart waits');
    now = b.readyAt('k', exit);
    t.notOk(b.isInBackOffSince('k', exit, now), 'the wait ends');
    seen.push(b.get('k'));
    b.next('k', exit, now);
  }
  t.same(seen, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  const muchLater = now + 11 * 60_000;
  t.notOk(b.isInBackOffSince('k', muchLater, muchLater), 'stable for twice the maximum: starts over');
  b.next('k', muchLater, muchLater);
  t.equal(b.get('k'), 10_000);
  b.forget('k');
  t.equal(b.get('k'), 0);
});

t.test('image pull back-off counts from the last attempt', async (t) => {
  const b = new RestartBackoff(1000, 4000);
  b.next('img', 0, 0);
  t.ok(b.isInBackOffSinceUpdate('img', 999));
  t.notOk(b.isInBackOffSinceUpdate('img', 1000));
  t.equal(b.readyAtSinceUpdate('img'), 1000);
});

t.test('durations as Go prints them', async (t) => {
  t.equal(goDuration(10_000), '10s');
  t.equal(goDuration(80_000), '1m20s');
  t.equal(goDuration(300_000), '5m0s');
});
