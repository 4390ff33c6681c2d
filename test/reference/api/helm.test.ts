// The real helm 4 installing, upgrading and uninstalling a small chart (a
// ConfigMap, a Deployment and a Service) on the reference control plane. Helm
// keeps its releases in Secrets, written through client-go's typed client
// (protobuf bodies), and applies the chart's objects itself.
import t from 'tap';
import { startKubeCli } from '../../helpers/kube-cli.ts';

const cli = await startKubeCli(t);
const { kubectl, helm } = cli;

interface Obj {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, any>;
  data?: Record<string, string>;
  items?: Obj[];
}

async function getJson(...args: string[]): Promise<Obj> {
  const r = await kubectl(['get', ...args, '-o', 'json']);
  if (r.exitCode !== 0) throw new Error(`kubectl get ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Obj;
}

const chart = cli.write('chart/Chart.yaml', 'apiVersion: v2\nname: shop\ndescription: a kdrill test chart\nversion: 0.1.0\nappVersion: "1.0"\n').replace(/\/Chart\.yaml$/, '');
cli.write('chart/values.yaml', 'replicas: 1\ngreeting: hello\nport: 80\n');
cli.write('chart/templates/configmap.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
  labels:
    app.kubernetes.io/name: {{ .Chart.Name }}
    app.kubernetes.io/instance: {{ .Release.Name }}
data:
  greeting: {{ .Values.greeting | quote }}
`);
cli.write('chart/templates/deployment.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  labels:
    app.kubernetes.io/name: {{ .Chart.Name }}
    app.kubernetes.io/instance: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels:
      app.kubernetes.io/instance: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app.kubernetes.io/instance: {{ .Release.Name }}
      annotations:
        checksum/config: {{ .Values.greeting | sha256sum }}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
        envFrom:
        - configMapRef:
            name: {{ .Release.Name }}-config
`);
cli.write('chart/templates/service.yaml', `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-web
  labels:
    app.kubernetes.io/name: {{ .Chart.Name }}
    app.kubernetes.io/instance: {{ .Release.Name }}
spec:
  selector:
    app.kubernetes.io/instance: {{ .Release.Name }}
  ports:
  - name: http
    port: {{ .Values.port }}
    targetPort: 80
`);

const ns = await kubectl(['apply', '-f', cli.write('namespace.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: helm-demo\n')]);
if (ns.exitCode !== 0) throw new Error(`namespace: ${ns.stderr}`);

t.test('helm install, upgrade, uninstall', async (t) => {
  const install = await helm(['install', 'demo', chart, '--namespace', 'helm-demo']);
  t.equal(install.exitCode, 0, install.stderr);
  t.match(install.stdout, /^NAME: demo$/m);
  t.match(install.stdout, /^NAMESPACE: helm-demo$/m);
  t.match(install.stdout, /^STATUS: deployed$/m);
  t.match(install.stdout, /^REVISION: 1$/m);

  t.same((await getJson('configmap', 'demo-config', '-n', 'helm-demo')).data, { greeting: 'hello' });
  const deployment = await getJson('deployment', 'demo-web', '-n', 'helm-demo');
  t.equal(deployment.spec?.replicas, 1);
  t.match(deployment.metadata, {
    labels: { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'demo' },
    annotations: { 'meta.helm.sh/release-name': 'demo', 'meta.helm.sh/release-namespace': 'helm-demo' },
  });
  t.match((await getJson('service', 'demo-web', '-n', 'helm-demo')).spec?.ports, [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }]);

  // The release record: a Secret of type helm.sh/release.v1.
  const releases = await getJson('secrets', '-n', 'helm-demo', '-l', 'owner=helm,name=demo');
  t.same(releases.items?.map((s) => [s.metadata.name, s.metadata.labels?.status]), [['sh.helm.release.v1.demo.v1', 'deployed']]);

  const list = await helm(['list', '--namespace', 'helm-demo']);
  t.equal(list.exitCode, 0, list.stderr);
  t.match(list.stdout, /^demo\s+helm-demo\s+1\s+.*\sdeployed\s+shop-0\.1\.0\s+1\.0\s*$/m);

  const upgrade = await helm(['upgrade', 'demo', chart, '--namespace', 'helm-demo', '--set', 'greeting=bonjour', '--set', 'replicas=3', '--set', 'port=8080']);
  t.equal(upgrade.exitCode, 0, upgrade.stderr);
  t.match(upgrade.stdout, /^STATUS: deployed$/m);
  t.match(upgrade.stdout, /^REVISION: 2$/m);
  t.same((await getJson('configmap', 'demo-config', '-n', 'helm-demo')).data, { greeting: 'bonjour' });
  t.equal((await getJson('deployment', 'demo-web', '-n', 'helm-demo')).spec?.replicas, 3);
  t.match((await getJson('service', 'demo-web', '-n', 'helm-demo')).spec?.ports, [{ name: 'http', port: 8080, targetPort: 80 }]);

  const history = await helm(['history', 'demo', '--namespace', 'helm-demo']);
  t.equal(history.exitCode, 0, history.stderr);
  t.match(history.stdout, /^1\s.*\ssuperseded\s/m);
  t.match(history.stdout, /^2\s.*\sdeployed\s/m);

  const values = await helm(['get', 'values', 'demo', '--namespace', 'helm-demo', '-o', 'json']);
  t.equal(values.exitCode, 0, values.stderr);
  t.same(JSON.parse(values.stdout), { greeting: 'bonjour', port: 8080, replicas: 3 });

  const uninstall = await helm(['uninstall', 'demo', '--namespace', 'helm-demo']);
  t.equal(uninstall.exitCode, 0, uninstall.stderr);
  t.match(uninstall.stdout, 'release "demo" uninstalled');
  for (const obj of ['configmap/demo-config', 'deployment/demo-web', 'service/demo-web']) {
    const gone = await kubectl(['wait', '--for=delete', obj, '-n', 'helm-demo', '--timeout=30s']);
    t.equal(gone.exitCode, 0, `${obj} deleted: ${gone.stderr}`);
  }
  const left = await kubectl(['get', 'configmaps,deployments,services,secrets', '-n', 'helm-demo', '-l', 'app.kubernetes.io/instance=demo', '-o', 'name']);
  t.equal(left.stdout, '');
  const records = await kubectl(['get', 'secrets', '-n', 'helm-demo', '-l', 'owner=helm', '-o', 'name']);
  t.equal(records.stdout, '', 'the release records are gone too');
  const after = await helm(['list', '--namespace', 'helm-demo', '-q']);
  t.equal(after.stdout.trim(), '');
});

t.test('helm upgrade --install of a new release, and a failed install', async (t) => {
  const r = await helm(['upgrade', '--install', 'second', chart, '--namespace', 'helm-demo', '--set', 'greeting=hi']);
  t.equal(r.exitCode, 0, r.stderr);
  t.match(r.stdout, /^REVISION: 1$/m);
  t.same((await getJson('configmap', 'second-config', '-n', 'helm-demo')).data, { greeting: 'hi' });

  // A negative replica count is refused by the API server; helm reports it and records the release as failed.
  const bad = await helm(['upgrade', 'second', chart, '--namespace', 'helm-demo', '--set', 'replicas=-1']);
  t.equal(bad.exitCode, 1);
  t.match(bad.stderr, 'spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  const status = await helm(['status', 'second', '--namespace', 'helm-demo']);
  t.match(status.stdout, /^STATUS: failed$/m);

  const gone = await helm(['uninstall', 'second', '--namespace', 'helm-demo']);
  t.equal(gone.exitCode, 0, gone.stderr);
});
