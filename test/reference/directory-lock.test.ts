// The lock between processes: one holder at a time, released when the work
// ends (even when it throws), and the caller's message once it waits too long.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { withDirectoryLock } from '../../src/reference/directory-lock.ts';

const options = { retryMs: 5, timeoutMs: 5000, timeoutMessage: 'held too long' };

t.test('holders take turns; the lock goes with the work, also when it throws', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-lock-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const lock = join(dir, 'lock');
  const events: string[] = [];
  const holder = (name: string) => withDirectoryLock(lock, options, async () => {
    events.push(`${name} in`);
    await sleep(30);
    events.push(`${name} out`);
  });
  await Promise.all([holder('a'), holder('b')]);
  t.same(events.slice(0, 2), [events[0], events[0]!.replace('in', 'out')], 'the second enters only after the first left');
  await t.rejects(withDirectoryLock(lock, options, async () => { throw new Error('boom'); }), /boom/);
  t.notOk(existsSync(lock), 'released after a failure');
});

t.test('a lock that stays taken ends in the caller\'s message', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-lock-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'lock'));
  await t.rejects(withDirectoryLock(join(dir, 'lock'), { ...options, timeoutMs: 20 }, async () => 'never'), { message: 'held too long' });
  t.ok(existsSync(join(dir, 'lock')), 'someone else\'s lock is left alone');
});
