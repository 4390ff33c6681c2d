// The DNS server against a real control plane, as its pod runs it: with the
// coredns ServiceAccount's token and the system:coredns ClusterRole only.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Resolver } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { createApiClient } from '../../../src/kube/https-api-client.ts';
import { InformerFactory } from '../../../src/kube/shared-informer.ts';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { clusterDnsManifests, collectionPath } from '../../../src/reference/dns/cluster-dns-manifests.ts';
import { ClusterRecordsSource } from '../../../src/reference/dns/cluster-records-source.ts';
import { DnsServer } from '../../../src/reference/dns/dns-server.ts';
import { writeServiceAccountKubeconfig } from '../../../src/reference/dns/service-account-kubeconfig.ts';
import { startTestControlPlane } from '../api/fixtures/control-plane.ts';

const cp = await startTestControlPlane(t);
const admin = await createApiClient(cp.kubeconfigPath);
t.teardown(() => admin.close());
for (const obj of clusterDnsManifests({ clusterIP: '10.96.0.10' })) await admin.create(collectionPath(obj), obj);

const accountDir = await mkdtemp(join(tmpdir(), 'kdrill-dns-sa-'));
t.teardown(() => rm(accountDir, { recursive: true, force: true }));
const review = await admin.create<KubeObject & { status: { token: string } }>('/api/v1/namespaces/kube-system/serviceaccounts/coredns/token', {
  apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 },
} as KubeObject);
await writeFile(join(accountDir, 'token'), review.status.token);
await copyFile(join(cp.dataDir, 'pki', 'ca.crt'), join(accountDir, 'ca.crt'));
const client = await createApiClient(await writeServiceAccountKubeconfig(accountDir, cp.url, accountDir));
const informers = new InformerFactory(client, { log: () => {} });
const source = new ClusterRecordsSource(informers);
const server = new DnsServer({ host: '127.0.0.1', port: 0, answer: (q) => source.records().answer(q) });
t.teardown(async () => {
  await server.close();
  await informers.stop();
  client.close();
});
informers.start();
await server.listen();
await source.synced();
const resolver = new Resolver({ timeout: 1000, tries: 1 });
resolver.setServers([`127.0.0.1:${server.port}`]);

t.test('with the ServiceAccount’s rights it lists what it needs, and answers for the Services there are', async (t) => {
  t.same(await resolver.resolve4('kube-dns.kube-system.svc.cluster.local'), ['10.96.0.10']);
  const kubernetes = await admin.get<KubeObject & { spec: { clusterIP: string } }>('/api/v1/namespaces/default/services/kubernetes');
  t.same(await resolver.resolve4('kubernetes.default.svc.cluster.local'), [kubernetes.spec.clusterIP]);
});

t.test('a new Service resolves once its watch event arrives; a deleted one stops', async (t) => {
  const created = await admin.create<KubeObject & { spec: { clusterIP: string } }>('/api/v1/namespaces/default/services', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'fresh' }, spec: { ports: [{ name: 'http', port: 80 }] },
  } as KubeObject);
  const lookup = () => resolver.resolve4('fresh.default.svc.cluster.local').catch((err: { code: string }) => err.code);
  let answer: string[] | string = await lookup();
  for (let i = 0; i < 50 && typeof answer === 'string'; i++) {
    await sleep(100);
    answer = await lookup();
  }
  t.same(answer, [created.spec.clusterIP]);
  await admin.delete('/api/v1/namespaces/default/services/fresh');
  for (let i = 0; i < 50 && typeof answer !== 'string'; i++) {
    await sleep(100);
    answer = await lookup();
  }
  t.equal(answer, 'ENOTFOUND');
});
