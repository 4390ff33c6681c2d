import t from 'tap';
import { ImagePuller } from '../../../src/reference/node/image-pull.ts';
import { RestartBackoff } from '../../../src/reference/node/restart-backoff.ts';
import { MemoryImageStore } from './fixtures/memory-image-store.ts';

t.test('imagePullPolicy against the node store, in the image manager’s words', async (t) => {
  const store = new MemoryImageStore();
  store.add(['busybox:1.35'], {}, 4321);
  const puller = new ImagePuller(store, new RestartBackoff(1000, 4000));
  const texts = (events: { type: string; reason: string; message: string }[]) => events.map((e) => `${e.type} ${e.reason}: ${e.message}`);

  const present = await puller.ensure('u', { name: 'c', image: 'busybox:1.35', imagePullPolicy: 'IfNotPresent' }, 0);
  t.ok(present.image);
  t.same(texts(present.events), ['Normal Pulled: Container image "busybox:1.35" already present on machine']);

  const always = await puller.ensure('u', { name: 'c', image: 'busybox:1.35', imagePullPolicy: 'Always' }, 0);
  t.ok(always.image);
  t.same(texts(always.events), [
    'Normal Pulling: Pulling image "busybox:1.35"',
    'Normal Pulled: Successfully pulled image "busybox:1.35" in 0s (0s including waiting). Image size: 4321 bytes.',
  ]);

  const never = await puller.ensure('u', { name: 'c', image: 'absent:1', imagePullPolicy: 'Never' }, 0);
  t.match(never, { image: undefined, reason: 'ErrImageNeverPull', message: 'Container image "absent:1" is not present with pull policy of Never' });

  const missing = await puller.ensure('u', { name: 'c', image: 'absent:1', imagePullPolicy: 'IfNotPresent' }, 0);
  t.match(missing, { image: undefined, reason: 'ErrImagePull', message: /^Failed to pull image "absent:1": /, retryAtMs: 1000 });
  const backingOff = await puller.ensure('u', { name: 'c', image: 'absent:1', imagePullPolicy: 'IfNotPresent' }, 500);
  t.match(backingOff, { reason: 'ImagePullBackOff', message: /^Back-off pulling image "absent:1": ErrImagePull: /, retryAtMs: 1000 });
  t.same(texts(backingOff.events), ['Normal BackOff: Back-off pulling image "absent:1"']);
  const again = await puller.ensure('u', { name: 'c', image: 'absent:1', imagePullPolicy: 'IfNotPresent' }, 1000);
  t.match(again, { reason: 'ErrImagePull', retryAtMs: 3000 }, 'tried again once the back-off passed, which then doubles');
  puller.forget('u');
  t.match(await puller.ensure('u', { name: 'c', image: 'absent:1', imagePullPolicy: 'IfNotPresent' }, 1001), { reason: 'ErrImagePull', retryAtMs: 2001 }, 'a forgotten pod starts over');
});
