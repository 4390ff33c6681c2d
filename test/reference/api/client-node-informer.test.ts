// A client-node informer across a restart of the API server: the control plane
// runs as a child process (`kdrill control-plane`), is stopped with SIGINT and
// started again on the same data dir and port, and the informer's cache must
// end up equal to what the server holds.
//
// client-node 2.0.1's informer reconnects by itself when a watch stream ends,
// but once a reconnect fails (connection refused while the server is down) it
// reports an `error` and stops. As client-node's own example
// (informer-with-error-handling) does, the test restarts it from its error
// handler; it then resumes from its last resourceVersion.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { CoreV1Api, KubeConfig, makeInformer, type V1Pod } from '@kubernetes/client-node';
import { startControlPlaneProcess } from '../../helpers/control-plane.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function kubeConfigFrom(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

const pod = (name: string): V1Pod => ({ metadata: { name }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] } });

t.test('an informer\'s cache converges after the API server restarts', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'kdrill-informer-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const first = await startControlPlaneProcess(t, { dataDir, port });
  const kc = kubeConfigFrom(first.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const ns = 'informed';
  await core.createNamespace({ body: { metadata: { name: ns } } });

  const informer = makeInformer(kc, `/api/v1/namespaces/${ns}/pods`, () => core.listNamespacedPod({ namespace: ns }));
  const cached = () => informer.list(ns).map((p) => p.metadata!.name!).sort();
  // Waiters re-check their condition on every event the informer delivers.
  const waiters = new Set<() => void>();
  const recheck = () => waiters.forEach((w) => w());
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!done()) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  let errors = 0;
  let restarting = true;
  informer.on('add', recheck);
  informer.on('update', recheck);
  informer.on('delete', recheck);
  informer.on('error', () => {
    errors++;
    if (restarting) setTimeout(() => restarting && void informer.start().catch(() => {}), 100).unref();
  });
  t.teardown(async () => {
    restarting = false;
    await informer.stop();
  });
  await informer.start();

  for (const name of ['p1', 'p2', 'p3']) await core.createNamespacedPod({ namespace: ns, body: pod(name) });
  await until(() => cached().length === 3);
  t.same(cached(), ['p1', 'p2', 'p3'], 'the informer saw the first pods');

  t.equal(await first.stop(), 0, 'the control plane stops cleanly on SIGINT');
  const second = await startControlPlaneProcess(t, { dataDir, port });
  t.equal(second.url, first.url, 'the restarted server serves at the same URL');

  const after = kubeConfigFrom(second.kubeconfig).makeApiClient(CoreV1Api);
  await after.createNamespacedPod({ namespace: ns, body: pod('p4') });
  await after.deleteNamespacedPod({ namespace: ns, name: 'p1' });
  const truth = (await after.listNamespacedPod({ namespace: ns })).items.map((p) => p.metadata!.name!).sort();
  t.same(truth, ['p2', 'p3', 'p4'], 'the data survived the restart');

  await until(() => JSON.stringify(cached()) === JSON.stringify(truth));
  t.same(cached(), truth, 'the informer converged to what the server holds');
  const p4 = informer.get('p4', ns);
  t.equal(p4?.metadata?.uid, (await after.readNamespacedPod({ namespace: ns, name: 'p4' })).metadata?.uid, 'with the objects the server has');
  t.comment(`the informer reported ${errors} error(s) while the server was down and was restarted after each`);

  // And it keeps following after the restart.
  await after.deleteNamespacedPod({ namespace: ns, name: 'p2' });
  await until(() => !cached().includes('p2'));
  t.same(cached(), ['p3', 'p4']);
});
