// The embedded store's own duties: group commit, durability across reopen,
// repair of a torn final record, log rewriting, and its data dir lock.
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { DataDirLockedError } from '../../../src/reference/store/embedded/data-dir-lock.ts';
import {
  logFileName,
  openEmbeddedStore,
  type EmbeddedStore,
  type EmbeddedStoreOptions,
} from '../../../src/reference/store/embedded/embedded-store.ts';
import { LogCorruptedError } from '../../../src/reference/store/embedded/log-corrupted-error.ts';
import type { KeyValue } from '../../../src/reference/store/store.ts';
import { WatchRecorder } from './fixtures/watch-recorder.ts';

async function tempDataDir(t: Test): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kdrill-embedded-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  return dataDir;
}

/** Open a store that the test closes at the end unless it was closed before. */
async function open(t: Test, options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const store = await openEmbeddedStore(options);
  t.teardown(() => store.close());
  return store;
}

async function writeKeys(store: EmbeddedStore, count: number): Promise<KeyValue[]> {
  const written = [];
  for (let i = 0; i < count; i++) written.push(await store.create(`/k/${i}`, `value ${i}`));
  return written;
}

t.test('concurrent writes share one flush', async (t) => {
  const dataDir = await tempDataDir(t);
  const store = await open(t, { dataDir });
  const before = store.stats().logFlushes;
  await Promise.all(Array.from({ length: 10 }, (_, i) => store.create(`/k/${i}`, `${i}`)));
  const flushes = store.stats().logFlushes - before;
  t.ok(flushes <= 2, `ten concurrent writes took ${flushes} flushes`);
  await store.close();
  const reopened = await open(t, { dataDir });
  t.equal((await reopened.list('/k/')).items.length, 10);
});

t.test('a write becomes visible only once it is durable', async (t) => {
  const store = await open(t, { dataDir: await tempDataDir(t) });
  const pending = store.create('/k/a', '1');
  t.equal(await store.get('/k/a'), undefined, 'not visible while its flush is under way');
  t.equal(await store.revision(), 0);
  const written = await pending;
  t.same(await store.get('/k/a'), written);
  t.equal(await store.revision(), written.modRevision);
});

t.test('a reopened store has the same history', async (t) => {
  const dataDir = await tempDataDir(t);
  const store = await open(t, { dataDir });
  const [a, b] = await writeKeys(store, 3);
  const a2 = await store.update(a!.key, 'a2', a!.modRevision);
  await store.delete(b!.key);
  await store.compact(a2.modRevision);
  await store.create('/k/late', 'after the compaction');
  const before = {
    revision: await store.revision(),
    compacted: await store.compactedRevision(),
    latest: await store.list('/k/'),
    atCompaction: await store.list('/k/', { revision: a2.modRevision }),
  };
  await store.close();

  const reopened = await open(t, { dataDir });
  t.equal(await reopened.revision(), before.revision);
  t.equal(await reopened.compactedRevision(), before.compacted);
  t.same(await reopened.list('/k/'), before.latest);
  t.same(await reopened.list('/k/', { revision: a2.modRevision }), before.atCompaction);
  const recorder = new WatchRecorder();
  const watcher = await reopened.watch('/k/', a2.modRevision, recorder);
  t.teardown(() => watcher.close());
  await recorder.untilEvents(2);
  t.same(
    recorder.events.map((e) => [e.type, e.kv.key]),
    [['delete', b!.key], ['put', '/k/late']],
    'the events after the compaction are replayed',
  );
  t.equal((await reopened.create('/k/next', 'x')).modRevision, before.revision + 1);
});

t.test('a torn final record is cut off when the log is opened', async (t) => {
  const tails: Array<[string, Buffer]> = [
    ['a frame cut short', Buffer.concat([u32(500), u32(0), Buffer.from('{"op":"put","rev":4')])],
    ['a whole frame with a bad checksum', Buffer.concat([u32(5), u32(12345), Buffer.from('{"op"')])],
    ['pages the kernel never filled', Buffer.alloc(4096)],
    ['half a header', Buffer.from([7, 0, 0])],
  ];
  for (const [name, tail] of tails) {
    t.test(name, async (t) => {
      const dataDir = await tempDataDir(t);
      const store = await open(t, { dataDir });
      const written = await writeKeys(store, 3);
      await store.close();
      const logPath = join(dataDir, logFileName);
      const intactBytes = (await stat(logPath)).size;
      await appendFile(logPath, tail);

      const reopened = await open(t, { dataDir });
      t.equal(reopened.stats().discardedTailBytes, tail.length);
      t.equal((await stat(logPath)).size, intactBytes, 'the log is truncated to its intact records');
      t.same((await reopened.list('/k/')).items, written);
      const next = await reopened.create('/k/next', 'after the repair');
      t.equal(next.modRevision, 4);
      await reopened.close();

      const again = await open(t, { dataDir });
      t.equal(again.stats().discardedTailBytes, 0);
      t.same((await again.list('/k/')).items, [...written, next]);
    });
  }
});

t.test('damage before the end of the log is reported, not cut off', async (t) => {
  const dataDir = await tempDataDir(t);
  const store = await open(t, { dataDir });
  await writeKeys(store, 3);
  await store.close();
  const logPath = join(dataDir, logFileName);
  const bytes = await readFile(logPath);
  bytes[12] = bytes[12]! ^ 0xff;
  await writeFile(logPath, bytes);
  await t.rejects(openEmbeddedStore({ dataDir }), LogCorruptedError);
  t.same(await readFile(logPath), bytes, 'the damaged log is left as it was');
  await t.resolves(async () => (await openEmbeddedStore({ dataDir: await tempDataDir(t) })).close(), 'the lock was released');
});

t.test('after a compaction the log is rewritten as a snapshot', async (t) => {
  const dataDir = await tempDataDir(t);
  const store = await open(t, { dataDir, logRewriteMinBytes: 0 });
  let kv = await store.create('/k/churn', 'v0');
  for (let i = 1; i < 200; i++) kv = await store.update(kv.key, `v${i}`, kv.modRevision);
  const kept = await store.create('/k/kept', 'kept');
  const logBytes = store.stats().logBytes;
  await store.compact(kv.modRevision);
  const late = await store.create('/k/late', 'written after the compaction');
  t.equal(store.stats().logRewrites, 1);
  t.ok(store.stats().logBytes < logBytes / 10, `the log shrank from ${logBytes} to ${store.stats().logBytes} bytes`);
  await store.close();

  const reopened = await open(t, { dataDir });
  t.same((await reopened.list('/k/')).items, [kv, kept, late]);
  t.equal(await reopened.compactedRevision(), kv.modRevision);
  t.equal(await reopened.revision(), late.modRevision);
  const recorder = new WatchRecorder();
  const watcher = await reopened.watch('/k/', kv.modRevision, recorder);
  t.teardown(() => watcher.close());
  await recorder.untilEvents(2);
  t.same(recorder.events.map((e) => e.kv.key), ['/k/kept', '/k/late'], 'history after the compaction survives the rewrite');
});

t.test('a data dir opens in one store at a time', async (t) => {
  const dataDir = await tempDataDir(t);
  const store = await open(t, { dataDir });
  const refused = await openEmbeddedStore({ dataDir }).catch((err: unknown) => err);
  t.type(refused, DataDirLockedError);
  t.equal((refused as DataDirLockedError).pid, process.pid);
  await store.close();
  await t.resolves(async () => (await openEmbeddedStore({ dataDir })).close());
});

t.test('a lock left by a dead process is taken over', async (t) => {
  const dataDir = await tempDataDir(t);
  await writeFile(join(dataDir, 'LOCK'), '2147483646\n');
  await t.resolves(async () => (await openEmbeddedStore({ dataDir })).close());
});

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}
