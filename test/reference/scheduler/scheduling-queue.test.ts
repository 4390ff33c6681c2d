import t from 'tap';
import { backoffDuration, defaultQueueTimings, SchedulingQueue } from '../../../src/reference/scheduler/scheduling-queue.ts';
import { makePod } from './fixtures/objects.ts';

const quick = { initialBackoffMs: 1, maxBackoffMs: 1, maxUnschedulableMs: 60_000 };

t.test('back-off is 1 s doubling per attempt up to 10 s', async (t) => {
  t.same([1, 2, 3, 4, 5, 6].map((n) => backoffDuration(n, defaultQueueTimings)), [1000, 2000, 4000, 8000, 10_000, 10_000]);
});

t.test('higher priority first, then arrival order', async (t) => {
  const queue = new SchedulingQueue(quick);
  t.teardown(() => queue.close());
  queue.add(makePod('low-1'));
  queue.add(makePod('high', { spec: { priority: 1000 } }));
  queue.add(makePod('low-2'));
  queue.add(makePod('low-1'));
  const order: string[] = [];
  for (let i = 0; i < 3; i++) order.push((await queue.pop())!.pod.metadata!.name!);
  t.same(order, ['high', 'low-1', 'low-2']);
  t.same(queue.sizes(), { active: 0, backoff: 0, unschedulable: 0 });
});

t.test('unschedulable pods wait for a cluster change, then retry after back-off', async (t) => {
  const queue = new SchedulingQueue(quick);
  t.teardown(() => queue.close());
  queue.add(makePod('p'));
  const item = (await queue.pop())!;
  t.equal(item.attempts, 1);
  queue.addUnschedulable(item);
  t.same(queue.sizes(), { active: 0, backoff: 0, unschedulable: 1 });
  queue.moveAllToActiveOrBackoff();
  const again = (await queue.pop())!;
  t.equal(again.key, 'default/p');
  t.equal(again.attempts, 2);
});

t.test('a change during an attempt sends its failure to back-off, not to unschedulable', async (t) => {
  const queue = new SchedulingQueue(quick);
  t.teardown(() => queue.close());
  queue.add(makePod('p'));
  const item = (await queue.pop())!;
  queue.moveAllToActiveOrBackoff();
  queue.addUnschedulable(item);
  t.equal(queue.sizes().unschedulable, 0);
  t.equal((await queue.pop())!.key, 'default/p');
});

t.test('a deleted pod leaves every sub-queue; close() ends pop()', async (t) => {
  const queue = new SchedulingQueue(quick);
  queue.add(makePod('p'));
  const item = (await queue.pop())!;
  queue.addUnschedulable(item);
  queue.delete('default/p');
  t.same(queue.sizes(), { active: 0, backoff: 0, unschedulable: 0 });
  const pending = queue.pop();
  queue.close();
  t.equal(await pending, undefined);
});
