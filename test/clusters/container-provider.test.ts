// `kdrill run --cluster FILE` with reference.simulated: false: the provider
// makes the cluster in containers, reports it (nodes with their roles, Ready),
// and deleting it leaves nothing behind.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import t from 'tap';
import { parseClusterFile } from '../../src/clusters/load-cluster-file.ts';
import { providerForCluster } from '../../src/clusters/provider-for-cluster.ts';
import { kdrill, leftovers, testKdrillHome } from '../helpers/container-cluster.ts';

process.env.KDRILL_HOME = testKdrillHome;

t.test('provider reference with nodes in containers', async (t) => {
  const name = `kdrill-provider-${process.pid}`;
  t.teardown(async () => {
    await kdrill(['cluster', 'delete', name]);
  });
  const file = parseClusterFile(
    `apiVersion: kdrill.dev/v1\nkind: Cluster\nmetadata: {name: ${name}}\nspec:\n  provider: reference\n  reference: {simulated: false}\n  nodes:\n    - role: control-plane\n      labels: {tier: core}\n`,
    'provider.yaml', join(tmpdir(), 'provider.yaml'),
  );
  const messages: string[] = [];
  const provider = providerForCluster(file, { log: (m) => messages.push(m) });
  t.equal(provider.name, 'reference');
  const handle = await provider.create();
  t.ok(messages.some((m) => m.startsWith('waiting for 1 Node(s)')), 'progress goes to the log');
  const info = await handle.info();
  t.equal(info.provider, 'reference');
  t.equal(info.name, name);
  t.same(info.nodes.map((n) => ({ name: n.name, roles: n.roles, ready: n.ready })), [{ name: `${name}-control-plane`, roles: ['control-plane'], ready: true }]);
  await handle.delete();
  await handle.delete();
  t.same(await leftovers(name), [], 'delete removed everything (and a second delete is harmless)');
});
