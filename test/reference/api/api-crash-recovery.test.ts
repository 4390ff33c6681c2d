// SIGKILL the API server (a child `kdrill control-plane`, embedded store) in the
// middle of a burst of creates, start it again on the same data dir: every
// create that was answered 201 is still there, as it was created.
import t from 'tap';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startControlPlaneProcess } from '../../helpers/control-plane.ts';

const workers = 4;
const killAfterAcked = 80;

function client(kubeconfigPath: string): CoreV1Api {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc.makeApiClient(CoreV1Api);
}

t.test('every create answered 201 survives a SIGKILL of the server', async (t) => {
  const first = await startControlPlaneProcess(t);
  const core = client(first.kubeconfig);
  const ns = 'burst';
  await core.createNamespace({ body: { metadata: { name: ns } } });

  const acked = new Map<string, string>();
  let killed: Promise<void> | undefined;
  let failures = 0;
  const worker = async (w: number) => {
    for (let i = 0; ; i++) {
      const name = `w${w}-${i}`;
      const value = `${w}:${i}:${'x'.repeat(i % 7)}`;
      try {
        const created = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name }, data: { value } } });
        acked.set(name, created.metadata!.uid!);
      } catch {
        // The server is gone: this create may or may not have been stored, and nothing more is sent.
        failures++;
        return;
      }
      if (acked.size >= killAfterAcked) killed ??= first.kill();
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  await killed;
  t.ok(acked.size >= killAfterAcked, `${acked.size} creates were acknowledged before the kill`);
  t.ok(failures > 0, 'the kill cut creates short');

  const second = await startControlPlaneProcess(t, { dataDir: first.dataDir });
  const stored = new Map((await client(second.kubeconfig).listNamespacedConfigMap({ namespace: ns })).items.map((c) => [c.metadata!.name!, c]));
  const lost = [...acked.keys()].filter((name) => !stored.has(name));
  t.same(lost, [], 'no acknowledged create was lost');
  const changed = [...acked].filter(([name, uid]) => stored.get(name)?.metadata?.uid !== uid);
  t.same(changed, [], 'each is the object that was acknowledged');
  const [w, i] = [...acked.keys()][0]!.slice(1).split('-').map(Number);
  t.equal(stored.get(`w${w}-${i}`)?.data?.value, `${w}:${i}:${'x'.repeat(i! % 7)}`, 'with its data');
  t.ok(stored.size >= acked.size, `${stored.size} stored (creates in flight at the kill may or may not be there)`);
});
