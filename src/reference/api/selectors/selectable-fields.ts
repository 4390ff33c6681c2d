// Which fields each resource lets a field selector use, and each field's value
// on an object: upstream's field label conversion functions (pkg/apis/*/v1
// conversion.go) paired with the registries' ToSelectableFields.
//
// Upstream quirks kept on purpose, since clients meet them on real clusters:
// - only the kinds below accept more than metadata.name and metadata.namespace;
//   apps/v1 ReplicaSets refuse status.replicas (kubernetes/kubernetes#135136);
// - nodes and namespaces refuse metadata.namespace;
// - pods accept status.podIPs but never carry it, so it always reads "";
// - each kind words its refusal as its conversion function does.

import type { KubeObject } from '../object.ts';
import { SelectorError } from './selector-error.ts';

export interface SelectableField {
  /** The field's canonical name, which may differ from the name asked for (spec.host → spec.nodeName). */
  readonly name: string;
  value(object: KubeObject): string;
}

type FieldValue = (object: KubeObject) => string;

interface ResourceFields {
  readonly fields: Readonly<Record<string, SelectableField>>;
  unsupported(label: string): string;
}

function at(object: KubeObject, path: readonly string[]): unknown {
  let current: unknown = object;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A string field; anything else (absent included) reads as "". */
function text(...path: string[]): FieldValue {
  return (object) => {
    const value = at(object, path);
    return typeof value === 'string' ? value : '';
  };
}

/** The first non-empty string among several paths. */
function firstText(...paths: string[][]): FieldValue {
  return (object) => paths.map((path) => text(...path)(object)).find((value) => value !== '') ?? '';
}

/** An integer field, printed as Go's strconv.Itoa; absent reads as "0". */
function integer(...path: string[]): FieldValue {
  return (object) => {
    const value = at(object, path);
    return typeof value === 'number' ? String(Math.trunc(value)) : '0';
  };
}

/** A boolean field, printed as Go's strconv.FormatBool; absent reads as "false". */
function boolean(...path: string[]): FieldValue {
  return (object) => String(at(object, path) === true);
}

const never: FieldValue = () => '';

function fieldsOf(values: Readonly<Record<string, FieldValue>>, aliases: Readonly<Record<string, string>> = {}): Record<string, SelectableField> {
  const fields: Record<string, SelectableField> = {};
  for (const [name, value] of Object.entries(values)) fields[name] = { name, value };
  for (const [alias, name] of Object.entries(aliases)) fields[alias] = { name, value: values[name]! };
  return fields;
}

const metadataName = { 'metadata.name': text('metadata', 'name') };
const metadata = { ...metadataName, 'metadata.namespace': text('metadata', 'namespace') };

function notSupported(label: string): string {
  return `field label not supported: ${label}`;
}

// Events are stored once and served as core/v1 and events.k8s.io/v1, so the
// values read either shape.
const eventValues: Record<string, FieldValue> = {
  ...metadata,
  'involvedObject.kind': firstText(['involvedObject', 'kind'], ['regarding', 'kind']),
  'involvedObject.namespace': firstText(['involvedObject', 'namespace'], ['regarding', 'namespace']),
  'involvedObject.name': firstText(['involvedObject', 'name'], ['regarding', 'name']),
  'involvedObject.uid': firstText(['involvedObject', 'uid'], ['regarding', 'uid']),
  'involvedObject.apiVersion': firstText(['involvedObject', 'apiVersion'], ['regarding', 'apiVersion']),
  'involvedObject.resourceVersion': firstText(['involvedObject', 'resourceVersion'], ['regarding', 'resourceVersion']),
  'involvedObject.fieldPath': firstText(['involvedObject', 'fieldPath'], ['regarding', 'fieldPath']),
  reason: text('reason'),
  reportingComponent: firstText(['reportingComponent'], ['reportingController']),
  source: firstText(['source', 'component'], ['deprecatedSource', 'component'], ['reportingComponent'], ['reportingController']),
  type: text('type'),
};

const eventsK8sIoNames = ['metadata.name', 'metadata.namespace', 'reason', 'source', 'type'];
const eventsK8sIoAliases: Record<string, string> = {
  'regarding.kind': 'involvedObject.kind',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.name': 'involvedObject.name',
  'regarding.uid': 'involvedObject.uid',
  'regarding.apiVersion': 'involvedObject.apiVersion',
  'regarding.resourceVersion': 'involvedObject.resourceVersion',
  'regarding.fieldPath': 'involvedObject.fieldPath',
  reportingController: 'reportingComponent',
};

function eventsK8sIoFields(): Record<string, SelectableField> {
  const all = fieldsOf(eventValues, eventsK8sIoAliases);
  const accepted = [...eventsK8sIoNames, ...Object.keys(eventsK8sIoAliases)];
  return Object.fromEntries(accepted.map((label) => [label, all[label]!]));
}

/** Keyed by "<group>/<resource>"; the core group is "". */
const resources: ReadonlyMap<string, ResourceFields> = new Map<string, ResourceFields>([
  ['/pods', {
    fields: fieldsOf({
      ...metadata,
      'spec.nodeName': text('spec', 'nodeName'),
      'spec.restartPolicy': text('spec', 'restartPolicy'),
      'spec.schedulerName': text('spec', 'schedulerName'),
      'spec.serviceAccountName': text('spec', 'serviceAccountName'),
      'spec.hostNetwork': boolean('spec', 'hostNetwork'),
      'status.phase': text('status', 'phase'),
      'status.podIP': firstText(['status', 'podIPs', '0', 'ip'], ['status', 'podIP']),
      'status.podIPs': never,
      'status.nominatedNodeName': text('status', 'nominatedNodeName'),
    }, { 'spec.host': 'spec.nodeName' }),
    unsupported: notSupported,
  }],
  ['/nodes', { fields: fieldsOf({ ...metadataName, 'spec.unschedulable': boolean('spec', 'unschedulable') }), unsupported: notSupported }],
  ['/namespaces', { fields: fieldsOf({ ...metadataName, 'status.phase': text('status', 'phase') }), unsupported: notSupported }],
  ['/replicationcontrollers', { fields: fieldsOf({ ...metadata, 'status.replicas': integer('status', 'replicas') }), unsupported: notSupported }],
  ['/secrets', { fields: fieldsOf({ ...metadata, type: text('type') }), unsupported: notSupported }],
  ['/services', {
    fields: fieldsOf({ ...metadata, 'spec.clusterIP': text('spec', 'clusterIP'), 'spec.type': text('spec', 'type') }),
    unsupported: notSupported,
  }],
  ['/events', { fields: fieldsOf(eventValues), unsupported: notSupported }],
  ['events.k8s.io/events', { fields: eventsK8sIoFields(), unsupported: notSupported }],
  ['batch/jobs', {
    fields: fieldsOf({ ...metadata, 'status.successful': integer('status', 'succeeded') }),
    unsupported: (label) => `field label ${JSON.stringify(label)} not supported for batchv1.Job`,
  }],
  ['certificates.k8s.io/certificatesigningrequests', {
    fields: fieldsOf({ ...metadataName, 'spec.signerName': text('spec', 'signerName') }),
    unsupported: notSupported,
  }],
]);

/** Every other resource: upstream's DefaultMetaV1FieldSelectorConversion. */
const otherResources: ResourceFields = {
  fields: fieldsOf(metadata),
  unsupported: (label) => `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

/**
 * The field `label` selects on objects of the resource (plural, e.g. "pods";
 * group "" for the core group). Throws SelectorError with upstream's message
 * when the resource does not allow it.
 */
export function selectableField(group: string, resource: string, label: string): SelectableField {
  const table = resources.get(`${group}/${resource}`) ?? otherResources;
  const field = Object.hasOwn(table.fields, label) ? table.fields[label] : undefined;
  if (!field) throw new SelectorError(table.unsupported(label));
  return field;
}
