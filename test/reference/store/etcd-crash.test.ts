// Crashes around the etcd backend: of the writer, of etcd itself, and of the
// connection under a watch.
import t from 'tap';
import { openEtcdStore } from '../../../src/reference/store/etcd.ts';
import { startTestEtcd } from '../../helpers/etcd.ts';
import { crashKey, crashValue } from './fixtures/crash-keys.ts';
import { startAckedWriter } from './fixtures/acked-writer-process.ts';
import { WatchRecorder } from './fixtures/watch-recorder.ts';

t.test('every acknowledged write survives crashes of etcd and of the writer', async (t) => {
  const etcd = await startTestEtcd(t);
  const writer = startAckedWriter(t, ['etcd', etcd.endpoint, '4']);
  await writer.untilAcked(100);
  await etcd.kill();
  const ackedBeforeRestart = writer.acked.length;
  await etcd.start();
  await writer.untilAcked(ackedBeforeRestart + 100);
  await writer.kill();

  const store = await openEtcdStore({ endpoints: [etcd.endpoint] });
  t.teardown(() => store.close());
  const stored = new Map((await store.list('crash/')).items.map((kv) => [kv.key, kv.value]));
  const lost = writer.acked.filter((n) => stored.get(crashKey(n)) !== crashValue(n));
  t.same(lost, [], `all ${writer.acked.length} acknowledged writes are there`);
});

t.test('a watch resumes across an etcd restart without losing or repeating events', async (t) => {
  const etcd = await startTestEtcd(t);
  const key = (i: number) => `/w/${String(i).padStart(5, '0')}`;
  const writer = await openEtcdStore({ endpoints: [etcd.endpoint] });
  const start = await writer.revision();
  // Five times more history than etcd replays in one response (1000
  // revisions), so the stream breaks while the watch is still catching up,
  // even on a busy machine.
  for (let chunk = 0; chunk < 20; chunk++) {
    await Promise.all(Array.from({ length: 250 }, (_, i) => writer.create(key(chunk * 250 + i), 'before')));
  }
  await writer.close();

  const watching = await openEtcdStore({ endpoints: [etcd.endpoint] });
  t.teardown(() => watching.close());
  const recorder = new WatchRecorder();
  let restarted: Promise<void> | undefined;
  const watcher = await watching.watch('/w/', start, {
    ...recorder,
    onEvents: (events) => {
      restarted ??= etcd.kill().then(() => etcd.start());
      recorder.onEvents(events);
    },
  });
  t.teardown(() => watcher.close());
  await recorder.untilEvents(1);
  await restarted;
  t.ok(recorder.events.length < 5000, 'etcd went down before the replay was complete');

  // A fresh client, so these writes do not wait out the first one's circuit breaker.
  const after = await openEtcdStore({ endpoints: [etcd.endpoint] });
  t.teardown(() => after.close());
  for (let i = 5000; i < 5010; i++) await after.create(key(i), 'after');
  await recorder.untilEvents(5010);

  const revisions = recorder.events.map((e) => e.revision);
  t.ok(revisions.every((revision, i) => i === 0 || revision > revisions[i - 1]!), 'in revision order, none repeated');
  const keys = new Set(recorder.events.map((e) => e.kv.key));
  t.same([...keys].sort(), Array.from({ length: 5010 }, (_, i) => key(i)), 'none lost');
  t.same(recorder.errors, []);
});
