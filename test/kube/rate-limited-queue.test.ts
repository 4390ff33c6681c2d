// The rate-limited work queue: keys queued once, one worker per key at a time
// (a key re-added while processed runs again after), back-off on failure,
// forgotten failures on success, addAfter, and stop().
import t from 'tap';
import { ApiRequestError } from '../../src/kube/api-client.ts';
import { createWorkQueue } from '../../src/kube/rate-limited-queue.ts';

/** A promise and the function that resolves it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Resolves the n-th time the returned function is called. */
function countdown(n: number): { promise: Promise<void>; tick: () => void } {
  const g = gate();
  let left = n;
  return { promise: g.promise, tick: () => void (--left === 0 && g.open()) };
}

t.test('a key added many times before a worker takes it is processed once', async (t) => {
  const q = createWorkQueue();
  t.teardown(() => q.stop());
  q.add('a');
  q.add('b');
  q.add('a');
  q.add('a');
  t.equal(q.length(), 2);
  const seen: string[] = [];
  const both = countdown(2);
  q.run(2, async (key) => {
    seen.push(key);
    both.tick();
  });
  await both.promise;
  await q.stop();
  t.same(seen, ['a', 'b'], 'in the order first added');
  t.equal(q.length(), 0);
});

t.test('a key being processed is not handed to another worker, and runs again if re-added', async (t) => {
  const q = createWorkQueue();
  t.teardown(() => q.stop());
  const firstStarted = gate();
  const release = gate();
  const otherDone = gate();
  const secondRun = gate();
  let running = 0;
  let maxRunning = 0;
  let runs = 0;
  q.run(4, async (key) => {
    if (key === 'other') return otherDone.open();
    running++;
    maxRunning = Math.max(maxRunning, running);
    runs++;
    if (runs === 1) {
      firstStarted.open();
      await release.promise;
    } else {
      secondRun.open();
    }
    running--;
  });
  q.add('k');
  await firstStarted.promise;
  q.add('k');
  q.add('k');
  t.equal(q.length(), 1, 'one key, in flight and queued again');
  q.add('other');
  await otherDone.promise;
  t.equal(runs, 1, 'idle workers took another key, not k');
  release.open();
  await secondRun.promise;
  await q.stop();
  t.equal(runs, 2, 'k ran once more after its first run, for all the adds meanwhile');
  t.equal(maxRunning, 1, 'k never ran twice at once');
});

t.test('a throwing handler retries with doubling back-off up to the cap', async (t) => {
  const logs: string[] = [];
  const q = createWorkQueue({ baseDelayMs: 1, maxDelayMs: 4, log: (m) => logs.push(m) });
  t.teardown(() => q.stop());
  let failuresLeft = 4;
  const succeeded = gate();
  q.run(1, async (key) => {
    if (failuresLeft-- > 0) throw new Error(`${key} is not ready`);
    succeeded.open();
  });
  q.add('flaky');
  await succeeded.promise;
  t.same(
    logs.map((m) => /retrying in (\d+) ms/.exec(m)?.[1]),
    ['1', '2', '4', '4'],
    'delays double up to the cap',
  );
  t.match(logs[0], /^work queue: flaky: flaky is not ready/);
});

t.test('success forgets the failures of a key', async (t) => {
  const logs: string[] = [];
  const q = createWorkQueue({ baseDelayMs: 1, log: (m) => logs.push(m) });
  t.teardown(() => q.stop());
  let attempts = 0;
  const done = gate();
  q.run(1, async (key) => {
    attempts++;
    if (attempts === 1 || attempts === 3) throw new Error('fails');
    // Re-added while processed: runs again once this success is recorded.
    if (attempts === 2) q.add(key);
    if (attempts === 4) done.open();
  });
  q.add('k');
  await done.promise;
  t.same(logs.map((m) => /retrying in (\d+) ms/.exec(m)?.[1]), ['1', '1'], 'the failure after a success starts again at the base delay');
});

t.test('addAfter adds the key once the delay passed; stop() cancels pending ones', async (t) => {
  const q = createWorkQueue();
  const seen: string[] = [];
  const soon = gate();
  q.run(1, async (key) => {
    seen.push(key);
    if (key === 'soon') soon.open();
  });
  q.addAfter('later', 60 * 60 * 1000);
  q.addAfter('soon', 1);
  q.addAfter('now', 0);
  await soon.promise;
  await q.stop();
  t.same(seen, ['now', 'soon']);
  q.add('after-stop');
  t.equal(q.length(), 0, 'a stopped queue takes no keys');
});

t.test('stop() waits for running handlers', async (t) => {
  const q = createWorkQueue();
  const started = gate();
  const release = gate();
  let finished = false;
  q.run(2, async () => {
    started.open();
    await release.promise;
    finished = true;
  });
  q.add('slow');
  await started.promise;
  let stopped = false;
  const stopping = q.stop().then(() => (stopped = true));
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(stopped, false, 'still waiting for the handler');
  release.open();
  await stopping;
  t.equal(finished, true);
});

t.test('a conflict (409) is retried without being logged; other failures are logged', async (t) => {
  const logs: string[] = [];
  const q = createWorkQueue({ baseDelayMs: 1, log: (m) => logs.push(m) });
  t.teardown(() => q.stop());
  const failures = [new ApiRequestError(409, 'Conflict', 'the object has been modified'), new Error('the server is down')];
  const third = gate();
  let calls = 0;
  q.run(1, async () => {
    calls++;
    const failure = failures.shift();
    if (failure) throw failure;
    third.open();
  });
  q.add('a');
  await third.promise;
  t.equal(calls, 3, 'retried after each failure');
  t.equal(logs.length, 1);
  t.match(logs[0], /the server is down/);
});
