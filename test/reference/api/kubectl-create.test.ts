// kubectl's typed commands against the reference control plane: create
// namespace, configmap, secret and deployment, and run. Unlike apply, these
// build the object with client-go's typed clients, which send protobuf
// (application/vnd.kubernetes.protobuf) request bodies.
import t from 'tap';
import { startKubeCli } from '../../helpers/kube-cli.ts';

const cli = await startKubeCli(t);
const { kubectl } = cli;

interface Obj {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; uid?: string };
  spec?: Record<string, any>;
  data?: Record<string, string>;
  type?: string;
}

async function getJson(...args: string[]): Promise<Obj> {
  const r = await kubectl(['get', ...args, '-o', 'json']);
  if (r.exitCode !== 0) throw new Error(`kubectl get ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Obj;
}

t.test('create namespace, then delete namespace', async (t) => {
  const r = await kubectl(['create', 'namespace', 'typed']);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout.trim(), 'namespace/typed created');
  const ns = await getJson('namespace', 'typed');
  t.match(ns, { metadata: { name: 'typed', labels: { 'kubernetes.io/metadata.name': 'typed' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  t.match(ns.metadata.uid, /^[0-9a-f-]{36}$/);

  const again = await kubectl(['create', 'namespace', 'typed']);
  t.equal(again.exitCode, 1);
  t.equal(again.stderr.trim(), 'Error from server (AlreadyExists): namespaces "typed" already exists');

  const del = await kubectl(['delete', 'namespace', 'typed']);
  t.equal(del.exitCode, 0, del.stderr);
  t.equal(del.stdout.trim(), 'namespace "typed" deleted');
  const gone = await kubectl(['get', 'namespace', 'typed']);
  t.equal(gone.exitCode, 1, 'kubectl delete waits until the namespace is gone');
  t.equal(gone.stderr.trim(), 'Error from server (NotFound): namespaces "typed" not found');
});

t.test('create configmap from literals and files', async (t) => {
  const file = cli.write('config/app.properties', 'mode=fast\nlevel=3\n');
  const r = await kubectl(['create', 'configmap', 'settings', '--from-literal=greeting=hello', `--from-file=${file}`, '--from-literal=empty=']);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout.trim(), 'configmap/settings created');
  t.same((await getJson('configmap', 'settings')).data, { 'app.properties': 'mode=fast\nlevel=3\n', empty: '', greeting: 'hello' });

  const dry = await kubectl(['create', 'configmap', 'dry', '--from-literal=a=b', '--dry-run=server']);
  t.equal(dry.exitCode, 0, dry.stderr);
  t.equal(dry.stdout.trim(), 'configmap/dry created (server dry run)');
  t.equal((await kubectl(['get', 'configmap', 'dry'])).exitCode, 1, 'a server dry run stores nothing');

  const invalid = await kubectl(['create', 'configmap', 'bad', '--from-literal=no/slash=x']);
  t.equal(invalid.exitCode, 1);
});

t.test('create secret generic', async (t) => {
  const r = await kubectl(['create', 'secret', 'generic', 'creds', '--from-literal=username=admin', '--from-literal=password=s3cr3t']);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout.trim(), 'secret/creds created');
  const secret = await getJson('secret', 'creds');
  t.equal(secret.type, 'Opaque');
  t.same(secret.data, { password: Buffer.from('s3cr3t').toString('base64'), username: Buffer.from('admin').toString('base64') });

  const tls = await kubectl(['create', 'secret', 'generic', 'typed-secret', '--type=kdrill.dev/custom', '--from-literal=k=v']);
  t.equal(tls.exitCode, 0, tls.stderr);
  t.equal((await getJson('secret', 'typed-secret')).type, 'kdrill.dev/custom');
});

t.test('create deployment', async (t) => {
  const r = await kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80']);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout.trim(), 'deployment.apps/web created');
  const d = await getJson('deployment', 'web');
  t.match(d, {
    metadata: { labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate' },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } },
    },
  });
  const scaled = await kubectl(['scale', 'deployment', 'web', '--replicas=0']);
  t.equal(scaled.exitCode, 0, scaled.stderr);
  t.equal((await getJson('deployment', 'web')).spec?.replicas, 0);
});

t.test('run a pod', async (t) => {
  const r = await kubectl(['run', 'sleeper', '--image=busybox:1.36', '--restart=Never', '--labels=role=test', '--env=MODE=demo', '--', 'sleep', '3600']);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout.trim(), 'pod/sleeper created');
  const pod = await getJson('pod', 'sleeper');
  t.match(pod, {
    metadata: { labels: { role: 'test' } },
    spec: {
      restartPolicy: 'Never',
      containers: [{ name: 'sleeper', image: 'busybox:1.36', args: ['sleep', '3600'], env: [{ name: 'MODE', value: 'demo' }] }],
    },
    status: { phase: 'Pending' },
  });
  const del = await kubectl(['delete', 'pod', 'sleeper']);
  t.equal(del.exitCode, 0, del.stderr);
  t.equal(del.stdout.trim(), 'pod "sleeper" deleted from default namespace');
});
