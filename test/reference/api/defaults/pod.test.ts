import t from 'tap';
import { findByKind } from '../../../../src/reference/api/resources.ts';
import { applyDefaults } from '../../../../src/reference/api/defaults/apply-defaults.ts';
import { defaulted, meta, pod, type Loose } from '../validation/fixtures/objects.ts';

const pods = findByKind('v1', 'Pod')!;

t.test('kubectl run nginx --image=nginx reads back as kube-apiserver stores it', async (t) => {
  const sent = { apiVersion: 'v1', kind: 'Pod', metadata: { ...meta('nginx', 'default'), labels: { run: 'nginx' } }, spec: { containers: [{ image: 'nginx', name: 'nginx', resources: {} }], dnsPolicy: 'ClusterFirst', restartPolicy: 'Always' }, status: {} };
  t.same(defaulted(sent), {
    apiVersion: 'v1', kind: 'Pod', metadata: { ...meta('nginx', 'default'), labels: { run: 'nginx' } },
    spec: {
      containers: [{
        image: 'nginx', imagePullPolicy: 'Always', name: 'nginx', resources: {},
        terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
      }],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
    },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  });
});

t.test('defaulting twice changes nothing', async (t) => {
  const once = defaulted(pod());
  t.same(defaulted(once), once);
});

t.test('container defaults', async (t) => {
  const p = pod();
  p.spec.containers[0] = {
    name: 'web', image: 'nginx:1.27',
    ports: [{ containerPort: 80 }],
    env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }, { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }],
    livenessProbe: { httpGet: { port: 80 } },
    readinessProbe: { grpc: { port: 9000 }, periodSeconds: 3 },
    lifecycle: { preStop: { httpGet: { port: 80, path: '/quit' } } },
  };
  t.same(defaulted(p).spec.containers[0], {
    name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent',
    ports: [{ containerPort: 80, protocol: 'TCP' }],
    env: [
      { name: 'NODE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
      { name: 'CPU', valueFrom: { resourceFieldRef: { divisor: '0', resource: 'limits.cpu' } } },
    ],
    livenessProbe: { httpGet: { path: '/', port: 80, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
    readinessProbe: { grpc: { port: 9000, service: '' }, timeoutSeconds: 1, periodSeconds: 3, successThreshold: 1, failureThreshold: 3 },
    lifecycle: { preStop: { httpGet: { path: '/quit', port: 80, scheme: 'HTTP' } } },
    resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
  });
});

t.test('volume defaults', async (t) => {
  const p = pod();
  p.spec.volumes = [
    { name: 'scratch' },
    { name: 'config', configMap: { name: 'settings' } },
    { name: 'creds', secret: { secretName: 'creds', defaultMode: 0o400 } },
    { name: 'logs', hostPath: { path: '/var/log' } },
    { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
    { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
    { name: 'cache', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
  ];
  t.same(defaulted(p).spec.volumes, [
    { name: 'scratch', emptyDir: {} },
    { name: 'config', configMap: { name: 'settings', defaultMode: 420 } },
    { name: 'creds', secret: { secretName: 'creds', defaultMode: 256 } },
    { name: 'logs', hostPath: { path: '/var/log', type: '' } },
    { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }], defaultMode: 420 } },
    { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }], defaultMode: 420 } },
    { name: 'cache', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' } } } },
  ]);
});

t.test('limits become requests, and the QoS class follows', async (t) => {
  const p = pod();
  p.spec.containers[0].resources = { limits: { cpu: '500m', memory: '256Mi' } };
  const stored = defaulted(p);
  t.same(stored.spec.containers[0].resources, { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '500m', memory: '256Mi' } });
  t.equal(stored.status.qosClass, 'Guaranteed');
  const partial = pod();
  partial.spec.containers[0].resources = { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '250m' } };
  const burstable = defaulted(partial);
  t.same(burstable.spec.containers[0].resources.requests, { cpu: '250m', memory: '1Gi' });
  t.equal(burstable.status.qosClass, 'Burstable');
});

t.test('host network pods publish their container ports on the host', async (t) => {
  const p = pod();
  p.spec.hostNetwork = true;
  p.spec.containers[0].ports = [{ containerPort: 8080 }];
  t.same(defaulted(p).spec.containers[0].ports, [{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }]);
});

t.test('admission: service account, tolerations, priority', async (t) => {
  const p = pod();
  p.spec.serviceAccount = 'builder';
  p.spec.tolerations = [{ operator: 'Exists' }];
  const stored = defaulted(p);
  t.equal(stored.spec.serviceAccountName, 'builder', 'the deprecated field is read');
  t.equal(stored.spec.serviceAccount, 'builder');
  t.same(stored.spec.tolerations, [{ operator: 'Exists' }], 'a pod tolerating everything needs no more');

  const mirror = pod();
  mirror.metadata.annotations = { 'kubernetes.io/config.mirror': 'abc' };
  t.equal(defaulted(mirror).spec.serviceAccountName, undefined, 'static pods get no service account');

  const classes = [
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'Never' },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'normal' }, value: 10, globalDefault: true, preemptionPolicy: 'PreemptLowerPriority' },
  ];
  const withClass = (name?: string): Loose => {
    const q = pod();
    if (name) q.spec.priorityClassName = name;
    applyDefaults(pods, q, { priorityClasses: classes });
    return q.spec;
  };
  t.match(withClass('high'), { priorityClassName: 'high', priority: 1000, preemptionPolicy: 'Never' });
  t.match(withClass(), { priorityClassName: 'normal', priority: 10, preemptionPolicy: 'PreemptLowerPriority' }, 'the global default class');
  t.match(withClass('system-node-critical'), { priority: 2000001000, preemptionPolicy: 'PreemptLowerPriority' });
  t.equal(withClass('missing').priority, undefined, 'an unknown class leaves the priority unset');
});

t.test('status is only filled in, never replaced', async (t) => {
  const running = pod();
  running.status = { phase: 'Running', qosClass: 'Burstable', podIP: '10.244.1.5' };
  t.same(defaulted(running).status, { phase: 'Running', qosClass: 'Burstable', podIP: '10.244.1.5' });
});
