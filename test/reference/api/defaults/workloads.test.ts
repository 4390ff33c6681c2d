import t from 'tap';
import { defaulted, meta, type Loose } from '../validation/fixtures/objects.ts';

const templateSpecDefaults = {
  dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
};
const nginx = {
  image: 'nginx', imagePullPolicy: 'Always', name: 'nginx', resources: {},
  terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
};

t.test('kubectl create deployment web --image=nginx', async (t) => {
  const sent = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { ...meta('web', 'default'), labels: { app: 'web' } },
    spec: {
      replicas: 1, selector: { matchLabels: { app: 'web' } }, strategy: {},
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx', name: 'nginx', resources: {} }] } },
    },
    status: {},
  };
  t.same(defaulted(sent), {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { ...meta('web', 'default'), labels: { app: 'web' } },
    spec: {
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [nginx], ...templateSpecDefaults } },
    },
    status: {},
  });
});

t.test('a Recreate deployment gets no rolling parameters; template pods get no Pod-only defaults', async (t) => {
  const stored = defaulted<Loose>({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', 'default'),
    spec: { strategy: { type: 'Recreate' }, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: { limits: { cpu: '1' } } }] } } },
  });
  t.same(stored.spec.strategy, { type: 'Recreate' });
  const spec = stored.spec.template.spec;
  t.same(spec.containers[0].resources, { limits: { cpu: '1' } }, 'no requests from limits in templates');
  t.notOk('enableServiceLinks' in spec || 'tolerations' in spec || 'priority' in spec || 'serviceAccountName' in spec, 'no admission defaults in templates');
});

t.test('replica sets and daemon sets', async (t) => {
  const template = { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };
  const rs = defaulted<Loose>({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('web-1', 'default'), spec: { selector: { matchLabels: { app: 'agent' } }, template } });
  t.equal(rs.spec.replicas, 1);
  t.same(rs.spec.template.spec, { containers: [{ ...nginx, resources: {} }], ...templateSpecDefaults });
  const ds = defaulted<Loose>({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('agent', 'kube-system'), spec: { selector: { matchLabels: { app: 'agent' } }, template } });
  t.same(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  t.equal(ds.spec.revisionHistoryLimit, 10);
  const onDelete = defaulted<Loose>({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('agent', 'kube-system'), spec: { updateStrategy: { type: 'OnDelete' }, template } });
  t.same(onDelete.spec.updateStrategy, { type: 'OnDelete' });
});

t.test('stateful sets', async (t) => {
  const sts: Loose = defaulted({
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db', 'default'),
    spec: {
      serviceName: 'db', selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:17' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  });
  t.match(sts.spec, {
    podManagementPolicy: 'OrderedReady',
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    replicas: 1,
    revisionHistoryLimit: 10,
  });
  t.same(sts.spec.volumeClaimTemplates[0], {
    metadata: { name: 'data' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
    status: { phase: 'Pending' },
  });
  const rolling = defaulted<Loose>({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db', 'default'), spec: { updateStrategy: { type: 'RollingUpdate' } } });
  t.same(rolling.spec.updateStrategy, { type: 'RollingUpdate' }, 'an explicit type gets no partition');
});

t.test('kubectl create job pi --image=perl:5.34.0', async (t) => {
  const uid = meta('pi').uid;
  const generated = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' };
  const sent = {
    apiVersion: 'batch/v1', kind: 'Job', metadata: meta('pi', 'default'),
    spec: { template: { metadata: {}, spec: { containers: [{ command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'], image: 'perl:5.34.0', name: 'pi', resources: {} }], restartPolicy: 'Never' } } },
    status: {},
  };
  t.same(defaulted(sent), {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { ...meta('pi', 'default'), labels: generated },
    spec: {
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      suspend: false,
      template: {
        metadata: { labels: generated },
        spec: {
          containers: [{
            command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'], image: 'perl:5.34.0', imagePullPolicy: 'IfNotPresent', name: 'pi',
            resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
          }],
          ...templateSpecDefaults,
          restartPolicy: 'Never',
        },
      },
    },
    status: {},
  });
});

t.test('job variants', async (t) => {
  const template = { metadata: { labels: { app: 'batch' } }, spec: { containers: [{ name: 'w', image: 'busybox' }], restartPolicy: 'OnFailure' } };
  const labelled = defaulted<Loose>({ apiVersion: 'batch/v1', kind: 'Job', metadata: meta('work', 'default'), spec: { parallelism: 3, template } });
  t.same(labelled.metadata.labels, { app: 'batch' }, 'the user\'s template labels, copied before the generated ones are added');
  t.equal(labelled.spec.completions, undefined, 'parallelism alone leaves completions unset');
  const manual = defaulted<Loose>({ apiVersion: 'batch/v1', kind: 'Job', metadata: meta('work', 'default'), spec: { manualSelector: true, selector: { matchLabels: { app: 'batch' } }, template } });
  t.same(manual.spec.selector, { matchLabels: { app: 'batch' } });
  t.same(manual.spec.template.metadata.labels, { app: 'batch' });
  const perIndex = defaulted<Loose>({
    apiVersion: 'batch/v1', kind: 'Job', metadata: meta('work', 'default'),
    spec: { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, template },
  });
  t.match(perIndex.spec, { backoffLimit: 2147483647, podReplacementPolicy: 'Failed', podFailurePolicy: { rules: [{ onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] } });
});
