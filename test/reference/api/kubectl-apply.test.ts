// The real kubectl 1.34 applying manifests to the reference control plane:
// client-side apply of a multi-document file (created, unchanged, configured),
// server-side apply with field managers and conflicts, and the errors kubectl
// shows for invalid objects, unknown fields and missing namespaces.
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { sortedLines, startKubeCli } from '../../helpers/kube-cli.ts';

const cli = await startKubeCli(t);
const { kubectl } = cli;

interface Obj {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; managedFields?: Array<{ manager: string; operation: string; fieldsV1?: Record<string, unknown> }> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [k: string]: unknown;
}

async function getJson(...args: string[]): Promise<Obj> {
  const r = await kubectl(['get', ...args, '-o', 'json']);
  if (r.exitCode !== 0) throw new Error(`kubectl get ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Obj;
}

function appManifest(o: { replicas: number; greeting: string; port: number }): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  replicas: ${o.replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - name: http
    port: ${o.port}
    targetPort: 80
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
data:
  greeting: ${o.greeting}
---
apiVersion: v1
kind: Secret
metadata:
  name: web-secret
  namespace: shop
type: Opaque
data:
  password: c2VjcmV0
`;
}

const kinds = ['namespace/shop', 'deployment.apps/web', 'service/web', 'configmap/web-config', 'secret/web-secret'];

t.test('apply -f of a multi-document file: created, then unchanged, then configured', async (t) => {
  const file = cli.write('app/app.yaml', appManifest({ replicas: 2, greeting: 'hello', port: 80 }));

  const first = await kubectl(['apply', '-f', file]);
  t.equal(first.exitCode, 0, first.stderr);
  t.same(sortedLines(first.stdout), kinds.map((k) => `${k} created`).sort());

  const second = await kubectl(['apply', '-f', file]);
  t.equal(second.exitCode, 0, second.stderr);
  t.same(sortedLines(second.stdout), kinds.map((k) => `${k} unchanged`).sort(), 'a second apply of the same file changes nothing');

  const deployment = await getJson('deployment', 'web', '-n', 'shop');
  t.equal(deployment.spec?.replicas, 2);
  t.equal(deployment.metadata.labels?.app, 'web');
  t.match(deployment.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], /"replicas":2/);

  // The objects read back as YAML, with the API server's defaults.
  const yaml = await kubectl(['get', 'deployment', 'web', '-n', 'shop', '-o', 'yaml']);
  t.equal(yaml.exitCode, 0, yaml.stderr);
  const d = parseYaml(yaml.stdout) as Obj;
  t.equal(d.kind, 'Deployment');
  t.equal(d.apiVersion, 'apps/v1');
  t.match(d.spec, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
  t.match(d.spec, { template: { spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [{ name: 'web', terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent' }] } } });
  t.notOk(d.metadata.managedFields, 'kubectl hides managedFields by default');

  cli.write('app/app.yaml', appManifest({ replicas: 3, greeting: 'bonjour', port: 8080 }));
  const third = await kubectl(['apply', '-f', file]);
  t.equal(third.exitCode, 0, third.stderr);
  t.same(sortedLines(third.stdout), [
    'configmap/web-config configured',
    'deployment.apps/web configured',
    'namespace/shop unchanged',
    'secret/web-secret unchanged',
    'service/web configured',
  ]);
  t.equal((await getJson('deployment', 'web', '-n', 'shop')).spec?.replicas, 3);
  t.same((await getJson('configmap', 'web-config', '-n', 'shop')).data, { greeting: 'bonjour' });
  const ports = (await getJson('service', 'web', '-n', 'shop')).spec?.ports as Array<Record<string, unknown>>;
  t.same(ports, [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 80 }], 'the port list is replaced, defaults kept');
  t.same((await getJson('secret', 'web-secret', '-n', 'shop')).data, { password: 'c2VjcmV0' });
});

t.test('apply -f removes what was dropped from the file (three-way merge)', async (t) => {
  const file = cli.write('three-way.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: three-way
  namespace: default
  labels:
    keep: "yes"
    drop: "yes"
data:
  a: "1"
  b: "2"
`);
  t.equal((await kubectl(['apply', '-f', file])).exitCode, 0);
  // A change made by someone else, not in the file: apply must keep it.
  t.equal((await kubectl(['label', 'configmap', 'three-way', 'other=kept'])).exitCode, 0);
  cli.write('three-way.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: three-way
  namespace: default
  labels:
    keep: "yes"
data:
  a: "1"
`);
  const r = await kubectl(['apply', '-f', file]);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout.trim(), 'configmap/three-way configured');
  const cm = await getJson('configmap', 'three-way');
  t.same(cm.data, { a: '1' });
  t.same(cm.metadata.labels, { keep: 'yes', other: 'kept' });
});

t.test('apply --server-side: field managers, a conflict, then --force-conflicts', async (t) => {
  const first = cli.write('ssa/first.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: owned
  namespace: default
data:
  owner: first
  shared: same
`);
  const created = await kubectl(['apply', '--server-side', '-f', first]);
  t.equal(created.exitCode, 0, created.stderr);
  t.equal(created.stdout.trim(), 'configmap/owned serverside-applied');
  const again = await kubectl(['apply', '--server-side', '-f', first]);
  t.equal(again.exitCode, 0, again.stderr);
  t.equal(again.stdout.trim(), 'configmap/owned serverside-applied');

  let cm = await getJson('configmap', 'owned', '--show-managed-fields');
  t.same(cm.metadata.managedFields?.map((m) => [m.manager, m.operation]), [['kubectl', 'Apply']]);
  t.same(cm.metadata.managedFields?.[0]?.fieldsV1, { 'f:data': { 'f:owner': {}, 'f:shared': {} } }, 'an Apply entry lists the applied fields');

  const second = cli.write('ssa/second.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: owned
  namespace: default
data:
  owner: second
  shared: same
`);
  const conflict = await kubectl(['apply', '--server-side', '--field-manager=other', '-f', second]);
  t.equal(conflict.exitCode, 1, 'a conflict fails the apply');
  t.match(conflict.stderr, 'Apply failed with 1 conflict: conflict with "kubectl": .data.owner');
  t.match(conflict.stderr, '--force-conflicts');
  t.equal((await getJson('configmap', 'owned')).data?.owner, 'first', 'nothing was written');

  const forced = await kubectl(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', second]);
  t.equal(forced.exitCode, 0, forced.stderr);
  t.equal(forced.stdout.trim(), 'configmap/owned serverside-applied');
  cm = await getJson('configmap', 'owned', '--show-managed-fields');
  t.same(cm.data, { owner: 'second', shared: 'same' });
  const managers = Object.fromEntries((cm.metadata.managedFields ?? []).map((m) => [m.manager, m.fieldsV1]));
  t.same(managers, {
    kubectl: { 'f:data': { 'f:shared': {} } },
    other: { 'f:data': { 'f:owner': {}, 'f:shared': {} } },
  }, 'the forced field moved to the new manager, the shared one is co-owned');
});

t.test('apply --server-side --dry-run=server writes nothing', async (t) => {
  const file = cli.write('dry-run.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: dry
  namespace: default
data:
  a: "1"
`);
  const r = await kubectl(['apply', '--server-side', '--dry-run=server', '-f', file]);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout.trim(), 'configmap/dry serverside-applied (server dry run)');
  const get = await kubectl(['get', 'configmap', 'dry']);
  t.equal(get.exitCode, 1);
  t.match(get.stderr, 'configmaps "dry" not found');
});

t.test('apply of an invalid object: 422 naming the field, nothing stored', async (t) => {
  const file = cli.write('invalid.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
  namespace: default
spec:
  replicas: -1
  selector:
    matchLabels:
      app: broken
  template:
    metadata:
      labels:
        app: other
    spec:
      containers:
      - name: c
        image: busybox
`);
  for (const mode of [[], ['--server-side']]) {
    const r = await kubectl(['apply', ...mode, '-f', file]);
    t.equal(r.exitCode, 1, `apply ${mode.join(' ')} fails`);
    t.match(r.stderr, 'The Deployment "broken" is invalid:');
    t.match(r.stderr, 'spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    t.match(r.stderr, "spec.template.metadata.labels: Invalid value: {\"app\":\"other\"}: `selector` does not match template `labels`");
  }
  const get = await kubectl(['get', 'deployment', 'broken']);
  t.equal(get.exitCode, 1);
  t.match(get.stderr, 'Error from server (NotFound): deployments.apps "broken" not found');

  const badName = cli.write('bad-name.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: Bad_Name
  namespace: default
`);
  const r = await kubectl(['apply', '-f', badName]);
  t.equal(r.exitCode, 1);
  t.match(r.stderr, 'The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of');
});

t.test('unknown fields: rejected by --validate=strict (the default), warned about or dropped otherwise', async (t) => {
  const manifest = (name: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: default
bogus: 1
data:
  a: "1"
`;
  const strict = await kubectl(['apply', '-f', cli.write('unknown/strict.yaml', manifest('strict'))]);
  t.equal(strict.exitCode, 1, 'kubectl asks for fieldValidation=Strict');
  t.match(strict.stderr, 'Error from server (BadRequest): error when creating');
  t.match(strict.stderr, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"');
  t.equal((await kubectl(['get', 'configmap', 'strict'])).exitCode, 1, 'nothing stored');

  const warn = await kubectl(['apply', '--validate=warn', '-f', cli.write('unknown/warn.yaml', manifest('warn'))]);
  t.equal(warn.exitCode, 0, warn.stderr);
  t.match(warn.stderr, 'Warning: unknown field "bogus"');
  t.equal(warn.stdout.trim(), 'configmap/warn created');
  const stored = await getJson('configmap', 'warn');
  t.notOk('bogus' in stored, 'the unknown field is dropped, never stored');
  t.same(stored.data, { a: '1' });

  const ignore = await kubectl(['apply', '--validate=false', '-f', cli.write('unknown/ignore.yaml', manifest('ignore'))]);
  t.equal(ignore.exitCode, 0, ignore.stderr);
  t.notMatch(ignore.stderr, 'unknown field');
  t.notOk('bogus' in (await getJson('configmap', 'ignore')));

  const nested = await kubectl(['apply', '-f', cli.write('unknown/nested.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nested
  namespace: default
spec:
  selector:
    matchLabels:
      app: nested
  template:
    metadata:
      labels:
        app: nested
    spec:
      containers:
      - name: c
        image: busybox
        imagePullPolicyy: Always
`)]);
  t.equal(nested.exitCode, 1);
  t.match(nested.stderr, 'strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicyy"');

  const ssa = await kubectl(['apply', '--server-side', '-f', cli.write('unknown/ssa.yaml', manifest('ssa'))]);
  t.equal(ssa.exitCode, 1, 'server-side apply refuses fields the schema does not declare');
  t.match(ssa.stderr, '.bogus: field not declared in schema');
  t.equal((await kubectl(['get', 'configmap', 'ssa'])).exitCode, 1);
});

t.test('a namespaced object into a namespace that does not exist', async (t) => {
  const file = cli.write('nowhere.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: lost
  namespace: nowhere
data:
  a: "1"
`);
  const r = await kubectl(['apply', '-f', file]);
  t.equal(r.exitCode, 1);
  t.match(r.stderr, 'Error from server (NotFound): error when creating "');
  t.match(r.stderr, 'namespaces "nowhere" not found');
  const ssa = await kubectl(['apply', '--server-side', '-f', file]);
  t.equal(ssa.exitCode, 1);
  t.match(ssa.stderr, 'Error from server (NotFound): namespaces "nowhere" not found');
  const create = await kubectl(['create', '-f', file]);
  t.equal(create.exitCode, 1);
  t.match(create.stderr, 'namespaces "nowhere" not found');
});
