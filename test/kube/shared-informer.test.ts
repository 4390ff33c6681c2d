// Shared informers against an in-process reference control plane: the first
// list, handlers in event order, the cache, a watch that ends (resumed from the
// last resourceVersion), a watch that comes back 410 (listed again, with the
// differences told to handlers), and handlers that throw.
import t from 'tap';
import type { Informer } from '../../src/kube/informer.ts';
import { createApiClient } from '../../src/kube/https-api-client.ts';
import { InformerFactory } from '../../src/kube/shared-informer.ts';
import type { KubeObject } from '../../src/reference/api/object.ts';
import { startTestControlPlane } from '../reference/api/fixtures/control-plane.ts';
import { gateWatches } from './fixtures/gated-client.ts';
import { handlerLog } from './fixtures/handler-log.ts';

const cp = await startTestControlPlane(t);
const client = await createApiClient(cp.kubeconfigPath);
t.teardown(() => client.close());

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

async function namespace(name: string): Promise<string> {
  await client.create('/api/v1/namespaces', { metadata: { name } });
  return `/api/v1/namespaces/${name}/configmaps`;
}

const configMap = (name: string, v: string): ConfigMap => ({ metadata: { name }, data: { v } });

function startFactory(t: { teardown(fn: () => unknown): void }, logs: string[] = [], apiClient = client): InformerFactory {
  const factory = new InformerFactory(apiClient, { log: (m) => logs.push(m) });
  t.teardown(() => factory.stop());
  return factory;
}

function names(informer: Informer<ConfigMap>): string[] {
  return informer.list().map((o) => o.metadata?.name ?? '').sort();
}

t.test('lists, then tells handlers of every change in order and keeps the cache', async (t) => {
  const cms = await namespace('informer-basics');
  await client.create(cms, configMap('a', '1'));
  await client.create(cms, configMap('b', '1'));
  const factory = startFactory(t);
  const informer = factory.for<ConfigMap>(cms);
  t.equal(factory.for(cms), informer, 'one informer per path and query');
  t.not(factory.for(cms, { labelSelector: 'x=y' }), informer);
  const log = handlerLog();
  informer.on(log.handlers);
  factory.start();
  await informer.synced();
  t.same(log.notifications.slice().sort(), [['add', 'a'], ['add', 'b']]);
  t.same(names(informer), ['a', 'b']);

  await client.create(cms, configMap('c', '1'));
  await client.patch(cms + '/a', 'merge', { data: { v: '2' } });
  await client.delete(cms + '/b');
  await log.until((n) => n.length === 5);
  t.same(log.notifications.slice(2), [['add', 'c'], ['update', 'a', '2'], ['delete', 'b']]);
  t.same(names(informer), ['a', 'c']);
  t.equal(informer.get('informer-basics', 'a')?.data?.v, '2');
  t.equal(informer.get('informer-basics', 'b'), undefined);
  t.same(informer.list('informer-basics').length, 2);
  t.same(informer.list('elsewhere'), []);

  const late = handlerLog();
  informer.on(late.handlers);
  t.same(late.notifications.slice().sort(), [['add', 'a'], ['add', 'c']], 'a handler added after sync gets the cache as adds');
});

t.test('an informer for a cluster-scoped path with a selector', async (t) => {
  await client.create('/api/v1/namespaces', { metadata: { name: 'labelled', labels: { team: 'kdrill' } } });
  const factory = startFactory(t);
  const informer = factory.for('/api/v1/namespaces', { labelSelector: 'team=kdrill' });
  factory.start();
  await informer.synced();
  t.same(informer.list().map((n) => n.metadata?.name), ['labelled']);
  t.equal(informer.get(undefined, 'labelled')?.metadata?.name, 'labelled');
  t.equal(informer.get(undefined, 'default'), undefined);
});

t.test('a throwing handler is logged and the others still run', async (t) => {
  const cms = await namespace('informer-throws');
  const logs: string[] = [];
  const factory = startFactory(t, logs);
  const informer = factory.for<ConfigMap>(cms);
  informer.on({
    add() {
      throw new Error('handler bug');
    },
  });
  const log = handlerLog();
  informer.on(log.handlers);
  factory.start();
  await informer.synced();
  await client.create(cms, configMap('x', '1'));
  await client.create(cms, configMap('y', '1'));
  await log.until((n) => n.length === 2);
  t.same(log.notifications, [['add', 'x'], ['add', 'y']]);
  t.equal(logs.filter((m) => m.includes('add handler threw') && m.includes('handler bug')).length, 2);
});

t.test('after its watch ends, it watches again from the last resourceVersion', async (t) => {
  const cms = await namespace('informer-rewatch');
  const gate = gateWatches(client);
  const factory = startFactory(t, [], gate.client);
  const informer = factory.for<ConfigMap>(cms);
  const log = handlerLog();
  informer.on(log.handlers);
  factory.start();
  await informer.synced();
  await client.create(cms, configMap('before', '1'));
  await log.until((n) => n.length === 1);

  gate.cut();
  await client.create(cms, configMap('while-cut', '1'));
  await client.patch(cms + '/before', 'merge', { data: { v: '2' } });
  gate.resume();
  await log.until((n) => n.length === 3);
  t.same(log.notifications, [['add', 'before'], ['add', 'while-cut'], ['update', 'before', '2']], 'the missed events, replayed');
  t.equal(gate.watchesOpened, 2);
  t.same(names(informer), ['before', 'while-cut']);
});

t.test('on 410 it lists again and tells handlers what changed meanwhile', async (t) => {
  const cms = await namespace('informer-relist');
  await client.create(cms, configMap('changed', '1'));
  await client.create(cms, configMap('removed', '1'));
  const gate = gateWatches(client);
  const factory = startFactory(t, [], gate.client);
  const informer = factory.for<ConfigMap>(cms);
  const log = handlerLog();
  informer.on(log.handlers);
  factory.start();
  await informer.synced();
  await client.create(cms, configMap('kept', '1'));
  await log.until((n) => n.length === 3);
  t.same(log.notifications[2], ['add', 'kept'], 'the watch is open');

  gate.cut();
  await client.patch(cms + '/changed', 'merge', { data: { v: '2' } });
  await client.delete(cms + '/removed');
  await client.create(cms, configMap('added', '1'));
  await cp.store.compact(await cp.store.revision());
  gate.resume();
  await log.until((n) => n.length === 6);
  t.same(
    log.notifications.slice(3).sort(),
    [['add', 'added'], ['delete', 'removed'], ['update', 'changed', '2']],
    'the differences, told once each',
  );
  t.same(names(informer), ['added', 'changed', 'kept']);

  await client.create(cms, configMap('after', '1'));
  await log.until((n) => n.length === 7);
  t.same(log.notifications[6], ['add', 'after'], 'it watches again after listing');
  t.equal(gate.watchesOpened, 3, 'the first watch, the one refused with 410, the one after the list');
});

t.test('a failing list is logged and retried', async (t) => {
  const logs: string[] = [];
  let resolveRetried!: () => void;
  const retried = new Promise<void>((resolve) => (resolveRetried = resolve));
  const factory = new InformerFactory(client, {
    initialBackoffMs: 1,
    log(m) {
      logs.push(m);
      if (logs.length === 3) resolveRetried();
    },
  });
  t.teardown(() => factory.stop());
  const informer = factory.for<ConfigMap>('/api/v1/namespaces/default/configmaps', { labelSelector: '!!invalid' });
  factory.start();
  await retried;
  t.equal(logs.length, 3);
  for (const m of logs) t.match(m, /^informer \/api\/v1\/namespaces\/default\/configmaps\?labelSelector=.*: list failed/);
  t.same(informer.list(), []);
});
