// kube-proxy's partial syncs on the shared 3-node cluster in containers
// (test/helpers/container-cluster.ts): a rule added by hand to the chain of a
// Service nobody touches (default/kubernetes) outlives the syncs of another
// Service's add, endpoint change and delete, which a sync that declares (so
// flushes) every chain would remove. A full sync (hourly, or after a failed
// restore) during the test would remove it too. And after a failed partial
// restore the next sync is a full one, which does remove it.
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import t from 'tap';
import { clusterPolicyChainName, endpointChainName } from '../../../../../src/reference/node/network/kube-proxy/chain-names.ts';
import { kubectl, sharedTestCluster } from '../../../../helpers/container-cluster.ts';

t.test('a partial sync leaves unchanged Services\' chains alone', async (t) => {
  const cluster = await sharedTestCluster();
  const ns = `partial-sync-${randomBytes(3).toString('hex')}`;
  const node = cluster.workers[0]!;
  const k = async (args: string[], input?: string) => {
    const r = await kubectl(cluster, ['-n', ns, ...args], input === undefined ? {} : { input });
    if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const nat = async () => (await execa('docker', ['exec', node, 'iptables-save', '-t', 'nat'])).stdout;
  /** Until the node's nat table has (or has no more) `text`. */
  const natBecomes = async (text: string, present: boolean) => {
    const test = present ? '&& exit 0' : '|| exit 0';
    await execa('sh', ['-c', `for i in $(seq 100); do docker exec ${node} iptables-save -t nat | grep -q -- '${text}' ${test}; sleep 0.2; done; exit 1`]);
  };

  const steadyChain = clusterPolicyChainName('default/kubernetes:https', 'TCP');
  await natBecomes(`:${steadyChain} `, true);
  const marker = ['-t', 'nat', '-A', steadyChain, '-m', 'comment', '--comment', `marker-${ns}`];
  await execa('docker', ['exec', node, 'iptables', '-w', ...marker]);
  t.teardown(() => execa('docker', ['exec', node, 'iptables', '-w', ...marker.map((arg) => (arg === '-A' ? '-D' : arg))], { reject: false }));
  await kubectl(cluster, ['create', 'namespace', ns]);
  t.teardown(() => kubectl(cluster, ['delete', 'namespace', ns, '--wait=false']));
  const markerKept = async () => (await nat()).includes(`-A ${steadyChain} -m comment --comment marker-${ns}`);
  t.ok(await markerKept(), 'the hand-made rule is in place');

  const slice = (ip: string) => JSON.stringify({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'changed-1', labels: { 'kubernetes.io/service-name': 'changed' } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 9376, protocol: 'TCP' }],
    endpoints: [{ addresses: [ip] }],
  });
  const changedChain = clusterPolicyChainName(`${ns}/changed:http`, 'TCP');
  const endpointChain = (ip: string) => endpointChainName(`${ns}/changed:http`, 'TCP', `${ip}:9376`);

  await k(['apply', '--validate=false', '-f', '-'], JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'changed' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 9376 }] } }, JSON.parse(slice('10.244.250.1'))],
  }));
  await natBecomes(`:${endpointChain('10.244.250.1')} `, true);
  t.ok(await markerKept(), 'kept through the sync of a Service added');

  await k(['apply', '--validate=false', '-f', '-'], slice('10.244.250.2'));
  await natBecomes(`:${endpointChain('10.244.250.2')} `, true);
  await natBecomes(`:${endpointChain('10.244.250.1')} `, false);
  t.ok(await markerKept(), 'kept through the sync of an endpoint change');

  await k(['delete', 'service', 'changed']);
  await k(['delete', 'endpointslice', 'changed-1']);
  await natBecomes(`:${changedChain} `, false);
  await natBecomes(`:${endpointChain('10.244.250.2')} `, false);
  t.ok(await markerKept(), 'kept through the sync of a Service deleted, whose chains are gone');

  await t.test('after a failed partial restore the next sync is full', async (t) => {
    const since = new Date().toISOString();
    // A stale KUBE-SEP chain that something else jumps to: its deletion, hence every restore, fails until the jump goes.
    const stale = endpointChainName(`${ns}/gone:http`, 'TCP', '10.244.250.9:9376');
    const holder = `KDRILL-TEST-${randomBytes(3).toString('hex').toUpperCase()}`;
    const iptables = (...args: string[]) => execa('docker', ['exec', node, 'iptables', '-w', '-t', 'nat', ...args], { reject: false });
    const release = async () => {
      await iptables('-F', holder);
      await iptables('-X', holder);
    };
    t.teardown(async () => {
      await release();
      await iptables('-X', stale);
    });
    await iptables('-N', stale);
    await iptables('-N', holder);
    await iptables('-A', holder, '-j', stale);
    t.ok(await markerKept(), 'the hand-made rule is still there');

    await k(['apply', '--validate=false', '-f', '-'], JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'changed' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 9376 }] } }, JSON.parse(slice('10.244.250.3'))],
    }));
    const failed = 'kube-proxy: partial sync failed';
    await execa('sh', ['-c', `for i in $(seq 100); do docker logs --since ${since} ${node} 2>&1 | grep -q -- '${failed}' && exit 0; sleep 0.2; done; exit 1`]);
    t.notMatch(await nat(), `:${endpointChain('10.244.250.3')} `, 'the partial restore failed: the added Service has no chain');

    await release();
    await natBecomes(`:${endpointChain('10.244.250.3')} `, true);
    await natBecomes(`:${stale} `, false);
    t.notOk(await markerKept(), 'the sync that then succeeded rewrote the unchanged Service\'s chain too: a full sync');
  });
});
