import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createTerminationMessageFile, terminationMessage } from '../../../src/reference/node/termination-message.ts';

t.test('termination messages from the file, or the log’s tail with FallbackToLogsOnError', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kdrill-termination-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = await createTerminationMessageFile(dir, 'c');
  t.match(file, new RegExp(`^${dir}/containers/c/[0-9a-f]{8}$`));
  const log = join(dir, '0.log');
  await writeFile(log, ['2026-01-01T00:00:00.000000000Z stdout F first', '2026-01-01T00:00:00.000000001Z stderr P par', '2026-01-01T00:00:00.000000002Z stderr F tial', ''].join('\n'));
  t.equal(await terminationMessage({ name: 'c' }, file, log, 1), '', 'nothing written, policy File: no message');
  t.equal(await terminationMessage({ name: 'c', terminationMessagePolicy: 'FallbackToLogsOnError' }, file, log, 1), 'first\npartial', 'the log instead, partial lines joined');
  t.equal(await terminationMessage({ name: 'c', terminationMessagePolicy: 'FallbackToLogsOnError' }, file, log, 0), '', 'not on success');
  await writeFile(file, 'x'.repeat(5000));
  t.equal((await terminationMessage({ name: 'c', terminationMessagePolicy: 'FallbackToLogsOnError' }, file, log, 1)).length, 4096, 'the file wins, cut at 4096 bytes');
});
