// kube-proxy's sync rate limit (BoundedFrequencyRunner with burst 2), on a
// clock the test moves: two syncs at once after a quiet spell, then one per
// min sync period; requests during a sync fold into one more; none overlap.
import t from 'tap';
import { SyncRunner, type RunnerClock } from '../../../../../src/reference/node/network/kube-proxy/sync-runner.ts';

class TestClock implements RunnerClock {
  time = 0;
  private timers: { at: number; fn: () => void }[] = [];
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { at: this.time + ms, fn };
    this.timers.push(timer);
    return timer;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x !== handle);
  }
  /** Moves time forward, firing due timers in order and letting the syncs they start settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const next = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.time = next.at;
      next.fn();
    }
    this.time = end;
    await settle();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function runner(clock: TestClock, syncMs = 0) {
  const runs: number[] = [];
  let active = 0;
  let overlapped = false;
  const r = new SyncRunner(async () => {
    active++;
    if (active > 1) overlapped = true;
    runs.push(clock.now());
    if (syncMs) await new Promise<void>((resolve) => clock.setTimeout(resolve, syncMs));
    active--;
  }, { minIntervalMs: 1000, burst: 2, clock });
  return { r, runs, overlapped: () => overlapped };
}

t.test('after a quiet spell two syncs run at once, the third waits for a token', async (t) => {
  const clock = new TestClock();
  const { r, runs } = runner(clock);
  r.request();
  await settle();
  r.request();
  await settle();
  r.request();
  await settle();
  t.same(runs, [0, 0], 'two at once (a Service, then its EndpointSlice)');
  await clock.advance(999);
  t.same(runs, [0, 0], 'not before a token is back');
  await clock.advance(1);
  t.same(runs, [0, 0, 1000], 'the third when one is');
});

t.test('a stream of changes is synced once per period, every change in the next sync', async (t) => {
  const clock = new TestClock();
  const { r, runs } = runner(clock);
  for (let ms = 0; ms < 5000; ms += 100) {
    r.request();
    await clock.advance(100);
  }
  await clock.advance(2000);
  t.same(runs, [0, 100, 1000, 2000, 3000, 4000, 5000], 'the burst, then one a second as tokens come back, the last with the last request');
});

t.test('requests during a sync make one more sync after it, never an overlapping one', async (t) => {
  const clock = new TestClock();
  const { r, runs, overlapped } = runner(clock, 300);
  r.request();
  await settle();
  for (let i = 0; i < 5; i++) r.request();
  await clock.advance(3000);
  t.same(runs, [0, 300], 'one more, at the end of the first');
  t.notOk(overlapped());
});

t.test('a quiet period refills the bucket up to the burst only', async (t) => {
  const clock = new TestClock();
  const { r, runs } = runner(clock);
  await clock.advance(10_000);
  for (let i = 0; i < 3; i++) {
    r.request();
    await settle();
  }
  await clock.advance(2000);
  t.same(runs, [10_000, 10_000, 11_000]);
});

t.test('stop cancels a waiting sync', async (t) => {
  const clock = new TestClock();
  const { r, runs } = runner(clock);
  for (let i = 0; i < 3; i++) {
    r.request();
    await settle();
  }
  await r.stop();
  await clock.advance(5000);
  r.request();
  await settle();
  t.same(runs, [0, 0]);
});

t.test('a min sync period of 0 never waits', async (t) => {
  const clock = new TestClock();
  const runs: number[] = [];
  const r = new SyncRunner(async () => void runs.push(clock.now()), { minIntervalMs: 0, burst: 2, clock });
  for (let i = 0; i < 4; i++) {
    r.request();
    await settle();
  }
  t.equal(runs.length, 4);
});
