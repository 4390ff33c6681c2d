import t from 'tap';
import { createCauses, pod, updateCauses, type Loose } from './fixtures/objects.ts';

type Case = [string, (p: Loose) => void, { reason: string; field: string; message: string }[]];

/** Each case's name, the causes its mutated pod gets, and the causes expected. */
function table(cases: Case[], causes: (p: Loose) => unknown): [string, unknown, unknown][] {
  return cases.map(([name, mutate, expected]) => {
    const p = pod();
    mutate(p);
    return [name, causes(p), expected];
  });
}

t.test('pod create: containers', async (t) => {
  for (const [name, actual, expected] of table([
    ['no containers', (p) => { p.spec.containers = []; }, [{ reason: 'FieldValueRequired', field: 'spec.containers', message: 'Required value' }]],
    ['no image', (p) => { delete p.spec.containers[0].image; }, [{ reason: 'FieldValueRequired', field: 'spec.containers[0].image', message: 'Required value' }]],
    ['no name', (p) => { delete p.spec.containers[0].name; }, [{ reason: 'FieldValueRequired', field: 'spec.containers[0].name', message: 'Required value' }]],
    ['name not a DNS label', (p) => { p.spec.containers[0].name = 'Web'; }, [{
      reason: 'FieldValueInvalid', field: 'spec.containers[0].name',
      message: 'Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
    }]],
    ['duplicate names', (p) => { p.spec.containers.push({ name: 'web', image: 'busybox' }); }, [{ reason: 'FieldValueDuplicate', field: 'spec.containers[1].name', message: 'Duplicate value: "web"' }]],
    ['init container named like a container', (p) => { p.spec.initContainers = [{ name: 'web', image: 'busybox' }]; }, [{ reason: 'FieldValueDuplicate', field: 'spec.initContainers[0].name', message: 'Duplicate value: "web"' }]],
    ['port out of range', (p) => { p.spec.containers[0].ports = [{ containerPort: 70000 }]; }, [{ reason: 'FieldValueInvalid', field: 'spec.containers[0].ports[0].containerPort', message: 'Invalid value: 70000: must be between 1 and 65535, inclusive' }]],
    ['port without number', (p) => { p.spec.containers[0].ports = [{ name: 'http' }]; }, [{ reason: 'FieldValueRequired', field: 'spec.containers[0].ports[0].containerPort', message: 'Required value' }]],
    ['port protocol', (p) => { p.spec.containers[0].ports = [{ containerPort: 80, protocol: 'HTTP' }]; }, [{ reason: 'FieldValueNotSupported', field: 'spec.containers[0].ports[0].protocol', message: 'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"' }]],
    ['host port used twice', (p) => {
      p.spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }];
      p.spec.containers.push({ name: 'side', image: 'busybox', ports: [{ containerPort: 81, hostPort: 8080 }] });
    }, [{ reason: 'FieldValueDuplicate', field: 'spec.containers[1].ports[0].hostPort', message: 'Duplicate value: "TCP//8080"' }]],
    ['pull policy', (p) => { p.spec.containers[0].imagePullPolicy = 'Sometimes'; }, [{ reason: 'FieldValueNotSupported', field: 'spec.containers[0].imagePullPolicy', message: 'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"' }]],
    ['env name', (p) => { p.spec.containers[0].env = [{ name: 'A=B', value: '1' }, { value: 'x' }]; }, [
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].env[0].name', message: 'Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'' },
      { reason: 'FieldValueRequired', field: 'spec.containers[0].env[1].name', message: 'Required value' },
    ]],
    ['env valueFrom and value', (p) => { p.spec.containers[0].env = [{ name: 'A', value: '1', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]; }, [
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].env[0].valueFrom', message: 'Invalid value: "": may not be specified when `value` is not empty' },
    ]],
    ['env fieldRef path', (p) => { p.spec.containers[0].env = [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.hostname' } } }]; }, [{
      reason: 'FieldValueNotSupported', field: 'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath',
      message: 'Unsupported value: "spec.hostname": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    }]],
    ['env key reference', (p) => { p.spec.containers[0].env = [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a b' } } }]; }, [{
      reason: 'FieldValueInvalid', field: 'spec.containers[0].env[0].valueFrom.configMapKeyRef.key',
      message: 'Invalid value: "a b": a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')',
    }]],
    ['requests above limits', (p) => { p.spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '500m' } }; }, [{
      reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests', message: 'Invalid value: "2": must be less than or equal to cpu limit of 500m',
    }]],
    ['negative memory', (p) => { p.spec.containers[0].resources = { requests: { memory: '-1Gi' } }; }, [{
      reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests[memory]', message: 'Invalid value: "-1Gi": must be greater than or equal to 0',
    }]],
    ['unknown resource (limits are copied to requests first)', (p) => { p.spec.containers[0].resources = { limits: { gpu: '1' } }; }, [
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.limits[gpu]', message: 'Invalid value: "gpu": must be a standard resource type or fully qualified' },
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.limits[gpu]', message: 'Invalid value: "gpu": must be a standard resource for containers' },
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests[gpu]', message: 'Invalid value: "gpu": must be a standard resource type or fully qualified' },
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests[gpu]', message: 'Invalid value: "gpu": must be a standard resource for containers' },
    ]],
    ['extended resource requests must equal limits', (p) => { p.spec.containers[0].resources = { limits: { 'example.com/gpu': '2' }, requests: { 'example.com/gpu': '1' } }; }, [
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests', message: 'Invalid value: "1": must be equal to example.com/gpu limit of 2' },
    ]],
    ['malformed quantity', (p) => { p.spec.containers[0].resources = { requests: { cpu: 'lots' } }; }, [{
      reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests[cpu]',
      message: 'Invalid value: "lots": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
    }]],
    ['probe without handler', (p) => { p.spec.containers[0].readinessProbe = { periodSeconds: 5 }; }, [{
      reason: 'FieldValueRequired', field: 'spec.containers[0].readinessProbe', message: 'Required value: must specify a handler type',
    }]],
    ['probe port and threshold', (p) => { p.spec.containers[0].livenessProbe = { httpGet: { port: 0 }, successThreshold: 2 }; }, [
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].livenessProbe.httpGet.port', message: 'Invalid value: 0: must be between 1 and 65535, inclusive' },
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].livenessProbe.successThreshold', message: 'Invalid value: 2: must be 1' },
    ]],
    ['probe port by name', (p) => { p.spec.containers[0].startupProbe = { tcpSocket: { port: '8080' } }; }, [{
      reason: 'FieldValueInvalid', field: 'spec.containers[0].startupProbe.tcpSocket.port', message: 'Invalid value: "8080": must contain at least one letter (a-z)',
    }]],
    ['sleep hook longer than the grace period', (p) => { p.spec.terminationGracePeriodSeconds = 10; p.spec.containers[0].lifecycle = { preStop: { sleep: { seconds: 20 } } }; }, [
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].lifecycle.preStop.sleep', message: 'Invalid value: 20: must be non-negative and less than terminationGracePeriodSeconds (10)' },
    ]],
    ['exec probe without command', (p) => { p.spec.containers[0].livenessProbe = { exec: {} }; }, [
      { reason: 'FieldValueRequired', field: 'spec.containers[0].livenessProbe.exec.command', message: 'Required value' },
    ]],
    ['init container probe without restartPolicy Always', (p) => { p.spec.initContainers = [{ name: 'init', image: 'busybox', readinessProbe: { exec: { command: ['true'] } } }]; }, [
      { reason: 'FieldValueForbidden', field: 'spec.initContainers[0].readinessProbe', message: 'Forbidden: may not be set for init containers without restartPolicy=Always' },
    ]],
    ['envFrom without a source', (p) => { p.spec.containers[0].envFrom = [{ prefix: 'X_' }]; }, [
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].envFrom', message: 'Invalid value: "": must specify one of: `configMapRef` or `secretRef`' },
    ]],
    ['two handlers', (p) => { p.spec.containers[0].livenessProbe = { exec: { command: ['true'] }, tcpSocket: { port: 80 } }; }, [{
      reason: 'FieldValueForbidden', field: 'spec.containers[0].livenessProbe.tcpSocket', message: 'Forbidden: may not specify more than 1 handler type',
    }]],
    ['restartPolicy on a regular container', (p) => { p.spec.containers[0].restartPolicy = 'Always'; }, [{
      reason: 'FieldValueForbidden', field: 'spec.containers[0].restartPolicy', message: 'Forbidden: may not be set for non-init containers',
    }]],
    ['image with spaces', (p) => { p.spec.containers[0].image = ' nginx'; }, [{
      reason: 'FieldValueInvalid', field: 'spec.containers[0].image', message: 'Invalid value: " nginx": must not have leading or trailing whitespace',
    }]],
  ], createCauses)) t.same(actual, expected, name);
});

t.test('pod create: volumes and mounts', async (t) => {
  for (const [name, actual, expected] of table([
    ['mount of a missing volume', (p) => { p.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }]; }, [{
      reason: 'FieldValueNotFound', field: 'spec.containers[0].volumeMounts[0].name', message: 'Not found: "data"',
    }]],
    ['duplicate volume', (p) => { p.spec.volumes = [{ name: 'data', emptyDir: {} }, { name: 'data', emptyDir: {} }]; }, [{
      reason: 'FieldValueDuplicate', field: 'spec.volumes[1].name', message: 'Duplicate value: "data"',
    }]],
    ['two sources', (p) => { p.spec.volumes = [{ name: 'data', emptyDir: {}, hostPath: { path: '/tmp' } }]; }, [{
      reason: 'FieldValueForbidden', field: 'spec.volumes[0].hostPath', message: 'Forbidden: may not specify more than 1 volume type',
    }]],
    ['secret without name, mode out of range', (p) => { p.spec.volumes = [{ name: 's', secret: { defaultMode: 1000 } }]; }, [
      { reason: 'FieldValueRequired', field: 'spec.volumes[0].secret.secretName', message: 'Required value' },
      { reason: 'FieldValueInvalid', field: 'spec.volumes[0].secret.defaultMode', message: 'Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive' },
    ]],
    ['item path climbing out', (p) => { p.spec.volumes = [{ name: 'c', configMap: { name: 'cfg', items: [{ key: 'k', path: '../k' }] } }]; }, [{
      reason: 'FieldValueInvalid', field: 'spec.volumes[0].configMap.items[0].path', message: 'Invalid value: "../k": must not contain \'..\'',
    }]],
    ['hostPath type', (p) => { p.spec.volumes = [{ name: 'h', hostPath: { path: '/var/log', type: 'Dir' } }]; }, [{
      reason: 'FieldValueNotSupported', field: 'spec.volumes[0].hostPath.type',
      message: 'Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
    }]],
    ['volume name', (p) => { p.spec.volumes = [{ name: 'Data', emptyDir: {} }]; }, [{
      reason: 'FieldValueInvalid', field: 'spec.volumes[0].name',
      message: 'Invalid value: "Data": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
    }]],
    ['projected sources', (p) => {
      p.spec.volumes = [{ name: 'token', projected: { sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 60 } },
        { configMap: { name: 'a', items: [{ key: 'k', path: 'token' }] }, secret: { name: 'b' } },
      ] } }];
    }, [
      { reason: 'FieldValueInvalid', field: 'spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds', message: 'Invalid value: 60: may not specify a duration less than 10 minutes' },
      { reason: 'FieldValueForbidden', field: 'spec.volumes[0].projected.sources[1]', message: 'Forbidden: may not specify more than 1 volume type per source' },
    ]],
    ['downward API files', (p) => {
      p.spec.volumes = [{ name: 'info', downwardAPI: { items: [
        { path: '/abs', fieldRef: { fieldPath: 'spec.nodeName' } },
        { path: 'both', fieldRef: { fieldPath: "metadata.annotations['Example.com/Key']" }, resourceFieldRef: { containerName: 'web', resource: 'limits.cpu' } },
        { path: 'cpu', resourceFieldRef: { resource: 'limits.cpu' } },
      ] } }];
    }, [
      { reason: 'FieldValueInvalid', field: 'spec.volumes[0].downwardAPI.path', message: 'Invalid value: "/abs": must be a relative path' },
      { reason: 'FieldValueNotSupported', field: 'spec.volumes[0].downwardAPI.fieldRef.fieldPath', message: 'Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"' },
      { reason: 'FieldValueInvalid', field: 'spec.volumes[0].downwardAPI', message: 'Invalid value: "resource": fieldRef and resourceFieldRef can not be specified simultaneously' },
      { reason: 'FieldValueRequired', field: 'spec.volumes[0].downwardAPI.resourceFieldRef.containerName', message: 'Required value' },
    ]],
    ['downward API next to another source', (p) => { p.spec.volumes = [{ name: 'v', emptyDir: {}, downwardAPI: { items: [] } }]; }, [
      { reason: 'FieldValueForbidden', field: 'spec.volumes[0].downwarAPI', message: 'Forbidden: may not specify more than 1 volume type' },
    ]],
    ['nfs, csi and other sources', (p) => {
      p.spec.volumes = [
        { name: 'a', nfs: { server: 'nfs.local', path: 'exports' } },
        { name: 'b', csi: { driver: '' } },
        { name: 'c', gcePersistentDisk: {} },
        { name: 'd', persistentVolumeClaim: {} },
      ];
    }, [
      { reason: 'FieldValueInvalid', field: 'spec.volumes[0].nfs.path', message: 'Invalid value: "exports": must be an absolute path' },
      { reason: 'FieldValueRequired', field: 'spec.volumes[1].csi.driver', message: 'Required value' },
      { reason: 'FieldValueInvalid', field: 'spec.volumes[1].csi.driver', message: 'Invalid value: "": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')' },
      { reason: 'FieldValueRequired', field: 'spec.volumes[2].persistentDisk.pdName', message: 'Required value' },
      { reason: 'FieldValueRequired', field: 'spec.volumes[3].persistentVolumeClaim.claimName', message: 'Required value' },
    ]],
    ['ephemeral claim template', (p) => {
      p.spec.volumes = [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { resources: { requests: { storage: '1Gi' } } } } } }];
    }, [
      { reason: 'FieldValueRequired', field: 'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes', message: 'Required value: at least 1 access mode is required' },
    ]],
    ['mount path used twice', (p) => {
      p.spec.volumes = [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }];
      p.spec.containers[0].volumeMounts = [{ name: 'a', mountPath: '/data' }, { name: 'b', mountPath: '/data' }];
    }, [{ reason: 'FieldValueInvalid', field: 'spec.containers[0].volumeMounts[1].mountPath', message: 'Invalid value: "/data": must be unique' }]],
  ], createCauses)) t.same(actual, expected, name);
});

t.test('pod create: spec fields', async (t) => {
  for (const [name, actual, expected] of table([
    ['restartPolicy', (p) => { p.spec.restartPolicy = 'Sometimes'; }, [{ reason: 'FieldValueNotSupported', field: 'spec.restartPolicy', message: 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"' }]],
    ['dnsPolicy', (p) => { p.spec.dnsPolicy = 'Cluster'; }, [{ reason: 'FieldValueNotSupported', field: 'spec.dnsPolicy', message: 'Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"' }]],
    ['dnsPolicy None without config', (p) => { p.spec.dnsPolicy = 'None'; }, [{ reason: 'FieldValueRequired', field: 'spec.dnsConfig', message: 'Required value: must provide `dnsConfig` when `dnsPolicy` is None' }]],
    ['activeDeadlineSeconds', (p) => { p.spec.activeDeadlineSeconds = 0; }, [{ reason: 'FieldValueInvalid', field: 'spec.activeDeadlineSeconds', message: 'Invalid value: 0: must be between 1 and 2147483647, inclusive' }]],
    ['nodeSelector', (p) => { p.spec.nodeSelector = { 'kubernetes.io/os': 'linux os' }; }, [{
      reason: 'FieldValueInvalid', field: 'spec.nodeSelector',
      message: 'Invalid value: "linux os": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
    }]],
    ['toleration', (p) => { p.spec.tolerations = [{ operator: 'Equal', value: 'x' }, { key: 'k', tolerationSeconds: 5, effect: 'NoSchedule' }]; }, [
      { reason: 'FieldValueInvalid', field: 'spec.tolerations[0].operator', message: 'Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"' },
      { reason: 'FieldValueInvalid', field: 'spec.tolerations[1].effect', message: 'Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set' },
    ]],
    ['node affinity', (p) => { p.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] } } }; }, [{
      reason: 'FieldValueRequired', field: 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values',
      message: 'Required value: must be specified when `operator` is \'In\' or \'NotIn\'',
    }]],
    ['pod anti-affinity without topology key', (p) => {
      p.spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 200, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } } } }] } };
    }, [
      { reason: 'FieldValueInvalid', field: 'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight', message: 'Invalid value: 200: must be in the range 1-100' },
      { reason: 'FieldValueRequired', field: 'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey', message: 'Required value: can not be empty' },
      { reason: 'FieldValueInvalid', field: 'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey', message: 'Invalid value: "": name part must be non-empty' },
      { reason: 'FieldValueInvalid', field: 'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey', message: 'Invalid value: "": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')' },
    ]],
    ['topology spread', (p) => { p.spec.topologySpreadConstraints = [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'Maybe' }]; }, [
      { reason: 'FieldValueInvalid', field: 'spec.topologySpreadConstraints[0].maxSkew', message: 'Invalid value: 0: must be greater than zero' },
      { reason: 'FieldValueNotSupported', field: 'spec.topologySpreadConstraints[0].whenUnsatisfiable', message: 'Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"' },
    ]],
    ['hostNetwork host port', (p) => { p.spec.hostNetwork = true; p.spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }]; }, [{
      reason: 'FieldValueInvalid', field: 'spec.containers[0].ports[0].hostPort', message: 'Invalid value: 8080: must match `containerPort` when `hostNetwork` is true',
    }]],
    ['ephemeral containers on create', (p) => { p.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox' }]; }, [{
      reason: 'FieldValueForbidden', field: 'spec.ephemeralContainers', message: 'Forbidden: cannot be set on create',
    }]],
    ['deletion cost annotation', (p) => { p.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': 'high' }; }, [{
      reason: 'FieldValueInvalid', field: 'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]', message: 'Invalid value: "high": must be a 32bit integer',
    }]],
  ], createCauses)) t.same(actual, expected, name);
});

t.test('pod update: only images, a shorter deadline and more tolerations may change', async (t) => {
  const old = pod();
  old.spec.containers[0].image = 'nginx:1.26';
  const image = pod();
  image.spec.containers[0].image = 'nginx:1.27';
  t.same(updateCauses(image, old), [], 'new image');

  const tolerations = pod();
  tolerations.spec.tolerations = [{ key: 'dedicated', operator: 'Exists' }];
  t.same(updateCauses(tolerations, pod()), [], 'added toleration');

  const removed = pod();
  removed.spec.tolerations = [];
  const withToleration = pod();
  withToleration.spec.tolerations = [{ key: 'dedicated', operator: 'Exists' }];
  t.same(updateCauses(removed, withToleration).map((c) => c.message), ['Forbidden: existing toleration can not be modified except its tolerationSeconds']);

  const added = pod();
  added.spec.containers.push({ name: 'side', image: 'busybox' });
  t.same(updateCauses(added, pod()), [{ reason: 'FieldValueForbidden', field: 'spec.containers', message: 'Forbidden: pod updates may not add or remove containers' }]);

  const restart = pod();
  restart.spec.restartPolicy = 'Never';
  const causes = updateCauses(restart, pod());
  t.equal(causes.length, 1);
  t.equal(causes[0]?.field, 'spec');
  t.equal(causes[0]?.reason, 'FieldValueForbidden');
  t.equal(causes[0]?.message, 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n- spec.restartPolicy: "Always"\n+ spec.restartPolicy: "Never"');

  const deadline = pod();
  deadline.spec.activeDeadlineSeconds = 60;
  const shorter = pod();
  shorter.spec.activeDeadlineSeconds = 30;
  t.same(updateCauses(shorter, deadline), [], 'shorter deadline');
  t.same(updateCauses(deadline, shorter), [{ reason: 'FieldValueInvalid', field: 'spec.activeDeadlineSeconds', message: 'Invalid value: 60: must be less than or equal to previous value' }]);

  const bound = pod();
  bound.spec.nodeName = 'worker-1';
  t.same(updateCauses(bound, pod(), 'binding'), [], 'binding writes spec.nodeName');
});

t.test('pod status writes', async (t) => {
  const running = pod();
  running.status = { phase: 'Running', qosClass: 'BestEffort', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }] };
  t.same(updateCauses(running, pod(), 'status'), []);

  const qos = pod();
  qos.status = { phase: 'Running', qosClass: 'Guaranteed' };
  t.same(updateCauses(qos, pod(), 'status'), [{ reason: 'FieldValueInvalid', field: 'status.qosClass', message: 'Invalid value: "Guaranteed": field is immutable' }]);

  const moved = pod();
  moved.spec.nodeName = 'worker-2';
  t.same(updateCauses(moved, pod(), 'status'), [{ reason: 'FieldValueForbidden', field: 'status.nodeName', message: 'Forbidden: may not be changed directly' }]);
});
