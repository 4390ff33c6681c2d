// The store contract, asserted in the same way against every backend: the
// embedded store and a real etcd.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { openStore } from '../../../src/reference/store/open.ts';
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  KeyNotFoundError,
  type Store,
} from '../../../src/reference/store/store.ts';
import { startTestEtcd } from '../../helpers/etcd.ts';
import { WatchRecorder } from './fixtures/watch-recorder.ts';

const progressIntervalMs = 200;

/** Opens a store for one subtest, closed with it. */
type OpenStore = (t: Test) => Promise<Store>;

const backends: Array<{ name: string; setUp: (t: Test) => Promise<OpenStore> }> = [
  {
    name: 'embedded',
    setUp: async () => async (t) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'kdrill-store-'));
      t.teardown(() => rm(dataDir, { recursive: true, force: true }));
      const store = await openStore({ backend: 'embedded', dataDir, progressIntervalMs });
      t.teardown(() => store.close());
      return store;
    },
  },
  {
    name: 'etcd',
    setUp: async (t) => {
      const etcd = await startTestEtcd(t, { progressNotifyIntervalMs: progressIntervalMs });
      return async (t) => {
        const store = await openStore({ backend: 'etcd', endpoints: [etcd.endpoint] });
        t.teardown(() => store.close());
        return store;
      };
    },
  },
];

// Subtests of one backend share an etcd, so each writes under its own prefix.
let prefixes = 0;
const freshPrefix = () => `/contract/${++prefixes}/`;

for (const backend of backends) {
  t.test(backend.name, async (t) => {
    const open = await backend.setUp(t);

    t.test('every write bumps the revision by one', async (t) => {
      const store = await open(t);
      const p = freshPrefix();
      const r0 = await store.revision();
      const a = await store.create(`${p}a`, '1');
      t.same(a, { key: `${p}a`, value: '1', createRevision: r0 + 1, modRevision: r0 + 1 });
      const a2 = await store.update(`${p}a`, '2', a.modRevision);
      t.same(a2, { key: `${p}a`, value: '2', createRevision: r0 + 1, modRevision: r0 + 2 });
      const b = await store.create(`${p}b`, '1');
      t.equal(b.modRevision, r0 + 3);
      const deleted = await store.delete(`${p}a`);
      t.equal(deleted.revision, r0 + 4);
      t.same(deleted.prev, a2);
      t.equal(await store.revision(), r0 + 4);
    });

    t.test('concurrent writes each get their own revision', async (t) => {
      const store = await open(t);
      const p = freshPrefix();
      const r0 = await store.revision();
      const created = await Promise.all(Array.from({ length: 10 }, (_, i) => store.create(`${p}${i}`, `${i}`)));
      const revisions = created.map((kv) => kv.modRevision).sort((x, y) => x - y);
      t.same(revisions, Array.from({ length: 10 }, (_, i) => r0 + 1 + i));
      t.equal((await store.list(p)).items.length, 10);
    });

    t.test('get and list, at the latest and at an older revision', async (t) => {
      const store = await open(t);
      const p = freshPrefix();
      const a1 = await store.create(`${p}a`, 'a1');
      const b1 = await store.create(`${p}b`, 'b1');
      await store.create(`${p.slice(0, -1)}-sibling`, 'not under the prefix');
      const a2 = await store.update(`${p}a`, 'a2', a1.modRevision);
      await store.delete(`${p}b`);
      const c1 = await store.create(`${p}c`, 'c1');

      t.same(await store.get(`${p}a`), a2);
      t.equal(await store.get(`${p}b`), undefined);
      t.equal(await store.get(`${p}nothing`), undefined);

      const latest = await store.list(p);
      t.same(latest.items, [a2, c1]);
      t.equal(latest.revision, c1.modRevision);
      t.equal(latest.more, false);

      const old = await store.list(p, { revision: b1.modRevision });
      t.same(old.items, [a1, b1]);
      t.equal(old.revision, b1.modRevision);

      await t.rejects(store.list(p, { revision: c1.modRevision + 100 }), FutureRevisionError);
    });

    t.test('limit and startKey page through a list at one revision', async (t) => {
      const store = await open(t);
      const p = freshPrefix();
      const created = [];
      for (let i = 0; i < 5; i++) created.push(await store.create(`${p}k${i}`, `${i}`));
      const first = await store.list(p, { limit: 2 });
      t.same(first.items, created.slice(0, 2));
      t.equal(first.more, true);
      await store.create(`${p}k2a`, 'written between pages');
      await store.update(`${p}k3`, 'changed between pages', created[3]!.modRevision);
      const next = (after: string) => ({ limit: 2, revision: first.revision, startKey: `${after}\0` });
      const second = await store.list(p, next(first.items.at(-1)!.key));
      t.same(second.items, created.slice(2, 4));
      t.equal(second.more, true);
      t.equal(second.revision, first.revision);
      const third = await store.list(p, next(second.items.at(-1)!.key));
      t.same(third.items, created.slice(4));
      t.equal(third.more, false);
      t.same((await store.list(p, { startKey: `${p}k3` })).items.map((kv) => kv.key), [`${p}k3`, `${p}k4`]);
    });

    t.test('create fails on an existing key', async (t) => {
      const store = await open(t);
      const p = freshPrefix();
      const first = await store.create(`${p}a`, '1');
      await t.rejects(store.create(`${p}a`, '2'), new KeyExistsError(`${p}a`));
      t.same(await store.get(`${p}a`), first);
      await store.delete(`${p}a`);
      const again = await store.create(`${p}a`, '3');
      t.ok(again.createRevision > first.createRevision, 'a key created again starts a new life');
    });

    t.test('compare-and-swap: conflict and not found', async (t) => {
      const store = await open(t);
      const p = freshPrefix();
      const a1 = await store.create(`${p}a`, '1');
      const a2 = await store.update(`${p}a`, '2', a1.modRevision);
      const conflict = await store.update(`${p}a`, '3', a1.modRevision).catch((err: unknown) => err);
      t.type(conflict, ConflictError);
      t.equal((conflict as ConflictError).actualModRevision, a2.modRevision);
      t.same(await store.get(`${p}a`), a2, 'a failed update changes nothing');
      await t.rejects(store.update(`${p}missing`, 'x', a1.modRevision), KeyNotFoundError);
      await t.rejects(store.delete(`${p}a`, a1.modRevision), ConflictError);
      await t.rejects(store.delete(`${p}missing`, a1.modRevision), KeyNotFoundError);
      await t.rejects(store.delete(`${p}missing`), KeyNotFoundError);
      t.same(await store.get(`${p}a`), a2, 'a failed delete changes nothing');
    });

    t.test('delete with and without an expected revision', async (t) => {
      const store = await open(t);
      const p = freshPrefix();
      const a = await store.create(`${p}a`, '1');
      const b = await store.create(`${p}b`, '1');
      const withExpected = await store.delete(`${p}a`, a.modRevision);
      t.same(withExpected.prev, a);
      t.equal(withExpected.revision, b.modRevision + 1);
      const without = await store.delete(`${p}b`);
      t.same(without.prev, b);
      t.equal(without.revision, b.modRevision + 2);
      t.same((await store.list(p)).items, []);
    });

    t.test('watch replays history from a revision, then streams live events in order', async (t) => {
      const store = await open(t);
      const p = freshPrefix();
      const r0 = await store.revision();
      const a1 = await store.create(`${p}a`, 'a1');
      const a2 = await store.update(`${p}a`, 'a2', a1.modRevision);
      await store.create(`${p.slice(0, -1)}-sibling`, 'not under the prefix');
      const b1 = await store.create(`${p}b`, 'b1');
      const aGone = await store.delete(`${p}a`);

      const recorder = new WatchRecorder();
      const watcher = await store.watch(p, r0, recorder);
      t.teardown(() => watcher.close());
      await recorder.untilEvents(4);
      const c1 = await store.create(`${p}c`, 'c1');
      const c2 = await store.update(`${p}c`, 'c2', c1.modRevision);
      const bGone = await store.delete(`${p}b`, b1.modRevision);
      await recorder.untilEvents(7);

      t.same(recorder.events, [
        { type: 'put', kv: a1, revision: a1.modRevision },
        { type: 'put', kv: a2, prevKv: a1, revision: a2.modRevision },
        { type: 'put', kv: b1, revision: b1.modRevision },
        { type: 'delete', kv: deleted(`${p}a`, aGone.revision), prevKv: a2, revision: aGone.revision },
        { type: 'put', kv: c1, revision: c1.modRevision },
        { type: 'put', kv: c2, prevKv: c1, revision: c2.modRevision },
        { type: 'delete', kv: deleted(`${p}b`, bGone.revision), prevKv: b1, revision: bGone.revision },
      ]);
      t.same(recorder.errors, []);

      const fromMiddle = new WatchRecorder();
      const laterWatcher = await store.watch(p, b1.modRevision, fromMiddle);
      t.teardown(() => laterWatcher.close());
      await fromMiddle.untilEvents(4);
      t.same(
        fromMiddle.events.map((e) => e.revision),
        [aGone.revision, c1.modRevision, c2.modRevision, bGone.revision],
        'a watch from a later revision starts after it',
      );
    });

    t.test('a closed watch gets nothing more', async (t) => {
      const store = await open(t);
      const p = freshPrefix();
      const closed = new WatchRecorder();
      const watcher = await store.watch(p, await store.revision(), closed);
      await store.create(`${p}a`, '1');
      await closed.untilEvents(1);
      await watcher.close();
      const barrier = new WatchRecorder();
      const stillOpen = await store.watch(p, await store.revision(), barrier);
      t.teardown(() => stillOpen.close());
      await store.create(`${p}b`, '1');
      await barrier.untilEvents(1);
      t.equal(closed.events.length, 1);
      t.same(closed.errors, []);
    });

    t.test('a quiet watch gets progress', async (t) => {
      const store = await open(t);
      const p = freshPrefix();
      const written = await store.create(`${p}a`, '1');
      const recorder = new WatchRecorder();
      const watcher = await store.watch(p, written.modRevision, recorder);
      t.teardown(() => watcher.close());
      await recorder.until('progress', () => recorder.progress.length > 0);
      t.ok(recorder.progress[0]! >= written.modRevision, 'progress reports at least the watch start');
      t.same(recorder.events, []);
    });

    t.test('compaction forgets history but keeps current data', async (t) => {
      const store = await open(t);
      const p = freshPrefix();
      const a1 = await store.create(`${p}a`, 'a1');
      const a2 = await store.update(`${p}a`, 'a2', a1.modRevision);
      const b1 = await store.create(`${p}b`, 'b1');
      const gone = await store.create(`${p}gone`, 'deleted before the compaction');
      const goneAt = (await store.delete(gone.key)).revision;
      const c1 = await store.create(`${p}c`, 'c1');
      const c2 = await store.update(`${p}c`, 'c2', c1.modRevision);

      await store.compact(c1.modRevision);
      t.equal(await store.compactedRevision(), c1.modRevision);

      t.same(await store.get(`${p}a`), a2);
      t.same((await store.list(p)).items, [a2, b1, c2]);
      t.same((await store.list(p, { revision: c1.modRevision })).items, [a2, b1, c1], 'the compaction revision itself is readable');

      const listError = await store.list(p, { revision: goneAt }).catch((err: unknown) => err);
      t.type(listError, CompactedError);
      t.equal((listError as CompactedError).compacted, c1.modRevision);

      const watchError = await store.watch(p, a2.modRevision, new WatchRecorder()).catch((err: unknown) => err);
      t.type(watchError, CompactedError);
      t.equal((watchError as CompactedError).requested, a2.modRevision);
      t.equal((watchError as CompactedError).compacted, c1.modRevision);

      const recorder = new WatchRecorder();
      const watcher = await store.watch(p, c1.modRevision, recorder);
      t.teardown(() => watcher.close());
      await recorder.untilEvents(1);
      t.same(recorder.events, [{ type: 'put', kv: c2, prevKv: c1, revision: c2.modRevision }]);

      await store.compact(a1.modRevision);
      await store.compact(c1.modRevision);
      t.equal(await store.compactedRevision(), c1.modRevision, 'compacting at or below the last compaction changes nothing');
      await t.rejects(store.compact(c2.modRevision + 100), FutureRevisionError);
    });
  });
}

function deleted(key: string, revision: number) {
  return { key, value: '', createRevision: 0, modRevision: revision };
}
