import t from 'tap';
import type { KubeObject } from '../../../../src/reference/api/object.ts';
import { parseFieldSelector, SelectorError } from '../../../../src/reference/api/selectors/index.ts';

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'team-a' },
  spec: { nodeName: 'worker-1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default', hostNetwork: true },
  status: { phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }, { ip: 'fd00::5' }] },
};
const pendingPod: KubeObject = { kind: 'Pod', metadata: { name: 'web-2', namespace: 'team-b' }, spec: {}, status: { phase: 'Pending' } };

t.test('terms compare a field with =, == or !=, all of them ANDed', async (t) => {
  const cases: [string, boolean, boolean][] = [
    ['', true, true],
    ['metadata.name=web-1', true, false],
    ['metadata.name==web-1', true, false],
    ['metadata.name!=web-1', false, true],
    ['metadata.namespace!=team-b', true, false],
    ['spec.nodeName=', false, true],
    ['spec.nodeName!=', true, false],
    ['spec.host=worker-1', true, false],
    ['spec.restartPolicy=Always', true, false],
    ['spec.schedulerName=default-scheduler', true, false],
    ['spec.serviceAccountName=default', true, false],
    ['spec.hostNetwork=true', true, false],
    ['spec.hostNetwork=false', false, true],
    ['status.phase=Running', true, false],
    ['status.podIP=10.244.1.5', true, false],
    ['status.podIPs=', true, true],
    ['status.nominatedNodeName=', true, true],
    ['status.phase=Running,spec.nodeName=worker-1', true, false],
    ['status.phase=Running,spec.nodeName=worker-2', false, false],
    ['status.phase!=Running,status.phase!=Succeeded', false, true],
    [',metadata.name=web-1,', true, false],
  ];
  for (const [selector, onPod, onPending] of cases) {
    const parsed = parseFieldSelector(selector, 'pods');
    t.equal(parsed.matches(pod), onPod, `${selector} on a running pod`);
    t.equal(parsed.matches(pendingPod), onPending, `${selector} on a pending pod`);
  }
  t.ok(parseFieldSelector('', 'pods').matchesEverything());
  t.notOk(parseFieldSelector('metadata.name=x', 'pods').matchesEverything());
});

t.test('the parsed requirements are sorted, canonical and escaped again in the string form', async (t) => {
  const selector = parseFieldSelector('status.phase!=Running,spec.host=n\\,1,metadata.name==a\\=b\\\\c', 'pods');
  t.same(selector.requirements, [
    { field: 'metadata.name', operator: '=', value: 'a=b\\c' },
    { field: 'spec.nodeName', operator: '=', value: 'n,1' },
    { field: 'status.phase', operator: '!=', value: 'Running' },
  ]);
  t.equal(selector.toString(), 'metadata.name=a\\=b\\\\c,spec.nodeName=n\\,1,status.phase!=Running');
  t.ok(selector.matches({ metadata: { name: 'a=b\\c' }, spec: { nodeName: 'n,1' }, status: { phase: 'Pending' } }));
});

t.test('syntax errors give upstream messages', async (t) => {
  const cases: [string, string][] = [
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['metadata.name=a,bad', "invalid selector: 'metadata.name=a,bad'; can't understand 'bad'"],
    ['metadata.name!==x', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name=a=b', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name=a\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['metadata.name=a\\', 'invalid field selector: invalid escape sequence: \\'],
  ];
  for (const [input, message] of cases) t.throws(() => parseFieldSelector(input, 'pods'), new SelectorError(message), input);
});

t.test('each resource allows the fields upstream allows, and words refusals as upstream', async (t) => {
  const allowed: [string, string, string][] = [
    ['', 'configmaps', 'metadata.name=a,metadata.namespace=b'],
    ['apps', 'deployments', 'metadata.name=a,metadata.namespace=b'],
    ['', 'nodes', 'metadata.name=a,spec.unschedulable=true'],
    ['', 'namespaces', 'metadata.name=a,status.phase=Active'],
    ['', 'secrets', 'metadata.name=a,metadata.namespace=b,type=kubernetes.io/tls'],
    ['', 'services', 'metadata.name=a,metadata.namespace=b,spec.clusterIP=None,spec.type=ClusterIP'],
    ['', 'replicationcontrollers', 'metadata.name=a,status.replicas=2'],
    ['batch', 'jobs', 'metadata.name=a,metadata.namespace=b,status.successful=1'],
    ['certificates.k8s.io', 'certificatesigningrequests', 'metadata.name=a,spec.signerName=kubernetes.io/kubelet-serving'],
    ['', 'events', 'involvedObject.kind=Pod,involvedObject.namespace=a,involvedObject.name=b,involvedObject.uid=c,' +
      'involvedObject.apiVersion=v1,involvedObject.resourceVersion=1,involvedObject.fieldPath=spec,reason=Started,' +
      'reportingComponent=kubelet,source=kubelet,type=Normal,metadata.name=e,metadata.namespace=a'],
    ['events.k8s.io', 'events', 'regarding.kind=Pod,regarding.namespace=a,regarding.name=b,regarding.uid=c,regarding.apiVersion=v1,' +
      'regarding.resourceVersion=1,regarding.fieldPath=spec,reason=Started,reportingController=kubelet,source=kubelet,type=Normal,' +
      'metadata.name=e,metadata.namespace=a'],
  ];
  for (const [group, resource, selector] of allowed) t.doesNotThrow(() => parseFieldSelector(selector, resource, group), `${group}/${resource}`);

  const refused: [string, string, string, string][] = [
    ['', 'pods', 'foo=bar', 'field label not supported: foo'],
    ['', 'pods', 'metadata.name =x', 'field label not supported: metadata.name '],
    ['', 'nodes', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    ['', 'namespaces', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    ['', 'services', 'spec.ports=1', 'field label not supported: spec.ports'],
    ['events.k8s.io', 'events', 'involvedObject.kind=Pod', 'field label not supported: involvedObject.kind'],
    ['batch', 'jobs', 'status.succeeded=1', 'field label "status.succeeded" not supported for batchv1.Job'],
    ['networking.k8s.io', 'ingresses', 'foo.bar=baz', '"foo.bar" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['apps', 'replicasets', 'status.replicas=0', '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['', 'configmaps', 'toString=x', '"toString" is not a known field selector: only "metadata.name", "metadata.namespace"'],
  ];
  for (const [group, resource, selector, message] of refused) {
    t.throws(() => parseFieldSelector(selector, resource, group), new SelectorError(message), `${group}/${resource} ${selector}`);
  }
});

t.test('field values read the stored object', async (t) => {
  const node = { metadata: { name: 'n1' }, spec: { unschedulable: true } };
  t.ok(parseFieldSelector('spec.unschedulable=true', 'nodes').matches(node));
  t.ok(parseFieldSelector('spec.unschedulable=false', 'nodes').matches({ metadata: { name: 'n2' } }), 'absent reads as false');

  t.ok(parseFieldSelector('status.replicas=3', 'replicationcontrollers').matches({ status: { replicas: 3 } }));
  t.ok(parseFieldSelector('status.replicas=0', 'replicationcontrollers').matches({}), 'absent reads as 0');
  t.ok(parseFieldSelector('status.successful=2', 'jobs', 'batch').matches({ status: { succeeded: 2 } }));

  t.ok(parseFieldSelector('type=Opaque', 'secrets').matches({ type: 'Opaque' }));
  t.ok(parseFieldSelector('status.podIP=10.0.0.9', 'pods').matches({ status: { podIP: '10.0.0.9' } }), 'podIP when podIPs is absent');
  t.ok(parseFieldSelector('metadata.namespace=', 'persistentvolumes').matches({ metadata: { name: 'pv' } }),
    'a cluster-scoped object has an empty namespace');

  const coreEvent = {
    metadata: { name: 'e1', namespace: 'a' },
    involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'a', uid: 'u1', apiVersion: 'v1', resourceVersion: '7', fieldPath: 'spec.containers{web}' },
    reason: 'Started', type: 'Normal', source: { component: 'kubelet' }, reportingComponent: '',
  };
  const newEvent = {
    metadata: { name: 'e2', namespace: 'a' },
    regarding: { kind: 'Pod', name: 'web-1', namespace: 'a' },
    reason: 'Scheduled', type: 'Normal', reportingController: 'default-scheduler',
  };
  const byKind = parseFieldSelector('involvedObject.kind=Pod,involvedObject.name=web-1', 'events');
  t.ok(byKind.matches(coreEvent));
  t.ok(byKind.matches(newEvent), 'an event stored in events.k8s.io shape reads the same');
  t.ok(parseFieldSelector('involvedObject.fieldPath=spec.containers{web}', 'events').matches(coreEvent));
  t.ok(parseFieldSelector('source=kubelet', 'events').matches(coreEvent));
  t.ok(parseFieldSelector('source=default-scheduler', 'events').matches(newEvent), 'source falls back to the reporting controller');
  t.ok(parseFieldSelector('reportingComponent=default-scheduler', 'events').matches(newEvent));
  const regarding = parseFieldSelector('regarding.name=web-1,reportingController=default-scheduler', 'events', 'events.k8s.io');
  t.equal(regarding.toString(), 'involvedObject.name=web-1,reportingComponent=default-scheduler');
  t.ok(regarding.matches(newEvent));
  t.notOk(regarding.matches(coreEvent));
});
