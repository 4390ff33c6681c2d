// npm run bench: prints figures; never passes or fails on them.
import { startTestEtcd } from '../test/helpers/etcd.ts';
import { benchApiStore, formatApiStore } from './api-store.ts';

const progress = (m: string) => process.stderr.write(`… ${m}\n`);
const teardowns: (() => unknown)[] = [];
const scope = { teardown: (fn: () => unknown) => teardowns.push(fn) };

try {
  const embedded = await benchApiStore({ name: 'embedded', store: { backend: 'embedded' } }, progress);
  process.stdout.write(formatApiStore('embedded', embedded) + '\n\n');
  const etcd = await startTestEtcd(scope, { progressNotifyIntervalMs: 5000 });
  const viaEtcd = await benchApiStore({ name: 'etcd', store: { backend: 'etcd', endpoints: [etcd.endpoint] } }, progress);
  process.stdout.write(formatApiStore('etcd 3.4 (Debian etcd-server)', viaEtcd) + '\n');
} finally {
  for (const fn of teardowns.reverse()) await fn();
}
