// Real helm 4 against the reference control plane: it keeps its releases in
// Secrets it writes and deletes with protobuf bodies.
import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeProtobufObject, protobufMediaType } from '../../../../src/reference/api/protobuf/decode-object.ts';
import { helmPath, kubectlPath } from '../../../helpers/client-tools.ts';
import { startRecordedControlPlane } from './fixtures/recorded-control-plane.ts';

const run = promisify(execFile);
const controlPlane = await startRecordedControlPlane(t);
const home = t.testdir();
const env = { ...process.env, HOME: home, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') };

const chart = join(home, 'tiny');
mkdirSync(join(chart, 'templates'), { recursive: true });
writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: tiny\nversion: 0.1.0\n');
writeFileSync(join(chart, 'templates', 'configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-greeting\ndata:\n  greeting: hello\n');

async function helm(...args: string[]): Promise<string> {
  return (await run(helmPath(), ['--kubeconfig', controlPlane.kubeconfig, ...args], { env })).stdout;
}

async function kubectl(...args: string[]): Promise<string> {
  return (await run(kubectlPath(), ['--kubeconfig', controlPlane.kubeconfig, ...args])).stdout;
}

function secretBodies(method: string, from: number) {
  return controlPlane.requests.slice(from).filter((r) => r.method === method && r.path.includes('/secrets'));
}

t.test('helm install stores its release Secret through protobuf', async (t) => {
  const from = controlPlane.requests.length;
  await helm('install', 'demo', chart);
  const created = secretBodies('POST', from);
  t.equal(created.length, 1);
  t.equal(created[0]!.contentType, protobufMediaType);
  t.match(decodeProtobufObject(created[0]!.body), {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: { name: 'sh.helm.release.v1.demo.v1', labels: { owner: 'helm', name: 'demo', status: 'pending-install' } },
    data: { release: /^[A-Za-z0-9+/]+=*$/ },
    type: 'helm.sh/release.v1',
  });
  t.match(JSON.parse(await helm('list', '-o', 'json')), [{ name: 'demo', namespace: 'default', revision: '1', status: 'deployed', chart: 'tiny-0.1.0' }]);
  const secret = JSON.parse(await kubectl('get', 'secret', 'sh.helm.release.v1.demo.v1', '-o', 'json'));
  t.match(secret, { type: 'helm.sh/release.v1', metadata: { labels: { status: 'deployed' } } });
  t.match(JSON.parse(await kubectl('get', 'configmap', 'demo-greeting', '-o', 'json')), { data: { greeting: 'hello' } });
});

t.test('helm uninstall deletes it with protobuf DeleteOptions', async (t) => {
  const from = controlPlane.requests.length;
  await helm('uninstall', 'demo');
  const deletes = secretBodies('DELETE', from);
  t.equal(deletes.length, 1);
  t.equal(deletes[0]!.contentType, protobufMediaType);
  t.strictSame(decodeProtobufObject(deletes[0]!.body), { kind: 'DeleteOptions', apiVersion: 'v1' });
  t.strictSame(JSON.parse(await helm('list', '-o', 'json')), []);
});
