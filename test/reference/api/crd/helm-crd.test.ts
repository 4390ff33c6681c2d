// The real helm 4 installing a chart whose crds/ folder holds a
// CustomResourceDefinition and whose templates create an object of it: helm
// creates the CRD first, waits for it to be Established, refreshes its
// discovery and then installs the custom resource.
import t from 'tap';
import { startKubeCli } from '../../../helpers/kube-cli.ts';

const cli = await startKubeCli(t);
const { kubectl, helm } = cli;

const chart = cli.write('chart/Chart.yaml', 'apiVersion: v2\nname: backups\ndescription: a kdrill test chart with a CRD\nversion: 0.1.0\n').replace(/\/Chart\.yaml$/, '');
cli.write('chart/values.yaml', 'schedule: "0 3 * * *"\n');
cli.write('chart/crds/backups.yaml', `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: backups.ops.example.net
spec:
  group: ops.example.net
  scope: Namespaced
  names: {plural: backups, singular: backup, kind: Backup}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [schedule]
            properties:
              schedule: {type: string}
              keep: {type: integer, default: 7}
`);
cli.write('chart/templates/backup.yaml', `apiVersion: ops.example.net/v1
kind: Backup
metadata:
  name: {{ .Release.Name }}-nightly
spec:
  schedule: {{ .Values.schedule | quote }}
`);

t.test('helm installs the CRD, then the custom resource; uninstall keeps the CRD', async (t) => {
  const install = await helm(['install', 'nightly', chart, '--namespace', 'default', '--wait', '--timeout', '60s']);
  t.equal(install.exitCode, 0, install.stderr);
  const got = await kubectl(['get', 'backup', 'nightly-nightly', '-o', 'json']);
  t.equal(got.exitCode, 0, got.stderr);
  const backup = JSON.parse(got.stdout) as { spec: { schedule: string; keep: number }; metadata: { labels?: Record<string, string> } };
  t.same(backup.spec, { schedule: '0 3 * * *', keep: 7 });
  t.equal(backup.metadata.labels?.['app.kubernetes.io/managed-by'], 'Helm');
  const list = await helm(['list', '--namespace', 'default', '-o', 'json']);
  t.match(JSON.parse(list.stdout) as unknown, [{ name: 'nightly', status: 'deployed' }]);
  const uninstall = await helm(['uninstall', 'nightly', '--namespace', 'default', '--wait', '--timeout', '60s']);
  t.equal(uninstall.exitCode, 0, uninstall.stderr);
  const gone = await kubectl(['get', 'backups', '-o', 'name']);
  t.equal(gone.stdout.trim(), '', 'the custom resource is uninstalled');
  const crd = await kubectl(['get', 'crd', 'backups.ops.example.net', '-o', 'name']);
  t.equal(crd.stdout.trim(), 'customresourcedefinition.apiextensions.k8s.io/backups.ops.example.net', 'helm never deletes CRDs');
});
