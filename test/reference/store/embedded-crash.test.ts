// A writer process is SIGKILLed mid-stream: every write it saw acknowledged
// must be in the store when it is opened again.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { openEmbeddedStore } from '../../../src/reference/store/embedded/embedded-store.ts';
import { crashKey, crashValue } from './fixtures/crash-keys.ts';
import { startAckedWriter } from './fixtures/acked-writer-process.ts';

t.test('every acknowledged write survives a crash of the writer', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'kdrill-crash-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const writer = startAckedWriter(t, ['embedded', dataDir, '8']);
  await writer.untilAcked(300);
  await writer.kill();

  const store = await openEmbeddedStore({ dataDir });
  t.teardown(() => store.close());
  const stored = new Map((await store.list('crash/')).items.map((kv) => [kv.key, kv.value]));
  const lost = writer.acked.filter((n) => stored.get(crashKey(n)) !== crashValue(n));
  t.same(lost, [], `all ${writer.acked.length} acknowledged writes are there`);
  t.equal(await store.revision(), stored.size, 'one revision per stored write, none half-applied');
  await t.resolves(store.create('crash/after', 'x'), 'the store takes writes again');
});
