// The real kubectl 1.34 printing server-side Tables from the reference control
// plane (with its controllers and a simulated node): for every listable type,
// `kubectl get` and `kubectl get -o wide` header lines are upstream's; pods,
// services, nodes, workloads and custom resources show upstream's cell texts;
// `get -w` prints Table rows as objects change; -o name, -o json and includeObject
// still give objects; metadata-only reads answer PartialObjectMetadata(List).
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startKubeCli, sortedLines } from '../../../helpers/kube-cli.ts';
import { resourceTypes } from '../../../../src/reference/api/resources.ts';
import { credentialsOf, rawRequest } from '../fixtures/raw-https.ts';
import { upstreamColumns } from './fixtures/upstream-columns.ts';

const cli = await startKubeCli(t, { controllers: true, extraArgs: ['--simulated-nodes', '1'] });
const { kubectl } = cli;
const creds = credentialsOf(readFileSync(cli.cp.kubeconfig, 'utf8'));

function csrYaml(): string {
  const key = join(cli.dir, 'csr.key');
  const csr = execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=print-user', '-keyout', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: print-user}
spec:
  request: ${Buffer.from(csr).toString('base64')}
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400
  usages: [client auth]
`;
}

const apiService = `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1.print.example.com}
spec:
  group: print.example.com
  version: v1
  groupPriorityMinimum: 100
  versionPriority: 10
  service: {namespace: print, name: web, port: 443}
  insecureSkipTLSVerify: true
`;

const fixture = readFileSync(new URL('./fixtures/one-of-each.yaml', import.meta.url), 'utf8');
const crdFirst = await kubectl(['apply', '-f', cli.write('one-of-each.yaml', fixture)]);
// The custom resource waits for its definition to be established.
await kubectl(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=60s']);
const rest = await kubectl(['apply', '-f', cli.write('rest.yaml', [csrYaml(), apiService, 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: small, namespace: print}\nspec: {size: 3, color: blue}\n'].join('---\n'))]);
t.equal(crdFirst.exitCode, 0, crdFirst.stderr);
t.equal(rest.exitCode, 0, rest.stderr);

/** The header line of kubectl's table output, split into column names. */
function header(stdout: string): string[] {
  return (stdout.split('\n')[0] ?? '').trim().split(/\s{2,}/);
}

/** Rows of kubectl's table output as column name -> cell text. */
function rows(stdout: string): Record<string, string>[] {
  const lines = stdout.split('\n').filter((l) => l.trim());
  const head = lines[0] ?? '';
  const names = head.trim().split(/\s{2,}/);
  // Where each column starts; searched left to right, as one name can contain another (NAMESPACE, NAME).
  const starts: number[] = [];
  let from = 0;
  for (const n of names) {
    const at = head.indexOf(n, from);
    starts.push(at);
    from = at + n.length;
  }
  return lines.slice(1).map((line) => Object.fromEntries(names.map((n, i) => [n, line.slice(starts[i], i + 1 < names.length ? starts[i + 1] : undefined).trim()])));
}

function resourceName(group: string, plural: string): string {
  return group ? `${plural}.${group}` : plural;
}

t.test('every listable built-in type: the header lines of get and get -o wide', async (t) => {
  const listable = resourceTypes.filter((x) => x.verbs.includes('list'));
  for (const type of listable) {
    const key = `${type.group}/${type.kind}`;
    const want = upstreamColumns[key]!;
    const args = ['get', resourceName(type.group, type.plural), ...(type.namespaced ? ['-n', 'print'] : [])];
    const plain = await kubectl(args);
    t.equal(plain.exitCode, 0, `${key}: ${plain.stderr}`);
    if (plain.stdout === '') {
      // ComponentStatus objects are computed by the server; nothing else here may be empty.
      t.equal(type.kind, 'ComponentStatus', `${key} has objects to print`);
      continue;
    }
    t.same(header(plain.stdout), want.get, `${key} get`);
    const wide = await kubectl([...args, '-o', 'wide']);
    t.same(header(wide.stdout), want.wide, `${key} get -o wide`);
  }
});

t.test('pods: READY, STATUS, RESTARTS and the wide IP and NODE', async (t) => {
  t.equal((await kubectl(['rollout', 'status', 'deployment/web', '-n', 'print', '--timeout=90s'])).exitCode, 0);
  const done = await kubectl(['wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/done', '-n', 'print', '--timeout=60s']);
  t.equal(done.exitCode, 0, done.stderr);
  const pods = rows((await kubectl(['get', 'pods', '-n', 'print', '-o', 'wide'])).stdout);
  const web = pods.filter((p) => p.NAME!.startsWith('web-'));
  t.equal(web.length, 2);
  for (const p of web) {
    t.match(p, { READY: '2/2', STATUS: 'Running', RESTARTS: '0', NODE: 'kdrill-node-0', 'NOMINATED NODE': '<none>', 'READINESS GATES': '<none>' });
    t.match(p.IP, /^\d+\.\d+\.\d+\.\d+$/);
    t.match(p.AGE, /^\d+s$/);
  }
  t.match(pods.find((p) => p.NAME === 'done'), { READY: '0/1', STATUS: 'Completed', RESTARTS: '0' });
});

t.test('a crashing pod: CrashLoopBackOff and RESTARTS with the time of the last one', async (t) => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: crasher, namespace: print}\nspec:\n  containers: [{name: c, image: busybox, command: [\'false\']}]\n';
  t.equal((await kubectl(['apply', '-f', cli.write('crasher.yaml', pod)])).exitCode, 0);
  const backingOff = await kubectl(['wait', '--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=CrashLoopBackOff', 'pod/crasher', '-n', 'print', '--timeout=60s']);
  t.equal(backingOff.exitCode, 0, backingOff.stderr);
  const restarted = await kubectl(['wait', '--for=jsonpath={.status.containerStatuses[0].restartCount}=1', 'pod/crasher', '-n', 'print', '--timeout=60s']);
  t.equal(restarted.exitCode, 0, restarted.stderr);
  // The row and the object it was printed from, in one read: the simulated node keeps restarting the container.
  const read = await rawRequest(creds, 'GET', '/api/v1/namespaces/print/pods/crasher?includeObject=Object', { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
  const { cells, object } = (read.json as { rows: { cells: string[]; object: { status: { containerStatuses: { restartCount: number; ready: boolean; state: { waiting?: { reason: string } } }[] } } }[] }).rows[0]!;
  const status = object.status.containerStatuses[0]!;
  t.ok(status.restartCount >= 1);
  t.equal(cells[1], `${status.ready ? 1 : 0}/1`);
  if (status.state.waiting) t.equal(cells[2], status.state.waiting.reason);
  t.match(cells[3], new RegExp(`^${status.restartCount} \\(\\d+s ago\\)$`));
});

t.test('services: TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), SELECTOR', async (t) => {
  const svcs = rows((await kubectl(['get', 'services', '-n', 'print', '-o', 'wide'])).stdout);
  const byName = Object.fromEntries(svcs.map((s) => [s.NAME, s]));
  t.match(byName.web, { TYPE: 'ClusterIP', 'EXTERNAL-IP': '<none>', 'PORT(S)': '80/TCP,443/TCP', SELECTOR: 'app=web' });
  t.match(byName.web!['CLUSTER-IP'], /^\d+\.\d+\.\d+\.\d+$/);
  t.match(byName.nodeport, { TYPE: 'NodePort', 'PORT(S)': '8080:30123/TCP' });
  t.match(byName.lb, { TYPE: 'LoadBalancer', 'EXTERNAL-IP': '<pending>' });
  t.match(byName.lb!['PORT(S)'], /^53:\d+\/UDP$/);
});

t.test('nodes: STATUS, ROLES, VERSION, and cordoned', async (t) => {
  const version = (await kubectl(['get', 'node', 'kdrill-node-0', '-o', 'jsonpath={.status.nodeInfo.kubeletVersion}'])).stdout;
  t.match(rows((await kubectl(['get', 'nodes'])).stdout)[0], { NAME: 'kdrill-node-0', STATUS: 'Ready', ROLES: '<none>', VERSION: version });
  t.equal((await kubectl(['cordon', 'kdrill-node-0'])).exitCode, 0);
  t.teardown(() => kubectl(['uncordon', 'kdrill-node-0']));
  const wide = rows((await kubectl(['get', 'nodes', '-o', 'wide'])).stdout)[0]!;
  t.equal(wide.STATUS, 'Ready,SchedulingDisabled');
  const ip = (await kubectl(['get', 'node', 'kdrill-node-0', '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}'])).stdout;
  t.equal(wide['INTERNAL-IP'], ip || '<none>');
  t.equal((await kubectl(['uncordon', 'kdrill-node-0'])).exitCode, 0);
});

t.test('workloads and the rest: cells kubectl shows', async (t) => {
  const one = async (resource: string, ns = true) => rows((await kubectl(['get', resource, ...(ns ? ['-n', 'print'] : []), '-o', 'wide'])).stdout)[0]!;
  t.match(await one('deployment/web'), { READY: '2/2', 'UP-TO-DATE': '2', AVAILABLE: '2', CONTAINERS: 'web,log', IMAGES: 'nginx:1.27,busybox', SELECTOR: 'app=web' });
  t.match(await one('configmap/settings'), { DATA: '2' });
  t.match(await one('secret/token'), { TYPE: 'Opaque', DATA: '1' });
  t.match(await one('cronjob/nightly'), { SCHEDULE: '0 3 * * *', TIMEZONE: '<none>', SUSPEND: 'False', ACTIVE: '0', 'LAST SCHEDULE': '<none>' });
  t.match(await one('endpoints/manual'), { ENDPOINTS: '10.1.0.1:80,10.1.0.2:80' });
  t.match(await one('rolebinding/reader'), { ROLE: 'Role/reader', USERS: 'alice', SERVICEACCOUNTS: 'print/robot' });
  t.match(await one('pv/pv-print', false), { CAPACITY: '5Gi', 'ACCESS MODES': 'RWO,ROX', 'RECLAIM POLICY': 'Retain', STORAGECLASS: 'manual' });
  t.match(await one('storageclass/print-default', false), { NAME: 'print-default (default)', PROVISIONER: 'example.com/print', RECLAIMPOLICY: 'Delete', VOLUMEBINDINGMODE: 'Immediate', ALLOWVOLUMEEXPANSION: 'false' });
  t.match(await one('hpa/web'), { REFERENCE: 'Deployment/web', MINPODS: '1', MAXPODS: '4' });
  t.match(await one('ingress/site'), { CLASS: '<none>', HOSTS: 'site.example.com', PORTS: '80' });
  t.match(await one('events.events.k8s.io/web.2'), { TYPE: 'Normal', REASON: 'ScalingReplicaSet', OBJECT: 'deployment/web', SOURCE: 'deployment-controller, cp-1', MESSAGE: 'Scaled up', COUNT: '1' });
  t.match(await one('csr/print-user', false), { SIGNERNAME: 'kubernetes.io/kube-apiserver-client', REQUESTEDDURATION: '24h', CONDITION: 'Pending' });
  t.match((await one('clusterrole/print-reader', false))['CREATED AT'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const job = await kubectl(['wait', '--for=condition=Complete', 'job/once', '-n', 'print', '--timeout=60s']);
  t.equal(job.exitCode, 0, job.stderr);
  t.match(await one('job/once'), { STATUS: 'Complete', COMPLETIONS: '1/1' });
});

t.test('custom resources: the version\'s additionalPrinterColumns', async (t) => {
  const plain = await kubectl(['get', 'widgets', '-n', 'print']);
  t.equal(plain.exitCode, 0, plain.stderr);
  t.same(header(plain.stdout), ['NAME', 'SIZE', 'AGE']);
  t.match(rows(plain.stdout)[0], { NAME: 'small', SIZE: '3' });
  const wide = await kubectl(['get', 'widgets', '-n', 'print', '-o', 'wide']);
  t.same(header(wide.stdout), ['NAME', 'SIZE', 'COLOR', 'AGE']);
  t.match(rows(wide.stdout)[0], { COLOR: 'blue' });
  t.same(header((await kubectl(['get', 'crds'])).stdout), ['NAME', 'CREATED AT']);
});

t.test('-o name, -o json and a custom-columns view still read objects', async (t) => {
  t.same(sortedLines((await kubectl(['get', 'configmaps,services', '-n', 'print', '-o', 'name'])).stdout).filter((l) => !l.includes('kube-root-ca')), ['configmap/settings', 'service/lb', 'service/nodeport', 'service/web']);
  const json = JSON.parse((await kubectl(['get', 'service', 'web', '-n', 'print', '-o', 'json'])).stdout) as { kind: string; spec: { ports: unknown[] } };
  t.equal(json.kind, 'Service');
  t.equal(json.spec.ports.length, 2);
  const cc = await kubectl(['get', 'pods', '-n', 'print', '-l', 'app=web', '-o', 'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image', '--no-headers']);
  t.same(cc.stdout.trim().split('\n').map((l) => l.split(/\s+/)[1]), ['nginx:1.27', 'nginx:1.27']);
  const labels = await kubectl(['get', 'deployment', 'web', '-n', 'print', '--show-labels', '-L', 'app']);
  t.same(header(labels.stdout), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'APP', 'LABELS']);
});

t.test('get -w: Table rows as objects change', async (t) => {
  const watch = cli.kubectlLines(['get', 'configmaps', '-n', 'print', '-l', 'watch=me', '-w', '--request-timeout=90s']);
  t.teardown(() => watch.stop());
  t.equal((await kubectl(['create', 'configmap', 'w1', '-n', 'print', '--from-literal=a=1'])).exitCode, 0);
  t.equal((await kubectl(['label', 'configmap', 'w1', '-n', 'print', 'watch=me'])).exitCode, 0);
  await watch.waitFor((l) => /^w1\s+1\s+\d+s$/.test(l));
  t.same(header(watch.lines[0]!), ['NAME', 'DATA', 'AGE'], 'the header from the first event\'s column definitions');
  t.equal((await kubectl(['patch', 'configmap', 'w1', '-n', 'print', '-p', '{"data":{"b":"2"}}'])).exitCode, 0);
  await watch.waitFor((l) => /^w1\s+2\s+\d+s$/.test(l));
  await watch.stop();
  t.equal(watch.lines.filter((l) => l.startsWith('NAME')).length, 1, 'one header');
});

t.test('get pods -w: a pod\'s row as it is scheduled, runs and goes', async (t) => {
  const watch = cli.kubectlLines(['get', 'pods', '-n', 'print', '-l', 'watched=yes', '-w', '--output-watch-events', '--request-timeout=90s']);
  t.teardown(() => watch.stop());
  t.equal((await kubectl(['run', 'watched', '-n', 'print', '--image=busybox', '--labels=watched=yes', '--restart=Never', '--', 'sleep', '3600'])).exitCode, 0);
  // Whether the first row shows it Pending or already Running depends on how fast the simulated node starts it.
  await watch.waitFor((l) => /^(ADDED|MODIFIED)\s+watched\s+1\/1\s+Running\s+0\s+\d+s$/.test(l));
  t.same(header(watch.lines[0]!), ['EVENT', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
  for (const line of watch.lines.slice(1)) t.match(line, /^(ADDED|MODIFIED)\s+watched\s+[01]\/1\s+(Pending|ContainerCreating|Running)\s+0\s+\d+s$/);
  t.equal((await kubectl(['delete', 'pod', 'watched', '-n', 'print', '--wait=false'])).exitCode, 0);
  await watch.waitFor((l) => /^DELETED\s+watched\s/.test(l));
  await watch.stop();
});

t.test('--sort-by reads the objects the rows carry (includeObject=Object)', async (t) => {
  const r = await kubectl(['get', 'services', '-n', 'print', '--sort-by=.spec.ports[0].port']);
  t.equal(r.exitCode, 0, r.stderr);
  t.same(rows(r.stdout).map((x) => x.NAME), ['lb', 'web', 'nodeport']);
  const all = await kubectl(['get', 'configmaps', '-A', '-l', 'watch=me']);
  t.same(header(all.stdout), ['NAMESPACE', 'NAME', 'DATA', 'AGE'], 'the namespace comes from the rows\' metadata');
  t.match(rows(all.stdout)[0], { NAMESPACE: 'print', NAME: 'w1' });
});

t.test('raw reads: Table, includeObject, PartialObjectMetadata(List), 406', async (t) => {
  const asTable = { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
  const list = await rawRequest(creds, 'GET', '/api/v1/namespaces/print/configmaps?limit=1', { headers: asTable });
  t.equal(list.code, 200);
  const table = list.json as { kind: string; apiVersion: string; metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number }; rows: { object: { kind: string } }[] };
  t.match(table, { kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
  t.match(table.metadata.resourceVersion, /^\d+$/);
  t.ok(table.metadata.continue, 'paging survives the conversion');
  t.equal(table.rows[0]!.object.kind, 'PartialObjectMetadata');
  const full = await rawRequest(creds, 'GET', '/api/v1/namespaces/print/configmaps/settings?includeObject=Object', { headers: asTable });
  t.match(full.json, { rows: [{ cells: ['settings', 2], object: { kind: 'ConfigMap', data: { a: '1' } } }] });
  const bad = await rawRequest(creds, 'GET', '/api/v1/namespaces/print/configmaps?includeObject=Everything', { headers: asTable });
  t.equal(bad.code, 400);
  const beta = await rawRequest(creds, 'GET', '/api/v1/nodes', { headers: { Accept: 'application/json;as=Table;v=v1beta1;g=meta.k8s.io' } });
  t.match(beta.json, { kind: 'Table', apiVersion: 'meta.k8s.io/v1beta1', rows: [{ cells: ['kdrill-node-0'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1beta1' } }] });

  const meta = await rawRequest(creds, 'GET', '/apis/apps/v1/namespaces/print/deployments', { headers: { Accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json' } });
  t.match(meta.json, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', items: [{ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'web', namespace: 'print' } }] });
  t.notOk((meta.json as { items: Record<string, unknown>[] }).items[0]!.spec, 'metadata only');
  const one = await rawRequest(creds, 'GET', '/apis/apps/v1/namespaces/print/deployments/web', { headers: { Accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' } });
  t.match(one.json, { kind: 'PartialObjectMetadata', metadata: { name: 'web', labels: undefined } });
  const wrong = await rawRequest(creds, 'GET', '/apis/apps/v1/namespaces/print/deployments', { headers: { Accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' } });
  t.match(wrong, { code: 406, json: { reason: 'NotAcceptable', message: 'you requested PartialObjectMetadata, but the requested object is a list (*apps.DeploymentList)' } });
  const done = await rawRequest(creds, 'GET', '/api/v1/namespaces/print/pods/done', { headers: asTable });
  t.same((done.json as { rows: { conditions: unknown }[] }).rows[0]!.conditions, [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  const widgets = await rawRequest(creds, 'GET', '/apis/example.com/v1/namespaces/print/widgets', { headers: { Accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1' } });
  t.match(widgets.json, { kind: 'PartialObjectMetadataList', items: [{ kind: 'PartialObjectMetadata', metadata: { name: 'small' } }] });
  const widgetTable = await rawRequest(creds, 'GET', '/apis/example.com/v1/namespaces/print/widgets/small', { headers: asTable });
  t.match(widgetTable.json, { kind: 'Table', columnDefinitions: [{ name: 'Name', format: 'name' }, { name: 'Size', type: 'integer' }, { name: 'Color', priority: 1 }, { name: 'Age', type: 'date' }], rows: [{ cells: ['small', 3, 'blue'] }] });
  const unknown = await rawRequest(creds, 'GET', '/api/v1/namespaces/print/pods', { headers: { Accept: 'application/json;as=Widget;g=meta.k8s.io;v=v1' } });
  t.match(unknown, { code: 406, json: { kind: 'Status', reason: 'NotAcceptable' } });
});
