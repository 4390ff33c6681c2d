// The real kubectl 1.34 applying a v1 List, the file `kubectl get -o yaml`
// writes. kubectl validates kind List against OpenAPI v2, which it reads as
// gnostic protobuf from /openapi/v2; its client-side validation errors name
// the field, and --validate=strict refuses unknown fields.
import t from 'tap';
import { startKubeCli } from '../../helpers/kube-cli.ts';

const cli = await startKubeCli(t);
const { kubectl } = cli;

function list(...items: Record<string, unknown>[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { mode: 'fast' } };

function deployment(name: string, replicas: unknown): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    },
  };
}

t.test('kubectl apply -f of a v1 List creates its items', async (t) => {
  const file = cli.write('list.json', list(configMap, deployment('web', 2)));
  const applied = await kubectl(['apply', '-f', file]);
  t.equal(applied.exitCode, 0, applied.stderr);
  t.match(applied.stdout, /configmap\/settings created/);
  t.match(applied.stdout, /deployment.apps\/web created/);
  const replicas = await kubectl(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}']);
  t.equal(replicas.stdout, '2');
});

t.test('an item of the wrong type gets the client-side validation error naming the field', async (t) => {
  const file = cli.write('wrong-type.json', list(deployment('wrong', 'two')));
  const applied = await kubectl(['apply', '-f', file]);
  t.not(applied.exitCode, 0);
  t.match(applied.stderr, /ValidationError\(Deployment\.spec\.replicas\): invalid type for io\.k8s\.api\.apps\.v1\.DeploymentSpec\.replicas: got "string", expected "integer"/);
  const got = await kubectl(['get', 'deployment', 'wrong']);
  t.not(got.exitCode, 0, 'nothing was created');
});

t.test('--validate=strict refuses an unknown field in an item', async (t) => {
  const file = cli.write('unknown-field.json', list({ ...configMap, metadata: { name: 'extra', namespace: 'default' }, surplus: 1 }));
  const applied = await kubectl(['apply', '--validate=strict', '-f', file]);
  t.not(applied.exitCode, 0);
  t.match(applied.stderr, /unknown field "surplus" in io\.k8s\.api\.core\.v1\.ConfigMap/);
  const got = await kubectl(['get', 'configmap', 'extra']);
  t.not(got.exitCode, 0, 'nothing was created');
});

t.test('clients that ask for JSON still get the JSON document', async (t) => {
  const raw = await kubectl(['get', '--raw', '/openapi/v2']);
  t.equal(raw.exitCode, 0, raw.stderr);
  const doc = JSON.parse(raw.stdout) as { swagger: string; definitions: Record<string, unknown> };
  t.equal(doc.swagger, '2.0');
  t.ok(doc.definitions['io.k8s.api.core.v1.ConfigMap']);
});
