// Every served type's columns against upstream's printers.go (and kube-aggregator's
// APIService printer, and the default NAME / CREATED AT table), and the cells
// whose text has rules of its own.
import t from 'tap';
import { resourceTypes } from '../../../../src/reference/api/resources.ts';
import { hasBuiltInPrinter, printerFor } from '../../../../src/reference/api/printing/printers.ts';
import { endpointsText, servicePorts, serviceExternalIP } from '../../../../src/reference/api/printing/network-printers.ts';
import { nodeRoles, nodeStatus } from '../../../../src/reference/api/printing/cluster-printers.ts';
import { hpaTargets } from '../../../../src/reference/api/printing/policy-printers.ts';
import { quotaColumns } from '../../../../src/reference/api/printing/config-printers.ts';
import { formatLabelSelector } from '../../../../src/reference/api/printing/cell-format.ts';
import type { KubeObject } from '../../../../src/reference/api/object.ts';
import { defaultColumns, upstreamColumns as expected } from './fixtures/upstream-columns.ts';

const now = Date.parse('2026-01-01T12:00:00Z');
const created = { creationTimestamp: '2026-01-01T11:00:00Z' };

t.test('every served type prints upstream\'s columns', async (t) => {
  for (const type of resourceTypes) {
    const key = `${type.group}/${type.kind}`;
    const want = expected[key];
    if (!want) {
      t.fail(`no expected columns for ${key}`);
      continue;
    }
    const columns = printerFor(type).columns;
    t.same(columns.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase()), want.get, `${key} get`);
    t.same(columns.map((c) => c.name.toUpperCase()), want.wide, `${key} get -o wide`);
    t.equal(hasBuiltInPrinter(type), want.get !== defaultColumns, `${key} printer`);
    t.equal(columns.filter((c) => c.format === 'name' && c.name === 'Name').length, 1, `${key} has one name column`);
    // Upstream documents RuntimeClass's HANDLER with an ObjectMeta field that does not exist: no description.
    for (const c of columns) if (!(type.kind === 'RuntimeClass' && c.name === 'Handler')) t.not(c.description, '', `${key} ${c.name} is documented`);
    // Each row has a cell for each column.
    t.equal(printerFor(type).row({ metadata: { name: 'x', ...created } }, now).cells.length, columns.length, `${key} cells`);
  }
});

t.test('default table: the name and the creation time in RFC 3339, UTC', async (t) => {
  const role = resourceTypes.find((x) => x.kind === 'ClusterRole')!;
  t.same(printerFor(role).row({ metadata: { name: 'admin', creationTimestamp: '2026-01-01T11:00:00Z' } }, now).cells, ['admin', '2026-01-01T11:00:00Z']);
  t.equal(printerFor(role).columns[1]!.type, 'date');
});

function row(kind: string, obj: KubeObject): unknown[] {
  const type = resourceTypes.find((x) => `${x.group}/${x.kind}` === kind)!;
  return printerFor(type).row({ ...obj, metadata: { name: 'x', ...created, ...obj.metadata } }, now).cells;
}

t.test('services: EXTERNAL-IP and PORT(S)', async (t) => {
  const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) => ({ spec: { clusterIPs: ['10.96.0.10'], ...spec }, status });
  t.same(row('/Service', svc({ type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { app: 'web', tier: 'a' } })),
    ['x', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP,53/UDP', '60m', 'app=web,tier=a']);
  t.equal(servicePorts(svc({ ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }, { port: 443, nodePort: 30001, protocol: 'TCP' }] })), '80:30080/TCP,443:30001/TCP');
  t.equal(serviceExternalIP(svc({ type: 'LoadBalancer' }), false), '<pending>');
  t.equal(serviceExternalIP(svc({ type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'lb.example.com' }] } }), false), '203.0.113.9,l...');
  t.equal(serviceExternalIP(svc({ type: 'LoadBalancer', externalIPs: ['198.51.100.1'] }, { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } }), true), '203.0.113.9,198.51.100.1');
  t.equal(serviceExternalIP(svc({ type: 'NodePort', externalIPs: ['198.51.100.1', '198.51.100.2'] }), false), '198.51.100.1,198.51.100.2');
  t.equal(serviceExternalIP(svc({ type: 'ExternalName', externalName: 'db.example.com' }), false), 'db.example.com');
  t.same(row('/Service', { spec: { type: 'ClusterIP', clusterIPs: ['None'] } }).slice(2, 5), ['None', '<none>', '<none>']);
});

t.test('endpoints: up to three addresses, then a count', async (t) => {
  t.equal(endpointsText({}), '<none>');
  const ep = { subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }] };
  t.equal(endpointsText(ep), '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...');
  t.equal(endpointsText({ subsets: [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 8080 }] }] }), '[fd00::1]:8080');
  t.equal(endpointsText({ subsets: [{ addresses: [{ ip: '10.0.0.1' }] }] }), '10.0.0.1', 'headless without ports');
  t.same(row('discovery.k8s.io/EndpointSlice', { addressType: 'IPv4', ports: [{ port: 80 }, { name: 'x' }], endpoints: [] } as KubeObject).slice(1, 4), ['IPv4', '80,x', '<unset>']);
});

t.test('nodes: STATUS and ROLES', async (t) => {
  const node = (labels: Record<string, string>, status: string | undefined, unschedulable = false) => ({
    metadata: { labels },
    spec: { unschedulable },
    status: status ? { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status }] } : {},
  });
  t.equal(nodeStatus(node({}, 'True')), 'Ready');
  t.equal(nodeStatus(node({}, 'True', true)), 'Ready,SchedulingDisabled');
  t.equal(nodeStatus(node({}, 'Unknown')), 'NotReady');
  t.equal(nodeStatus(node({}, undefined)), 'Unknown');
  t.equal(nodeRoles(node({ 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/etcd': '', 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/': '' }, 'True')), 'control-plane,etcd,master');
  t.equal(nodeRoles(node({}, 'True')), '<none>');
  t.same(row('/Node', { status: { nodeInfo: { kubeletVersion: 'v1.34.0' }, addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'n' }] } } as KubeObject),
    ['x', 'Unknown', '<none>', '60m', 'v1.34.0', '172.18.0.2', '<none>', '<unknown>', '<unknown>', '<unknown>']);
});

t.test('workloads: READY "ready/desired", UP-TO-DATE, AVAILABLE, selectors', async (t) => {
  const template = { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }] } };
  t.same(row('apps/Deployment', { spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } } as KubeObject),
    ['x', '2/3', 3, 2, '60m', 'web,log', 'nginx:1.27,busybox', 'app=web']);
  t.same(row('apps/StatefulSet', { spec: { replicas: 2, template } } as KubeObject), ['x', '0/2', '60m', 'web,log', 'nginx:1.27,busybox']);
  t.same(row('/ReplicationController', { spec: { replicas: 1, selector: { b: '2', a: '1' }, template } } as KubeObject), ['x', 1, 0, 0, '60m', 'web,log', 'nginx:1.27,busybox', 'a=1,b=2']);
  t.equal(formatLabelSelector({ matchLabels: { z: '1' }, matchExpressions: [{ key: 'a', operator: 'In', values: ['y', 'x'] }, { key: 'm', operator: 'DoesNotExist' }, { key: 'n', operator: 'Exists' }, { key: 'o', operator: 'NotIn', values: ['q'] }] }),
    'a in (x,y),!m,n,o notin (q),z=1');
  t.equal(formatLabelSelector({}), '<none>');
});

t.test('jobs and cron jobs: STATUS, COMPLETIONS, DURATION, SCHEDULE', async (t) => {
  const job = (spec: Record<string, unknown>, status: Record<string, unknown>, metadata: Record<string, unknown> = {}) => row('batch/Job', { metadata, spec, status } as KubeObject).slice(1, 4);
  t.same(job({ completions: 3, parallelism: 1 }, { succeeded: 1, startTime: '2026-01-01T11:58:00Z' }), ['Running', '1/3', '2m']);
  t.same(job({ parallelism: 4 }, { succeeded: 0 }), ['Running', '0/1 of 4', '']);
  t.same(job({ completions: 1 }, { succeeded: 1, startTime: '2026-01-01T11:00:00Z', completionTime: '2026-01-01T11:00:42Z', conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] }), ['Complete', '1/1', '42s']);
  t.same(job({ completions: 1 }, { conditions: [{ type: 'Failed', status: 'True' }] }).slice(0, 1), ['Failed']);
  t.same(job({ completions: 1, suspend: true }, { conditions: [{ type: 'Suspended', status: 'True' }] }).slice(0, 1), ['Suspended']);
  t.same(job({ completions: 1 }, {}, { deletionTimestamp: '2026-01-01T11:59:00Z' }).slice(0, 1), ['Terminating']);
  t.same(row('batch/CronJob', { spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } } }, status: { active: [{}], lastScheduleTime: '2026-01-01T11:55:00Z' } } as KubeObject),
    ['x', '*/5 * * * *', '<none>', 'False', 1, '5m', '60m', 'c', 'busybox', '<none>']);
});

t.test('events: OBJECT, SOURCE, counts and times, in both APIs', async (t) => {
  const core = row('/Event', {
    involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{web}' }, reason: 'Pulled', message: ' pulled \n', type: 'Normal',
    source: { component: 'kubelet', host: 'node-1' }, firstTimestamp: '2026-01-01T11:50:00Z', lastTimestamp: '2026-01-01T11:58:00Z', count: 4,
  } as KubeObject);
  t.same(core, ['2m', 'Normal', 'Pulled', 'pod/web-1', 'spec.containers{web}', 'kubelet, node-1', 'pulled', '10m', 4, 'x']);
  const v1 = row('events.k8s.io/Event', {
    regarding: { kind: 'Node', name: 'n1' }, note: 'ready', reason: 'NodeReady', type: 'Normal', reportingController: 'node-controller', eventTime: '2026-01-01T11:59:00.000000Z',
  } as KubeObject);
  t.same(v1, ['60s', 'Normal', 'NodeReady', 'node/n1', '', 'node-controller', 'ready', '60s', 1, 'x']);
  const series = row('/Event', { involvedObject: { kind: 'Pod' }, eventTime: '2026-01-01T11:00:00.000000Z', series: { count: 7, lastObservedTime: '2026-01-01T11:59:30.000000Z' } } as KubeObject);
  t.same([series[0], series[3], series[8]], ['30s', 'pod', 7]);
});

t.test('storage, quota, autoscaling and the rest', async (t) => {
  t.same(row('/PersistentVolume', { spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'ns', name: 'data' }, storageClassName: 'fast', volumeMode: 'Filesystem' }, status: { phase: 'Bound' } } as KubeObject),
    ['x', '5Gi', 'RWO,RWX', 'Retain', 'Bound', 'ns/data', 'fast', '<unset>', '', '60m', 'Filesystem']);
  t.same(row('/PersistentVolumeClaim', { spec: { storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } } as KubeObject),
    ['x', 'Pending', '', '', '', 'fast', '<unset>', '60m', '<unset>']);
  t.same(row('/PersistentVolumeClaim', { spec: { volumeName: 'pv1', volumeMode: 'Block' }, status: { phase: 'Bound', capacity: { storage: '2Gi' }, accessModes: ['ReadWriteOncePod'] } } as KubeObject).slice(1, 5), ['Bound', 'pv1', '2Gi', 'RWOP']);
  t.same(row('storage.k8s.io/StorageClass', { metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path' } as KubeObject),
    ['x (default)', 'rancher.io/local-path', 'Delete', 'Immediate', false, '60m']);
  t.same(quotaColumns({ status: { hard: { pods: '10', 'limits.cpu': '2', 'requests.memory': '1Gi', 'limits.memory': '2Gi' }, used: { pods: '3', 'limits.cpu': '500m' } } }),
    ['pods: 3/10, requests.memory: 0/1Gi', 'limits.cpu: 500m/2, limits.memory: 0/2Gi']);
  t.equal(hpaTargets(undefined, undefined), '<none>');
  t.equal(hpaTargets([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }], []), 'cpu: <unknown>/80%');
  t.equal(hpaTargets([
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
    { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
    { type: 'Pods', pods: { target: { type: 'AverageValue', averageValue: '1k' } } },
  ], [{ resource: { current: { averageUtilization: 12 } } }]), 'cpu: 12%/80%, memory: <unknown>/100Mi + 1 more...');
  t.same(row('autoscaling/HorizontalPodAutoscaler', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5 }, status: { currentReplicas: 2 } } as KubeObject),
    ['x', 'Deployment/web', '<none>', '1', 5, 2, '60m']);
  t.same(row('policy/PodDisruptionBudget', { spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } } as KubeObject), ['x', '50%', 'N/A', 1, '60m']);
  t.same(row('rbac.authorization.k8s.io/RoleBinding', { roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'sa', namespace: 'ns' }, { kind: 'User', name: 'bob' }] } as KubeObject),
    ['x', 'ClusterRole/view', '60m', 'alice, bob', 'devs', 'ns/sa']);
  t.same(row('certificates.k8s.io/CertificateSigningRequest', { spec: { signerName: 'kubernetes.io/kube-apiserver-client', username: 'alice', expirationSeconds: 86400 }, status: { conditions: [{ type: 'Approved' }], certificate: 'Y2VydA==' } } as KubeObject),
    ['x', '60m', 'kubernetes.io/kube-apiserver-client', 'alice', '24h', 'Approved,Issued']);
  t.same(row('apiregistration.k8s.io/APIService', { spec: { service: { namespace: 'kube-system', name: 'metrics-server' } }, status: { conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints' }] } } as KubeObject),
    ['x', 'kube-system/metrics-server', 'False (MissingEndpoints)', '60m']);
  t.same(row('apiregistration.k8s.io/APIService', { status: { conditions: [{ type: 'Available', status: 'True', reason: 'Local' }] } } as KubeObject).slice(1, 3), ['Local', 'True']);
  t.same(row('/ComponentStatus', { conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] } as KubeObject), ['x', 'Healthy', 'ok', '']);
  t.same(row('/Secret', { type: 'Opaque', data: { a: 'YQ==', b: 'Yg==' } } as KubeObject), ['x', 'Opaque', 2, '60m']);
  t.same(row('/ConfigMap', { data: { a: '1' }, binaryData: { b: 'Yg==' } } as KubeObject), ['x', 2, '60m']);
  t.same(row('admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding', { spec: { policyName: 'p', paramRef: { name: 'cfg' } } } as KubeObject), ['x', 'p', '*/cfg', '60m']);
  t.same(row('admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding', { spec: { policyName: 'p', paramRef: { name: 'cfg', namespace: 'ns' } } } as KubeObject)[2], 'ns/cfg');
  t.same(row('admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding', { spec: { policyName: 'p', paramRef: { selector: { matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['x', 'y'] }] } } } } as KubeObject)[2],
    '&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:k,Operator:In,Values:[x y],},},}');
  t.same(row('admissionregistration.k8s.io/ValidatingAdmissionPolicy', { spec: { validations: [{}, {}], paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } } } as KubeObject), ['x', 2, 'v1/ConfigMap', '60m']);
  t.same(row('networking.k8s.io/Ingress', { spec: { rules: [{ host: 'a.example' }, {}, { host: 'b.example' }, { host: 'c.example' }, { host: 'd.example' }], tls: [{}] } } as KubeObject),
    ['x', '<none>', 'a.example,b.example,c.example + 2 more...', '', '80, 443', '60m']);
  t.same(row('scheduling.k8s.io/PriorityClass', { value: 1000, preemptionPolicy: 'Never' } as KubeObject), ['x', 1000, false, '60m', 'Never']);
});
