// The real kubectl 1.34 reading from the reference control plane: get in every
// output format, with label selectors and across namespaces, get --watch,
// describe, explain, api-resources, and the NotFound errors. These tests look
// at names; the columns of each type's table are test/reference/api/printing's.
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { sortedLines, startKubeCli } from '../../helpers/kube-cli.ts';

const cli = await startKubeCli(t);
const { kubectl } = cli;

interface Obj {
  kind: string;
  apiVersion: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; resourceVersion?: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  items?: Obj[];
}

function configMap(name: string, namespace: string, labels: Record<string, string>, data: Record<string, string> = { k: name }): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: ${JSON.stringify(labels)}
data: ${JSON.stringify(data)}
`;
}

const fixture = [
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: get-a\n',
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: get-b\n',
  configMap('front-1', 'get-a', { app: 'shop', tier: 'front' }),
  configMap('front-2', 'get-b', { app: 'shop', tier: 'front' }),
  configMap('back-1', 'get-a', { app: 'shop', tier: 'back' }),
  configMap('plain', 'get-a', { app: 'other' }),
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: get-a
  labels:
    app: shop
spec:
  replicas: 2
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
        env:
        - name: MODE
          value: production
`,
].join('---\n');

const setup = await kubectl(['apply', '-f', cli.write('fixture.yaml', fixture)]);
if (setup.exitCode !== 0) throw new Error(`fixture apply failed: ${setup.stderr}`);

t.test('get -o yaml and -o json: one object, and a list', async (t) => {
  const yaml = await kubectl(['get', 'configmap', 'front-1', '-n', 'get-a', '-o', 'yaml']);
  t.equal(yaml.exitCode, 0, yaml.stderr);
  const cm = parseYaml(yaml.stdout) as Obj;
  t.match(cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'front-1', namespace: 'get-a', labels: { app: 'shop', tier: 'front' } }, data: { k: 'front-1' } });
  t.match(cm.metadata.resourceVersion, /^\d+$/);

  const json = await kubectl(['get', 'deployment', 'web', '-n', 'get-a', '-o', 'json']);
  t.equal(json.exitCode, 0, json.stderr);
  const d = JSON.parse(json.stdout) as Obj;
  t.match(d, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'get-a' }, spec: { replicas: 2 } });

  const list = await kubectl(['get', 'configmaps', '-n', 'get-a', '-o', 'json']);
  t.equal(list.exitCode, 0, list.stderr);
  const l = JSON.parse(list.stdout) as Obj;
  t.equal(l.kind, 'List');
  t.same(l.items?.map((i) => i.metadata.name).sort(), ['back-1', 'front-1', 'plain']);

  const yamlList = await kubectl(['get', 'configmaps,deployments', '-n', 'get-a', '-o', 'yaml']);
  t.equal(yamlList.exitCode, 0, yamlList.stderr);
  t.same((parseYaml(yamlList.stdout) as Obj).items?.map((i) => `${i.kind}/${i.metadata.name}`).sort(), ['ConfigMap/back-1', 'ConfigMap/front-1', 'ConfigMap/plain', 'Deployment/web']);
});

t.test('get as a table, -o wide and -o name', async (t) => {
  const table = await kubectl(['get', 'configmaps', '-n', 'get-a']);
  t.equal(table.exitCode, 0, table.stderr);
  const rows = table.stdout.trim().split('\n');
  t.match(rows[0], /^NAME\s/);
  t.same(rows.slice(1).map((r) => r.split(/\s+/)[0]).sort(), ['back-1', 'front-1', 'plain']);

  const wide = await kubectl(['get', 'deployments', '-n', 'get-a', '-o', 'wide']);
  t.equal(wide.exitCode, 0, wide.stderr);
  t.match(wide.stdout, /^NAME\s/);
  t.match(wide.stdout, /\nweb\s/);

  const names = await kubectl(['get', 'configmaps,deployments', '-n', 'get-a', '-o', 'name']);
  t.equal(names.exitCode, 0, names.stderr);
  t.same(sortedLines(names.stdout), ['configmap/back-1', 'configmap/front-1', 'configmap/plain', 'deployment.apps/web']);
});

t.test('get -o jsonpath', async (t) => {
  const one = await kubectl(['get', 'deployment', 'web', '-n', 'get-a', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[?(@.name=="MODE")].value}']);
  t.equal(one.exitCode, 0, one.stderr);
  t.equal(one.stdout, '2 nginx:1.27 production');

  const range = await kubectl(['get', 'configmaps', '-n', 'get-a', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.data.k}{"\\n"}{end}']);
  t.equal(range.exitCode, 0, range.stderr);
  t.same(sortedLines(range.stdout), ['back-1=back-1', 'front-1=front-1', 'plain=plain']);

  const defaults = await kubectl(['get', 'deployment', 'web', '-n', 'get-a', '-o', 'jsonpath={.spec.strategy.type}/{.spec.template.spec.containers[0].ports[0].protocol}']);
  t.equal(defaults.stdout, 'RollingUpdate/TCP', 'the defaults the API server filled in');
});

t.test('get -l: label selectors', async (t) => {
  const names = async (...args: string[]) => {
    const r = await kubectl(['get', 'configmaps', ...args, '-o', 'name']);
    t.equal(r.exitCode, 0, r.stderr);
    return sortedLines(r.stdout);
  };
  t.same(await names('-n', 'get-a', '-l', 'tier=front'), ['configmap/front-1']);
  t.same(await names('-n', 'get-a', '-l', 'app=shop,tier!=front'), ['configmap/back-1']);
  t.same(await names('-n', 'get-a', '-l', 'tier in (front,back)'), ['configmap/back-1', 'configmap/front-1']);
  t.same(await names('-n', 'get-a', '-l', 'app,!tier'), ['configmap/plain']);
  const none = await kubectl(['get', 'configmaps', '-n', 'get-a', '-l', 'tier=middle']);
  t.equal(none.exitCode, 0);
  t.equal(none.stdout, '');
  t.match(none.stderr, 'No resources found in get-a namespace.');
  const bad = await kubectl(['get', 'configmaps', '-n', 'get-a', '-l', 'tier==in==x']);
  t.not(bad.exitCode, 0, 'a malformed selector is refused');
});

t.test('get -A: every namespace', async (t) => {
  const r = await kubectl(['get', 'configmaps', '-A', '-l', 'app=shop']);
  t.equal(r.exitCode, 0, r.stderr);
  const rows = r.stdout.trim().split('\n');
  t.match(rows[0], /^NAMESPACE\s+NAME\s/);
  t.same(rows.slice(1).map((row) => row.split(/\s+/).slice(0, 2).join('/')).sort(), ['get-a/back-1', 'get-a/front-1', 'get-b/front-2']);

  const json = await kubectl(['get', 'configmaps', '--all-namespaces', '-l', 'tier=front', '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}']);
  t.equal(json.exitCode, 0, json.stderr);
  t.same(sortedLines(json.stdout), ['get-a/front-1', 'get-b/front-2']);

  const namespaces = await kubectl(['get', 'namespaces', '-o', 'name']);
  t.equal(namespaces.exitCode, 0, namespaces.stderr);
  for (const ns of ['default', 'get-a', 'get-b', 'kube-system', 'kube-public', 'kube-node-lease']) t.ok(sortedLines(namespaces.stdout).includes(`namespace/${ns}`), ns);
});

t.test('get --watch: ADDED, MODIFIED and DELETED as objects change', async (t) => {
  const setupNs = await kubectl(['apply', '-f', cli.write('watch-ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: watched\n---\n' + configMap('already', 'watched', { w: 'yes' }))]);
  t.equal(setupNs.exitCode, 0, setupNs.stderr);
  // The request timeout only bounds the watch should the test fail; it is stopped once the last event is seen.
  const watch = cli.kubectlLines(['get', 'configmaps', '-n', 'watched', '-l', 'w=yes', '--watch', '--output-watch-events', '--request-timeout=90s']);
  t.teardown(() => watch.stop());
  // kubectl lists first (the existing object as ADDED), then watches from that list's resourceVersion:
  // whatever is written after this line is seen.
  await watch.waitFor((l) => /^ADDED\s+already\s/.test(l));
  t.match(watch.lines[0], /^EVENT\s+NAME\s/);

  t.equal((await kubectl(['apply', '-f', cli.write('watched.yaml', configMap('fresh', 'watched', { w: 'yes' }))])).exitCode, 0);
  await watch.waitFor((l) => /^ADDED\s+fresh\s/.test(l));
  t.equal((await kubectl(['label', 'configmap', 'fresh', '-n', 'watched', 'extra=1'])).exitCode, 0);
  await watch.waitFor((l) => /^MODIFIED\s+fresh\s/.test(l));
  t.equal((await kubectl(['delete', 'configmap', 'fresh', '-n', 'watched'])).exitCode, 0);
  await watch.waitFor((l) => /^DELETED\s+fresh\s/.test(l));
  // Leaving the selection is a DELETED for this watch.
  t.equal((await kubectl(['label', 'configmap', 'already', '-n', 'watched', 'w=no', '--overwrite'])).exitCode, 0);
  await watch.waitFor((l) => /^DELETED\s+already\s/.test(l));
  // Objects outside the selection are never seen.
  t.equal((await kubectl(['apply', '-f', cli.write('unwatched.yaml', configMap('outside', 'watched', { w: 'no' }))])).exitCode, 0);

  await watch.stop();
  t.same(watch.lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' ')), [
    'ADDED already',
    'ADDED fresh',
    'MODIFIED fresh',
    'DELETED fresh',
    'DELETED already',
  ]);
  t.notOk(watch.lines.some((l) => l.includes('outside')));
});

t.test('get --watch -A -o name, across namespaces', async (t) => {
  const watch = cli.kubectlLines(['get', 'configmaps', '-A', '-l', 'x-watch=all', '--watch', '-o', 'name', '--request-timeout=90s']);
  t.teardown(() => watch.stop());
  // Nothing matches yet, so there is no first line that says the watch is up; the first object is seen
  // either in the initial list or as a watch event, whichever comes first.
  t.equal((await kubectl(['apply', '-f', cli.write('wa-1.yaml', configMap('wa-1', 'get-a', { 'x-watch': 'all' }))])).exitCode, 0);
  await watch.waitFor((l) => l === 'configmap/wa-1');
  t.equal((await kubectl(['apply', '-f', cli.write('wa-2.yaml', configMap('wa-2', 'get-b', { 'x-watch': 'all' }))])).exitCode, 0);
  await watch.waitFor((l) => l === 'configmap/wa-2');
  await watch.stop();
});

t.test('describe', async (t) => {
  const d = await kubectl(['describe', 'deployment', 'web', '-n', 'get-a']);
  t.equal(d.exitCode, 0, d.stderr);
  t.match(d.stdout, /^Name:\s+web$/m);
  t.match(d.stdout, /^Namespace:\s+get-a$/m);
  t.match(d.stdout, /^Labels:\s+app=shop$/m);
  t.match(d.stdout, /^Selector:\s+app=web$/m);
  t.match(d.stdout, /^Replicas:\s+2 desired/m);
  t.match(d.stdout, /^StrategyType:\s+RollingUpdate$/m);
  t.match(d.stdout, /^\s+Image:\s+nginx:1\.27$/m);
  t.match(d.stdout, /^\s+MODE:\s+production$/m);

  const cm = await kubectl(['describe', 'configmap', 'front-1', '-n', 'get-a']);
  t.equal(cm.exitCode, 0, cm.stderr);
  t.match(cm.stdout, /^Name:\s+front-1$/m);
  t.match(cm.stdout, /^Labels:\s+app=shop\n\s+tier=front$/m);
  t.match(cm.stdout, /^Data\n====\nk:\n----\nfront-1\n/m);

  const ns = await kubectl(['describe', 'namespace', 'get-a']);
  t.equal(ns.exitCode, 0, ns.stderr);
  t.match(ns.stdout, /^Status:\s+Active$/m);

  const byLabel = await kubectl(['describe', 'configmaps', '-n', 'get-a', '-l', 'tier']);
  t.equal(byLabel.exitCode, 0, byLabel.stderr);
  t.same(byLabel.stdout.split('\n').filter((l) => l.startsWith('Name:')).map((l) => l.split(/\s+/)[1]).sort(), ['back-1', 'front-1']);

  const missing = await kubectl(['describe', 'configmap', 'nope', '-n', 'get-a']);
  t.equal(missing.exitCode, 1);
  t.match(missing.stderr, 'configmaps "nope" not found');
});

t.test('get of a missing object: NotFound, exit 1', async (t) => {
  const r = await kubectl(['get', 'configmap', 'nope', '-n', 'get-a']);
  t.equal(r.exitCode, 1);
  t.equal(r.stdout, '');
  t.equal(r.stderr.trim(), 'Error from server (NotFound): configmaps "nope" not found');

  const apps = await kubectl(['get', 'deployment', 'nope', '-n', 'get-a', '-o', 'json']);
  t.equal(apps.exitCode, 1);
  t.equal(apps.stderr.trim(), 'Error from server (NotFound): deployments.apps "nope" not found');

  const ns = await kubectl(['get', 'namespace', 'nope']);
  t.equal(ns.exitCode, 1);
  t.equal(ns.stderr.trim(), 'Error from server (NotFound): namespaces "nope" not found');

  const ignored = await kubectl(['get', 'configmap', 'nope', '-n', 'get-a', '--ignore-not-found']);
  t.equal(ignored.exitCode, 0);
  t.equal(ignored.stdout + ignored.stderr, '');

  const emptyNs = await kubectl(['get', 'configmaps', '-n', 'no-such-namespace']);
  t.equal(emptyNs.exitCode, 0, 'a list in a namespace that does not exist is empty, as upstream');
  t.match(emptyNs.stderr, 'No resources found in no-such-namespace namespace.');

  const kind = await kubectl(['get', 'widgets']);
  t.equal(kind.exitCode, 1);
  t.match(kind.stderr, 'error: the server doesn\'t have a resource type "widgets"');
});

t.test('explain', async (t) => {
  const r = await kubectl(['explain', 'pods.spec.containers']);
  t.equal(r.exitCode, 0, r.stderr);
  t.match(r.stdout, /^KIND:\s+Pod$/m);
  t.match(r.stdout, /^VERSION:\s+v1$/m);
  t.match(r.stdout, /^FIELD: containers <\[\]Container>$/m);
  t.match(r.stdout, /^DESCRIPTION:\n\s+List of containers belonging to the pod\./m);
  t.match(r.stdout, /^\s+image\t<string>$/m);
  t.match(r.stdout, /^\s+name\t<string> -required-$/m);

  const deployment = await kubectl(['explain', 'deployment.spec.strategy']);
  t.equal(deployment.exitCode, 0, deployment.stderr);
  t.match(deployment.stdout, /^GROUP:\s+apps$/m);
  t.match(deployment.stdout, /^KIND:\s+Deployment$/m);
  t.match(deployment.stdout, /^\s+rollingUpdate\t<RollingUpdateDeployment>$/m);

  const recursive = await kubectl(['explain', 'configmap', '--recursive']);
  t.equal(recursive.exitCode, 0, recursive.stderr);
  t.match(recursive.stdout, /^\s+binaryData\t<map\[string\]string>$/m);

  const bad = await kubectl(['explain', 'pods.spec.nothing']);
  t.equal(bad.exitCode, 1);
  t.match(bad.stderr, 'field "nothing" does not exist');
});

t.test('api-resources and api-versions', async (t) => {
  const r = await kubectl(['api-resources']);
  t.equal(r.exitCode, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => l.split(/\s+/));
  t.same(rows[0], ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
  const row = (name: string, apiVersion: string) => rows.find((x) => x[0] === name && x.includes(apiVersion));
  t.same(row('configmaps', 'v1'), ['configmaps', 'cm', 'v1', 'true', 'ConfigMap']);
  t.same(row('namespaces', 'v1'), ['namespaces', 'ns', 'v1', 'false', 'Namespace']);
  t.same(row('deployments', 'apps/v1'), ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
  t.same(row('secrets', 'v1'), ['secrets', 'v1', 'true', 'Secret']);
  t.same(row('jobs', 'batch/v1'), ['jobs', 'batch/v1', 'true', 'Job']);

  const apps = await kubectl(['api-resources', '--api-group=apps', '-o', 'name']);
  t.equal(apps.exitCode, 0, apps.stderr);
  t.same(sortedLines(apps.stdout), ['daemonsets.apps', 'deployments.apps', 'replicasets.apps', 'statefulsets.apps']);

  const clusterScoped = await kubectl(['api-resources', '--namespaced=false', '-o', 'name']);
  t.ok(sortedLines(clusterScoped.stdout).includes('nodes'));
  t.notOk(sortedLines(clusterScoped.stdout).includes('pods'));

  const versions = await kubectl(['api-versions']);
  t.equal(versions.exitCode, 0, versions.stderr);
  for (const v of ['v1', 'apps/v1', 'batch/v1', 'coordination.k8s.io/v1', 'networking.k8s.io/v1']) t.ok(sortedLines(versions.stdout).includes(v), v);
});
