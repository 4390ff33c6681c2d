// componentstatuses with the real kubectl: computed on each read, with the
// deprecation warning; here the API server runs alone, so only etcd (the
// store) is healthy. (kubectl-drain.test.ts sees them healthy with controllers.)
import t from 'tap';
import { startKubeCli } from '../../helpers/kube-cli.ts';

const cli = await startKubeCli(t);
const { kubectl } = cli;

t.test('kubectl get componentstatuses', async (t) => {
  const r = await kubectl(['get', 'componentstatuses']);
  t.equal(r.exitCode, 0, r.stderr);
  t.match(r.stderr, /Warning: v1 ComponentStatus is deprecated in v1\.19\+/);
  const lines = r.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' '));
  t.same(lines, ['scheduler Unhealthy', 'controller-manager Unhealthy', 'etcd-0 Healthy']);

  const etcd = JSON.parse((await kubectl(['get', 'cs', 'etcd-0', '-o', 'json'])).stdout) as { conditions: unknown[] };
  t.same(etcd.conditions, [{ type: 'Healthy', status: 'True', message: '{"health":"true","reason":""}' }]);
  const missing = await kubectl(['get', 'cs', 'apiserver']);
  t.match(missing.stderr, /componentstatuses "apiserver" not found/);
  const write = await kubectl(['delete', 'cs', 'etcd-0']);
  t.not(write.exitCode, 0, 'read-only');
});
