// The hand rules of the types issue 8 added: webhook configurations,
// ValidatingAdmissionPolicies and their bindings, NetworkPolicies,
// IngressClasses, RuntimeClasses, CSI objects, ResourceQuotas and LimitRanges
// (CronJobs, PDBs, HPAs, APIServices and CSRs are covered with their controllers).
import t from 'tap';
import type { KubeObject } from '../../../../src/reference/api/object.ts';
import { createCauses, updateCauses } from './fixtures/objects.ts';

const webhook = (hook: Record<string, unknown>): KubeObject => ({
  apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'hooks' },
  webhooks: [{ name: 'check.example.com', sideEffects: 'None', admissionReviewVersions: ['v1'], clientConfig: { service: { namespace: 'default', name: 'hook' } }, ...hook }],
});
const messages = (obj: KubeObject) => createCauses(obj).map((c) => `${c.field}: ${c.message}`);

t.test('webhook configurations', async (t) => {
  t.same(messages(webhook({})), [], 'a complete webhook');
  t.same(messages(webhook({ clientConfig: {} })), ['webhooks[0].clientConfig: Required value: exactly one of url or service is required']);
  t.same(messages(webhook({ clientConfig: { url: 'https://hook.example.com/check', service: { namespace: 'a', name: 'b' } } })), ['webhooks[0].clientConfig: Required value: exactly one of url or service is required']);
  t.same(messages(webhook({ clientConfig: { url: 'http://hook.example.com/check?x=1' } })), [
    'webhooks[0].clientConfig.url: Invalid value: "http://hook.example.com/check?x=1": \'https\' is the only allowed URL scheme',
    'webhooks[0].clientConfig.url: Invalid value: "http://hook.example.com/check?x=1": query parameters are not permitted in the URL',
  ]);
  t.same(messages(webhook({ sideEffects: undefined, admissionReviewVersions: [] })), [
    'webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun',
    'webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1',
  ]);
  t.same(messages(webhook({ name: 'check', timeoutSeconds: 31, sideEffects: 'Some' })), [
    'webhooks[0].name: Invalid value: "check": should be a domain with at least three segments separated by dots',
    'webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"',
    'webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds',
  ]);
  const mutating = { ...webhook({}), kind: 'MutatingWebhookConfiguration' };
  t.same(messages(mutating), []);
});

t.test('validating admission policies and bindings', async (t) => {
  const policy = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' }, spec });
  const rules = { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] }] };
  t.same(messages(policy({ matchConstraints: rules, validations: [{ expression: 'object.spec.replicas <= 5' }] })), []);
  t.same(messages(policy({ matchConstraints: rules })), ['spec.validations: Required value: validations or auditAnnotations must contain at least one item']);
  t.same(messages(policy({ validations: [{ expression: ' ' }] })), ['spec.matchConstraints: Required value', 'spec.validations[0].expression: Required value: expression is not specified']);
  const binding = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'b' }, spec });
  t.same(messages(binding({ policyName: 'p', validationActions: ['Deny'] })), []);
  t.same(messages(binding({ validationActions: ['Deny', 'Warn'] })), [
    'spec.policyName: Required value',
    'spec.validationActions: Invalid value: ["Deny","Warn"]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
  ]);
});

t.test('network policies', async (t) => {
  const policy = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'default' }, spec: { podSelector: {}, ...spec } });
  t.same(messages(policy({ ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] } }], ports: [{ port: 80 }] }] })), []);
  t.same(messages(policy({ ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] }, podSelector: {} }] }] })), ['spec.ingress[0].from[0]: Forbidden: may not specify more than 1 peer type']);
  t.same(messages(policy({ egress: [{ ports: [{ protocol: 'ICMP', port: 90, endPort: 80 }], to: [{}] }], policyTypes: ['Sideways'] })), [
    'spec.egress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    'spec.egress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`',
    'spec.egress[0].to[0]: Required value: must specify a peer',
    'spec.policyTypes[0]: Unsupported value: "Sideways": supported values: "Egress", "Ingress"',
  ]);
});

t.test('ingress classes, runtime classes and CSI objects', async (t) => {
  t.same(messages({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: {} }), ['spec.controller: Required value']);
  t.same(messages({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } }), []);
  const runtime = { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'gvisor' }, handler: 'runsc' };
  t.same(messages(runtime), []);
  t.same(messages({ ...runtime, handler: 'Run_SC' }), ['handler: Invalid value: "Run_SC": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')']);
  t.same(updateCauses({ ...runtime, handler: 'runc' }, runtime).map((c) => `${c.field}: ${c.message}`), ['handler: Invalid value: "runc": field is immutable']);
  const driver = { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'hostpath.csi.k8s.io' }, spec: {} };
  t.same(messages(driver), [], 'defaults fill what is required');
  t.same(updateCauses({ ...driver, spec: { attachRequired: false } }, driver).map((c) => `${c.field}: ${c.message}`), ['spec.attachRequired: Invalid value: false: field is immutable']);
  t.same(messages({ apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', metadata: { name: 'n1' }, spec: { drivers: [{ name: 'a.csi', nodeID: 'n1' }, { name: 'a.csi', nodeID: '' }] } }), [
    'spec.drivers[1].name: Duplicate value: "a.csi"',
    'spec.drivers[1].nodeID: Required value',
  ]);
  const attachment = { apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment', metadata: { name: 'va' }, spec: { attacher: 'a.csi', nodeName: 'n1', source: { persistentVolumeName: 'pv1' } } };
  t.same(messages(attachment), []);
  t.match(messages({ ...attachment, spec: { attacher: 'a.csi', nodeName: 'n1', source: {} } }), [/^spec.source: Invalid value: .*must specify exactly one of inlineVolumeSpec and persistentVolumeName$/]);
});

t.test('resource quotas and limit ranges', async (t) => {
  const quota = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec });
  t.same(messages(quota({ hard: { pods: '10', 'requests.cpu': '1500m' } })), []);
  t.same(messages(quota({ hard: { pods: '1500m', 'requests.memory': '-1Gi' } })), [
    'spec.hard[pods]: Invalid value: "1500m": must be an integer',
    'spec.hard[requests.memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
  ]);
  t.same(messages(quota({ hard: { pods: '1' }, scopes: ['Terminating', 'NotTerminating'] })), ['spec.scopes: Invalid value: ["Terminating","NotTerminating"]: conflicting scopes']);
  const limits = (items: unknown[]): KubeObject => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l', namespace: 'default' }, spec: { limits: items } });
  t.same(messages(limits([{ type: 'Container', min: { cpu: '100m' }, max: { cpu: '1' }, default: { cpu: '500m' } }])), []);
  t.same(messages(limits([{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } }])), [
    'spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1',
    'spec.limits[0].defaultRequest[cpu]: Invalid value: "1": min value 2 is greater than default request value 1',
    'spec.limits[0].default[cpu]: Invalid value: "1": min value 2 is greater than default value 1',
  ]);
  t.same(messages(limits([{ type: 'Pod', max: { cpu: '1' }, default: { cpu: '1' } }])), ["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"]);
  t.same(messages(limits([{ type: 'PersistentVolumeClaim', max: { cpu: '1' } }])), ['spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided']);
});
