// The service account controllers against a real control plane: every
// namespace gets a `default` ServiceAccount and the kube-root-ca.crt ConfigMap,
// both restored when deleted or changed; a legacy token Secret is filled in.
import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { ServiceAccountIssuer } from '../../../src/reference/api/serviceaccount/issuer.ts';
import { generateSigningKey } from '../../../src/reference/api/serviceaccount/signing-key.ts';
import { startRootCaPublisher } from '../../../src/reference/controllers/root-ca-publisher.ts';
import { startServiceAccountsController } from '../../../src/reference/controllers/serviceaccounts.ts';
import { startServiceAccountTokensController } from '../../../src/reference/controllers/serviceaccount-tokens.ts';
import { startControllerCluster } from '../../helpers/controller-cluster.ts';

const cluster = await startControllerCluster(t);
const { client } = cluster;
const rootCA = '-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----\n';
const issuer = new ServiceAccountIssuer({ key: generateSigningKey() });
await cluster.start((ctx) => startServiceAccountsController(ctx));
await cluster.start((ctx) => startRootCaPublisher(ctx, rootCA));
await cluster.start((ctx) => startServiceAccountTokensController(ctx, { issuer, rootCA }));
await client.create('/api/v1/namespaces', { metadata: { name: 'sa' } });

const named = (name: string) => (items: KubeObject[]) => items.some((o) => o.metadata?.name === name);

t.test('the default ServiceAccount is made, and made again when deleted', async (t) => {
  const [first] = await cluster.waitForList('/api/v1/namespaces/sa/serviceaccounts', named('default'));
  await client.delete('/api/v1/namespaces/sa/serviceaccounts/default');
  const again = await cluster.waitForList('/api/v1/namespaces/sa/serviceaccounts', (items) => items.some((o) => o.metadata?.name === 'default' && o.metadata.uid !== first!.metadata?.uid));
  t.equal(again.length, 1);
});

t.test('kube-root-ca.crt holds the CA and is put back when changed', async (t) => {
  await cluster.waitForList('/api/v1/namespaces/sa/configmaps', named('kube-root-ca.crt'));
  const path = '/api/v1/namespaces/sa/configmaps/kube-root-ca.crt';
  const cm = await client.get(path);
  t.same(cm.data, { 'ca.crt': rootCA });
  t.match(cm.metadata?.annotations?.['kubernetes.io/description'], /^Contains a CA bundle/);
  await client.update(path, { ...cm, data: { 'ca.crt': 'tampered' } });
  await cluster.waitForList('/api/v1/namespaces/sa/configmaps', (items) => items.some((o) => o.metadata?.name === 'kube-root-ca.crt' && (o.data as Record<string, string>)['ca.crt'] === rootCA));
  await client.delete(path);
  const back = await cluster.waitForList('/api/v1/namespaces/sa/configmaps', named('kube-root-ca.crt'));
  t.equal(back.length, 1);
});

t.test('a service-account-token Secret is filled with a token the issuer vouches for', async (t) => {
  await cluster.waitForList('/api/v1/namespaces/sa/serviceaccounts', named('default'));
  await client.create('/api/v1/namespaces/sa/secrets', {
    metadata: { name: 'default-token', annotations: { 'kubernetes.io/service-account.name': 'default' } }, type: 'kubernetes.io/service-account-token',
  } as KubeObject);
  const [secret] = await cluster.waitForList('/api/v1/namespaces/sa/secrets', (items) => items.some((o) => o.metadata?.name === 'default-token' && (o.data as Record<string, string> | undefined)?.token !== undefined));
  const data = secret!.data as Record<string, string>;
  const token = Buffer.from(data.token!, 'base64').toString();
  const account = await client.get('/api/v1/namespaces/sa/serviceaccounts/default');
  t.match(issuer.verify(token), { namespace: 'sa', serviceAccount: { name: 'default', uid: account.metadata?.uid }, legacy: true });
  t.equal(Buffer.from(data['ca.crt']!, 'base64').toString(), rootCA);
  t.equal(secret!.metadata?.annotations?.['kubernetes.io/service-account.uid'], account.metadata?.uid);

  await client.create('/api/v1/namespaces/sa/secrets', {
    metadata: { name: 'orphan-token', annotations: { 'kubernetes.io/service-account.name': 'nobody' } }, type: 'kubernetes.io/service-account-token',
  } as KubeObject);
  await cluster.waitForList('/api/v1/namespaces/sa/secrets', (items) => !items.some((o) => o.metadata?.name === 'orphan-token'));
  t.pass('a token secret for a missing account is deleted');
});
