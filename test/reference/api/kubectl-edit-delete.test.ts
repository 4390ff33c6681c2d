// The real kubectl 1.34 changing and deleting objects on the reference control
// plane: patch (JSON, merge, strategic), label, annotate, scale, edit through
// an EDITOR script, wait --for=jsonpath, delete by file, name and label, and a
// namespace that goes Terminating, takes its content with it, then is gone.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortedLines, startKubeCli } from '../../helpers/kube-cli.ts';

const cli = await startKubeCli(t);
const { kubectl } = cli;

interface Obj {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[]; generation?: number };
  spec?: Record<string, unknown> & { replicas?: number; template?: { spec: { containers: Array<{ name: string; image: string; imagePullPolicy?: string }> } } };
  status?: Record<string, unknown>;
  data?: Record<string, string>;
}

async function getJson(...args: string[]): Promise<Obj> {
  const r = await kubectl(['get', ...args, '-o', 'json']);
  if (r.exitCode !== 0) throw new Error(`kubectl get ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Obj;
}

async function apply(name: string, yaml: string): Promise<void> {
  const r = await kubectl(['apply', '-f', cli.write(name, yaml)]);
  if (r.exitCode !== 0) throw new Error(`apply ${name} failed: ${r.stderr}`);
}

function deployment(name: string, replicas = 1): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: default
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: app
        image: nginx:1.27
      - name: sidecar
        image: busybox:1.36
        command: ["sleep", "infinity"]
`;
}

function configMap(name: string, labels: Record<string, string> = {}, data: Record<string, string> = { a: '1' }): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: default
  labels: ${JSON.stringify(labels)}
data: ${JSON.stringify(data)}
`;
}

t.test('patch: --type=json, --type=merge and strategic (the default)', async (t) => {
  await apply('patch.yaml', deployment('patched') + '---\n' + configMap('patched-cm'));

  const json = await kubectl(['patch', 'configmap', 'patched-cm', '--type=json', '-p', '[{"op":"add","path":"/data/b","value":"2"},{"op":"replace","path":"/data/a","value":"one"}]']);
  t.equal(json.exitCode, 0, json.stderr);
  t.equal(json.stdout.trim(), 'configmap/patched-cm patched');
  t.same((await getJson('configmap', 'patched-cm')).data, { a: 'one', b: '2' });

  const failedTest = await kubectl(['patch', 'configmap', 'patched-cm', '--type=json', '-p', '[{"op":"test","path":"/data/a","value":"wrong"},{"op":"remove","path":"/data/a"}]']);
  t.equal(failedTest.exitCode, 1, 'a failed JSON patch test changes nothing');
  t.same((await getJson('configmap', 'patched-cm')).data, { a: 'one', b: '2' });

  const merge = await kubectl(['patch', 'configmap', 'patched-cm', '--type=merge', '-p', '{"data":{"b":null,"c":"3"}}']);
  t.equal(merge.exitCode, 0, merge.stderr);
  t.same((await getJson('configmap', 'patched-cm')).data, { a: 'one', c: '3' }, 'null removes a key');

  // Strategic merge: containers merge by name, so the sidecar stays.
  const strategic = await kubectl(['patch', 'deployment', 'patched', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}']);
  t.equal(strategic.exitCode, 0, strategic.stderr);
  t.equal(strategic.stdout.trim(), 'deployment.apps/patched patched');
  let d = await getJson('deployment', 'patched');
  t.same(d.spec?.template?.spec.containers.map((c) => `${c.name}=${c.image}`), ['app=nginx:1.28', 'sidecar=busybox:1.36']);
  t.equal(d.metadata.generation, 2, 'a spec change is a new generation');

  const again = await kubectl(['patch', 'deployment', 'patched', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}']);
  t.equal(again.exitCode, 0, again.stderr);
  t.equal(again.stdout.trim(), 'deployment.apps/patched patched (no change)');

  // The same list in a merge patch replaces it whole.
  const mergeList = await kubectl(['patch', 'deployment', 'patched', '--type=merge', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.29"}]}}}}']);
  t.equal(mergeList.exitCode, 0, mergeList.stderr);
  d = await getJson('deployment', 'patched');
  t.same(d.spec?.template?.spec.containers.map((c) => `${c.name}=${c.image}`), ['app=nginx:1.29']);
  t.equal(d.spec?.template?.spec.containers[0]?.imagePullPolicy, 'IfNotPresent', 'defaults apply to what a patch brings');

  const invalid = await kubectl(['patch', 'deployment', 'patched', '--type=merge', '-p', '{"spec":{"replicas":-2}}']);
  t.equal(invalid.exitCode, 1);
  t.match(invalid.stderr, 'The Deployment "patched" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0');

  const unknown = await kubectl(['patch', 'configmap', 'patched-cm', '--type=merge', '-p', '{"color":"red","data":{"d":"4"}}']);
  t.equal(unknown.exitCode, 0, unknown.stderr);
  t.match(unknown.stderr, 'Warning: unknown field "color"', 'the default fieldValidation is Warn');
  const cm = await getJson('configmap', 'patched-cm');
  t.notOk('color' in cm, 'and the field is dropped');
  t.equal(cm.data?.d, '4');

  const missing = await kubectl(['patch', 'configmap', 'nope', '--type=merge', '-p', '{"data":{"a":"1"}}']);
  t.equal(missing.exitCode, 1);
  t.match(missing.stderr, 'Error from server (NotFound): configmaps "nope" not found');
});

t.test('label and annotate', async (t) => {
  await apply('labels.yaml', configMap('labelled', { app: 'x' }));
  const add = await kubectl(['label', 'configmap', 'labelled', 'tier=front', 'team=a']);
  t.equal(add.exitCode, 0, add.stderr);
  t.equal(add.stdout.trim(), 'configmap/labelled labeled');
  t.same((await getJson('configmap', 'labelled')).metadata.labels, { app: 'x', team: 'a', tier: 'front' });

  const clash = await kubectl(['label', 'configmap', 'labelled', 'tier=back']);
  t.equal(clash.exitCode, 1);
  t.match(clash.stderr, "'tier' already has a value (front), and --overwrite is false");

  t.equal((await kubectl(['label', 'configmap', 'labelled', 'tier=back', '--overwrite'])).exitCode, 0);
  const remove = await kubectl(['label', 'configmap', 'labelled', 'team-']);
  t.equal(remove.exitCode, 0, remove.stderr);
  t.equal(remove.stdout.trim(), 'configmap/labelled unlabeled');
  t.same((await getJson('configmap', 'labelled')).metadata.labels, { app: 'x', tier: 'back' });

  // kubectl label checks values itself; a patch reaches the server's validation.
  const clientSide = await kubectl(['label', 'configmap', 'labelled', 'bad=-value-']);
  t.equal(clientSide.exitCode, 1);
  t.match(clientSide.stderr, 'error: invalid label value: "bad=-value-"');
  const invalid = await kubectl(['patch', 'configmap', 'labelled', '--type=merge', '-p', '{"metadata":{"labels":{"bad":"-value-"}}}']);
  t.equal(invalid.exitCode, 1);
  t.match(invalid.stderr, 'The ConfigMap "labelled" is invalid: metadata.labels: Invalid value: "-value-": a valid label must be an empty string or consist of alphanumeric characters');

  const annotate = await kubectl(['annotate', 'configmap', 'labelled', 'note=hello world', 'owner=me']);
  t.equal(annotate.exitCode, 0, annotate.stderr);
  t.equal(annotate.stdout.trim(), 'configmap/labelled annotated');
  t.match((await getJson('configmap', 'labelled')).metadata.annotations, { note: 'hello world', owner: 'me' });
  t.equal((await kubectl(['annotate', 'configmap', 'labelled', 'owner-'])).exitCode, 0);
  const annotations = (await getJson('configmap', 'labelled')).metadata.annotations ?? {};
  t.notOk('owner' in annotations);

  const all = await kubectl(['label', 'configmaps', '-l', 'app=x', 'swept=yes']);
  t.equal(all.exitCode, 0, all.stderr);
  t.equal((await getJson('configmap', 'labelled')).metadata.labels?.swept, 'yes', 'label with a selector');
});

t.test('scale', async (t) => {
  await apply('scale.yaml', deployment('scaled', 1) + `---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: default
spec:
  replicas: 1
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: postgres:17
`);
  const r = await kubectl(['scale', 'deployment', 'scaled', '--replicas=4']);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout.trim(), 'deployment.apps/scaled scaled');
  t.equal((await getJson('deployment', 'scaled')).spec?.replicas, 4);

  const wrong = await kubectl(['scale', 'deployment', 'scaled', '--replicas=2', '--current-replicas=3']);
  t.equal(wrong.exitCode, 1);
  t.match(wrong.stderr, 'Expected replicas to be 3, was 4');
  t.equal((await getJson('deployment', 'scaled')).spec?.replicas, 4);

  const right = await kubectl(['scale', 'deployment', 'scaled', '--replicas=0', '--current-replicas=4']);
  t.equal(right.exitCode, 0, right.stderr);
  t.equal((await getJson('deployment', 'scaled')).spec?.replicas, 0);

  const sts = await kubectl(['scale', 'statefulset', 'db', '--replicas=3']);
  t.equal(sts.exitCode, 0, sts.stderr);
  t.equal(sts.stdout.trim(), 'statefulset.apps/db scaled');
  t.equal((await getJson('statefulset', 'db')).spec?.replicas, 3);

  const negative = await kubectl(['scale', 'deployment', 'scaled', '--replicas=-1']);
  t.equal(negative.exitCode, 1, 'kubectl itself refuses a negative count');

  const scaleSub = await kubectl(['get', '--raw', '/apis/apps/v1/namespaces/default/deployments/scaled/scale']);
  t.equal(scaleSub.exitCode, 0, scaleSub.stderr);
  t.match(JSON.parse(scaleSub.stdout), { kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 0 }, status: { selector: 'app=scaled' } });
});

t.test('edit with an EDITOR script', async (t) => {
  await apply('edit.yaml', configMap('edited', {}, { greeting: 'hello' }) + '---\n' + deployment('edited-deploy', 2));
  // kubectl runs $EDITOR on a temporary file and sends what changed as a patch.
  const editor = cli.write('editor.sh', '#!/bin/sh\nsed -i \'s/greeting: hello/greeting: hola/\' "$1"\n', 0o755);
  const noMatch = cli.write('editor-noop.sh', '#!/bin/sh\ntrue\n', 0o755);
  const badEditor = cli.write('editor-bad.sh', '#!/bin/sh\nsed -i \'s/^  replicas: 2$/  replicas: -3/\' "$1"\n', 0o755);

  const r = await kubectl(['edit', 'configmap', 'edited'], { env: { EDITOR: editor } });
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout.trim(), 'configmap/edited edited');
  t.same((await getJson('configmap', 'edited')).data, { greeting: 'hola' });

  const unchanged = await kubectl(['edit', 'configmap', 'edited'], { env: { EDITOR: noMatch } });
  t.equal(unchanged.exitCode, 0, unchanged.stderr);
  t.match(unchanged.stderr, 'Edit cancelled, no changes made.');

  // An invalid edit: the server's 422 is shown, and kubectl keeps a copy with the reasons.
  const invalid = await kubectl(['edit', 'deployment', 'edited-deploy'], { env: { EDITOR: badEditor } });
  t.equal(invalid.exitCode, 1);
  t.match(invalid.stderr, 'error: deployments.apps "edited-deploy" is invalid');
  const saved = /A copy of your changes has been stored to "([^"]+)"/.exec(invalid.stderr)?.[1];
  t.ok(saved, 'kubectl says where the copy is');
  if (saved) t.match(readFileSync(saved, 'utf8'), '# * spec.replicas: Invalid value: -3: must be greater than or equal to 0');
  t.equal((await getJson('deployment', 'edited-deploy')).spec?.replicas, 2, 'nothing was written');
  t.ok(readdirSync(join(cli.dir, 'tmp')).length > 0, 'kubectl edit worked in the test\'s own TMPDIR');
});

t.test('wait --for=jsonpath', async (t) => {
  await apply('wait.yaml', configMap('awaited', {}, { state: 'pending' }));
  const met = await kubectl(['wait', '--for=jsonpath={.data.state}=pending', 'configmap/awaited', '--timeout=30s']);
  t.equal(met.exitCode, 0, met.stderr);
  t.equal(met.stdout.trim(), 'configmap/awaited condition met');

  // A wait that starts before the change: kubectl reads the object, then watches it from there.
  const waiting = kubectl(['wait', '--for=jsonpath={.data.state}=ready', 'configmap/awaited', '--timeout=60s']);
  const patched = await kubectl(['patch', 'configmap', 'awaited', '--type=merge', '-p', '{"data":{"state":"ready"}}']);
  t.equal(patched.exitCode, 0, patched.stderr);
  const done = await waiting;
  t.equal(done.exitCode, 0, done.stderr);
  t.equal(done.stdout.trim(), 'configmap/awaited condition met');

  const never = await kubectl(['wait', '--for=jsonpath={.data.state}=never', 'configmap/awaited', '--timeout=1s']);
  t.equal(never.exitCode, 1, 'an unmet condition times out');
  t.match(never.stderr, 'timed out waiting for the condition on configmaps/awaited');

  await apply('wait-deploy.yaml', deployment('waited', 3));
  const numbers = await kubectl(['wait', '--for=jsonpath={.spec.replicas}=3', 'deployment/waited', '--timeout=30s']);
  t.equal(numbers.exitCode, 0, numbers.stderr);
});

t.test('delete by file, by name and by label', async (t) => {
  const file = cli.write('delete/objects.yaml', configMap('by-file-1') + '---\n' + configMap('by-file-2') + '---\n' + deployment('by-file-deploy'));
  t.equal((await kubectl(['apply', '-f', file])).exitCode, 0);
  const byFile = await kubectl(['delete', '-f', file]);
  t.equal(byFile.exitCode, 0, byFile.stderr);
  t.same(sortedLines(byFile.stdout), [
    'configmap "by-file-1" deleted from default namespace',
    'configmap "by-file-2" deleted from default namespace',
    'deployment.apps "by-file-deploy" deleted from default namespace',
  ]);
  const gone = await kubectl(['get', '-f', file]);
  t.equal(gone.exitCode, 1);
  t.match(gone.stderr, 'configmaps "by-file-1" not found');
  const again = await kubectl(['delete', '-f', file]);
  t.equal(again.exitCode, 1, 'deleting again is NotFound');
  t.match(again.stderr, 'Error from server (NotFound): error when deleting');
  t.equal((await kubectl(['delete', '-f', file, '--ignore-not-found'])).exitCode, 0);

  await apply('delete/named.yaml', configMap('by-name') + '---\n' + configMap('kept'));
  const byName = await kubectl(['delete', 'configmap', 'by-name']);
  t.equal(byName.exitCode, 0, byName.stderr);
  t.equal(byName.stdout.trim(), 'configmap "by-name" deleted from default namespace');
  const missing = await kubectl(['delete', 'configmap', 'by-name']);
  t.equal(missing.exitCode, 1);
  t.equal(missing.stderr.trim(), 'Error from server (NotFound): configmaps "by-name" not found');

  await apply('delete/labelled.yaml', [configMap('sweep-1', { sweep: 'yes' }), configMap('sweep-2', { sweep: 'yes' }), configMap('spared', { sweep: 'no' })].join('---\n'));
  const byLabel = await kubectl(['delete', 'configmaps', '-l', 'sweep=yes']);
  t.equal(byLabel.exitCode, 0, byLabel.stderr);
  t.same(sortedLines(byLabel.stdout), ['configmap "sweep-1" deleted from default namespace', 'configmap "sweep-2" deleted from default namespace']);
  const left = await kubectl(['get', 'configmaps', '-l', 'sweep', '-o', 'name']);
  t.same(sortedLines(left.stdout), ['configmap/spared']);
  t.equal((await kubectl(['get', 'configmap', 'kept', '-o', 'name'])).stdout.trim(), 'configmap/kept');

  // An object with a finalizer stays, marked for deletion, until the finalizer goes.
  await apply('delete/held.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: held
  namespace: default
  finalizers:
  - kdrill.dev/hold
`);
  const held = await kubectl(['delete', 'configmap', 'held', '--wait=false']);
  t.equal(held.exitCode, 0, held.stderr);
  const marked = await getJson('configmap', 'held');
  t.match(marked.metadata, { finalizers: ['kdrill.dev/hold'], deletionTimestamp: /Z$/ });
  const waitGone = kubectl(['wait', '--for=delete', 'configmap/held', '--timeout=60s']);
  t.equal((await kubectl(['patch', 'configmap', 'held', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'])).exitCode, 0);
  const waited = await waitGone;
  t.equal(waited.exitCode, 0, waited.stderr);
  t.equal((await kubectl(['get', 'configmap', 'held'])).exitCode, 1);
});

t.test('deleting a namespace: Terminating, its content deleted, then NotFound', async (t) => {
  const nsFile = cli.write('ns/namespace.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: doomed\n');
  const created = await kubectl(['create', '-f', nsFile]);
  t.equal(created.exitCode, 0, created.stderr);
  t.equal(created.stdout.trim(), 'namespace/doomed created');
  const duplicate = await kubectl(['create', '-f', nsFile]);
  t.equal(duplicate.exitCode, 1);
  t.match(duplicate.stderr, 'Error from server (AlreadyExists): error when creating');
  t.match(duplicate.stderr, 'namespaces "doomed" already exists');

  // The finalizer on "held" keeps the namespace Terminating until the test removes it.
  await apply('ns/content.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: held
  namespace: doomed
  finalizers:
  - kdrill.dev/hold
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: free
  namespace: doomed
---
apiVersion: v1
kind: Secret
metadata:
  name: secret
  namespace: doomed
data:
  a: YQ==
---
` + deployment('app').replace('namespace: default', 'namespace: doomed'));

  const del = await kubectl(['delete', 'namespace', 'doomed', '--wait=false']);
  t.equal(del.exitCode, 0, del.stderr);
  t.equal(del.stdout.trim(), 'namespace "doomed" deleted');

  const terminating = await kubectl(['wait', '--for=jsonpath={.status.phase}=Terminating', 'namespace/doomed', '--timeout=30s']);
  t.equal(terminating.exitCode, 0, terminating.stderr);
  const ns = await getJson('namespace', 'doomed');
  t.match(ns.metadata, { deletionTimestamp: /Z$/ });
  t.same(ns.spec, { finalizers: ['kubernetes'] });

  // Everything without a finalizer goes; the held object waits, marked for deletion.
  for (const obj of ['configmap/free', 'secret/secret', 'deployment/app']) {
    const gone = await kubectl(['wait', '--for=delete', obj, '-n', 'doomed', '--timeout=30s']);
    t.equal(gone.exitCode, 0, `${obj} deleted: ${gone.stderr}`);
  }
  const heldObj = await getJson('configmap', 'held', '-n', 'doomed');
  t.match(heldObj.metadata, { deletionTimestamp: /Z$/ });

  const late = await kubectl(['apply', '-f', cli.write('ns/late.yaml', configMap('late').replace('namespace: default', 'namespace: doomed'))]);
  t.equal(late.exitCode, 1, 'no new content in a terminating namespace');
  t.match(late.stderr, 'Error from server (Forbidden): error when creating');
  t.match(late.stderr, 'unable to create new content in namespace doomed because it is being terminated');

  const waitGone = kubectl(['wait', '--for=delete', 'namespace/doomed', '--timeout=60s']);
  const release = await kubectl(['patch', 'configmap', 'held', '-n', 'doomed', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
  t.equal(release.exitCode, 0, release.stderr);
  const gone = await waitGone;
  t.equal(gone.exitCode, 0, gone.stderr);

  const get = await kubectl(['get', 'namespace', 'doomed']);
  t.equal(get.exitCode, 1);
  t.equal(get.stderr.trim(), 'Error from server (NotFound): namespaces "doomed" not found');

  // A namespace made again under the same name starts empty.
  t.equal((await kubectl(['create', '-f', nsFile])).exitCode, 0);
  const empty = await kubectl(['get', 'configmaps,secrets,deployments', '-n', 'doomed', '-o', 'name']);
  t.equal(empty.exitCode, 0, empty.stderr);
  t.equal(empty.stdout, '');
  const waited = await kubectl(['delete', 'namespace', 'doomed']);
  t.equal(waited.exitCode, 0, waited.stderr);
  t.equal((await kubectl(['get', 'namespace', 'doomed'])).exitCode, 1, 'kubectl delete waited until it was gone');
});
