// The reference and kubeconfig providers against a real in-process reference
// control plane: worker labels and taints applied, ClusterInfo read through
// the API, a chosen context honoured, an unreachable server said plainly.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import t from 'tap';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterFileError } from '../../src/clusters/cluster-file-error.ts';
import { ClusterUnreachableError } from '../../src/clusters/cluster-unreachable-error.ts';
import { kubeconfigProvider } from '../../src/clusters/kubeconfig-provider.ts';
import { parseClusterFile } from '../../src/clusters/load-cluster-file.ts';
import { providerForCluster } from '../../src/clusters/provider-for-cluster.ts';
import { createApiClient } from '../../src/kube/https-api-client.ts';

const clusterYaml = `apiVersion: kdrill.dev/v1
kind: Cluster
metadata:
  name: prov
spec:
  provider: reference
  nodes:
    - role: control-plane
    - role: worker
      labels: {zone: a}
      taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
    - role: worker
`;

t.test('reference provider: simulated workers, labels and taints, info, delete', async (t) => {
  const cluster = parseClusterFile(clusterYaml, 'prov.yaml', '/nowhere/prov.yaml');
  const handle = await providerForCluster(cluster).create();
  t.teardown(() => handle.delete());
  const dataDir = dirname(handle.kubeconfigPath);

  const info = await handle.info();
  t.equal(info.provider, 'reference');
  t.equal(info.name, 'prov');
  t.match(info.kubernetesVersion, /^v1\.\d+\.\d+/);
  t.same(info.nodes.map((n) => n.name), ['prov-worker-0', 'prov-worker-1']);
  t.equal(info.nodes[0]?.capacity.cpu, '4');
  t.ok(info.nodes.every((n) => n.ready));

  const client = await createApiClient(handle.kubeconfigPath);
  const node = await client.get<{ metadata: { labels: Record<string, string> }; spec: { taints?: unknown[] } }>('/api/v1/nodes/prov-worker-0');
  client.close();
  t.equal(node.metadata.labels.zone, 'a');
  t.same(node.spec.taints, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);

  t.test('kubeconfig provider adopts it through a named context', async (t) => {
    const kc = new KubeConfig();
    kc.loadFromFile(handle.kubeconfigPath);
    const context = kc.getCurrentContext();
    const adopted = await kubeconfigProvider({ path: handle.kubeconfigPath, context }).create();
    const adoptedInfo = await adopted.info();
    t.equal(adoptedInfo.provider, 'kubeconfig');
    t.equal(adoptedInfo.name, context);
    t.equal(adoptedInfo.nodes.length, 2);
    await adopted.delete();
    t.notOk(existsSync(adopted.kubeconfigPath), 'its private kubeconfig copy is removed');
    t.ok(existsSync(handle.kubeconfigPath), 'the cluster itself is left alone');

    await t.rejects(kubeconfigProvider({ path: handle.kubeconfigPath, context: 'nope' }).create(), { name: 'ClusterUnreachableError', message: /no context "nope" \(it has: / });
  });

  t.test('delete stops the control plane and removes its data dir', async (t) => {
    await handle.delete();
    t.notOk(existsSync(dataDir));
  });
});

t.test('kubeconfig provider: unreachable server and unreadable file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-unreachable-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'kubeconfig');
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  writeFileSync(path, `apiVersion: v1
kind: Config
clusters: [{name: gone, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: gone, context: {cluster: gone, user: u}}]
current-context: gone
`);
  const err = await kubeconfigProvider({ path }).create().then(() => undefined, (e: unknown) => e);
  t.ok(err instanceof ClusterUnreachableError);
  t.match((err as Error).message, /cannot reach the cluster at https:\/\/127\.0\.0\.1:1 .*Check that the cluster is running/);
  await t.rejects(kubeconfigProvider({ path: join(dir, 'missing') }).create(), { name: 'ClusterUnreachableError', message: /cannot read kubeconfig/ });
});

t.test('reference provider refuses what it cannot make yet', async (t) => {
  const withEtcd = parseClusterFile(clusterYaml.replace('  provider: reference\n', '  provider: reference\n  store: etcd\n'), 'p.yaml', '/p.yaml');
  t.throws(() => providerForCluster(withEtcd), ClusterFileError);
  const unevenWorkers = parseClusterFile(clusterYaml.replace('    - role: worker\n', '    - role: worker\n      cpu: "8"\n'), 'p.yaml', '/p.yaml');
  t.throws(() => providerForCluster(unevenWorkers), { name: 'ClusterFileError', message: /spec\.nodes\[\]\.cpu: .*same cpu/ });
  const kind = parseClusterFile(clusterYaml.replace('provider: reference', 'provider: kind'), 'p.yaml', '/p.yaml');
  t.throws(() => providerForCluster(kind), { message: /provider kind is not available/ });
});
