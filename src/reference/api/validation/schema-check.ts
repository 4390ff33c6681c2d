// The structural check: the object against the OpenAPI schema of its kind,
// through the compiled validators of kubernetes-models. It catches wrong
// types, unknown enum values and malformed quantities. Requirements the
// schema states but kube-apiserver does not enforce (it validates with Go
// code, not the schema) are dropped here.
import { Event as CoreEvent } from 'kubernetes-models/v1/Event';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Endpoints } from 'kubernetes-models/v1/Endpoints';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Node } from 'kubernetes-models/v1/Node';
import { PersistentVolume } from 'kubernetes-models/v1/PersistentVolume';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Lease } from 'kubernetes-models/coordination.k8s.io/v1/Lease';
import { EndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1/EndpointSlice';
import { Event as EventsEvent } from 'kubernetes-models/events.k8s.io/v1/Event';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { KubeObject } from '../object.ts';
import type { ResourceType } from '../resources.ts';
import { child, index, key } from './field-path.ts';
import { isObj } from './object-access.ts';
import { quantityPattern } from './quantity.ts';
import { invalid, notSupported, required, typeInvalid, type StatusCause } from './status-cause.ts';

interface SchemaError {
  instancePath: string;
  keyword: string;
  params: { missingProperty?: string; type?: string; allowedValues?: unknown[]; format?: string };
}

type SchemaModel = new (data: KubeObject) => { validate(): void };

function model(m: unknown): SchemaModel {
  return m as SchemaModel;
}

const models: Record<string, SchemaModel> = {
  '/Pod': model(Pod),
  '/Service': model(Service),
  '/Endpoints': model(Endpoints),
  '/ConfigMap': model(ConfigMap),
  '/Secret': model(Secret),
  '/ServiceAccount': model(ServiceAccount),
  '/Event': model(CoreEvent),
  '/Namespace': model(Namespace),
  '/Node': model(Node),
  '/PersistentVolume': model(PersistentVolume),
  '/PersistentVolumeClaim': model(PersistentVolumeClaim),
  'apps/Deployment': model(Deployment),
  'apps/ReplicaSet': model(ReplicaSet),
  'apps/DaemonSet': model(DaemonSet),
  'apps/StatefulSet': model(StatefulSet),
  'batch/Job': model(Job),
  'coordination.k8s.io/Lease': model(Lease),
  'discovery.k8s.io/EndpointSlice': model(EndpointSlice),
  'events.k8s.io/Event': model(EventsEvent),
  'networking.k8s.io/Ingress': model(Ingress),
  'scheduling.k8s.io/PriorityClass': model(PriorityClass),
  'storage.k8s.io/StorageClass': model(StorageClass),
};

/**
 * Required fields of the schemas that kube-apiserver does not require: some it
 * defaults or treats as zero values, some it reports in its own words on
 * another path, and none in status (written by controllers and kubelets, and
 * barely validated upstream). Matched against the field path.
 */
const unenforcedRequirements: RegExp[] = [
  /^(apiVersion|kind|metadata|involvedObject|endpoints|value)$/,
  /^spec\.template$/,
  /\.sleep\.seconds$/,
  /\.httpHeaders\[\d+\]\.value$/,
  /\.sysctls\[\d+\]\.value$/,
  /\.podFailurePolicy\.rules$/,
  /^status\./,
];

const unenforcedByKind: Record<string, RegExp[]> = {
  'apps/DaemonSet': [/^spec\.selector$/],
};

/**
 * Fields whose rules report on another path (upstream reports Node taints
 * under metadata.taints, a gcePersistentDisk volume under persistentDisk):
 * the schema's findings on them, but wrong types, are dropped.
 */
const reportedElsewhere: RegExp[] = [/\.volumes\[\d+\]\.gcePersistentDisk\./];

const reportedElsewhereByKind: Record<string, RegExp[]> = {
  '/Node': [/^spec\.taints\[/],
};

/** Fields whose values are maps: their keys print as [key], not as .key. */
const mapFields = new Set([
  'labels', 'annotations', 'nodeSelector', 'data', 'binaryData', 'stringData', 'limits', 'requests',
  'capacity', 'allocatable', 'parameters', 'matchLabels', 'overhead', 'volumeAttributes', 'options',
]);

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObj(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

/** "/spec/containers/0/name" as "spec.containers[0].name", and the value found there. */
function locate(root: unknown, instancePath: string): { field: string; value: unknown } {
  let field = '';
  let value = root;
  let parentName = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      field = index(field, Number(segment));
      value = value[Number(segment)];
    } else {
      field = mapFields.has(parentName) ? key(field, segment) : child(field, segment);
      value = isObj(value) ? value[segment] : undefined;
      parentName = segment;
    }
  }
  return { field, value };
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeCause(field: string, value: unknown, expected: string): StatusCause {
  const actual = jsonType(value);
  return typeInvalid(field, actual, `${field} in body must be of type ${expected}: "${actual}"`);
}

/** Go's base64 decoder names the first byte it cannot read. */
function base64Error(value: unknown): string {
  const text = String(value);
  const bad = text.search(/[^A-Za-z0-9+/=]/);
  return `illegal base64 data at input byte ${bad === -1 ? text.length : bad}`;
}

function formatCause(field: string, value: unknown, format: string): StatusCause {
  if (format === 'quantity') return invalid(field, value, `quantities must match the regular expression '${quantityPattern}'`);
  if (format === 'byte') return invalid(field, '<secret contents redacted>', base64Error(value));
  if (format === 'int32' || format === 'int64') return typeCause(field, value, format);
  return invalid(field, value, `must be of format ${format}`);
}

/** One error per field: the alternatives of a oneOf (int-or-string, quantity) are reported once. */
function toCauses(root: unknown, errors: SchemaError[], dropped: RegExp[]): StatusCause[] {
  const causes: StatusCause[] = [];
  const byPath = new Map<string, SchemaError[]>();
  for (const e of errors) {
    if (e.keyword === 'required') {
      const { field } = locate(root, e.instancePath);
      const missing = child(field, e.params.missingProperty ?? '');
      if (!dropped.some((re) => re.test(missing))) causes.push(required(missing));
      continue;
    }
    const list = byPath.get(e.instancePath) ?? [];
    list.push(e);
    byPath.set(e.instancePath, list);
  }
  for (const [instancePath, list] of byPath) {
    const { field, value } = locate(root, instancePath);
    if (list.some((e) => e.keyword === 'oneOf')) {
      const alternatives = [...new Set(list.filter((e) => e.keyword === 'type').map((e) => e.params.type ?? ''))].sort();
      const quantity = list.some((e) => e.params.format === 'quantity');
      if (quantity && (typeof value === 'string' || typeof value === 'number')) causes.push(formatCause(field, value, 'quantity'));
      else causes.push(typeCause(field, value, alternatives.join(' or ')));
      continue;
    }
    const e = list[0];
    if (!e) continue;
    if (e.keyword === 'type') causes.push(typeCause(field, value, e.params.type ?? ''));
    else if (e.keyword === 'enum') causes.push(notSupported(field, value, (e.params.allowedValues ?? []).map(String)));
    else if (e.keyword === 'format') causes.push(formatCause(field, value, e.params.format ?? ''));
  }
  return causes;
}

/** Causes from the kind's schema; types without a schema here have none. */
export function schemaCauses(type: ResourceType, obj: KubeObject): StatusCause[] {
  const kindKey = `${type.group}/${type.kind}`;
  const Model = models[kindKey];
  if (!Model) return [];
  const root = withoutNulls(obj) as KubeObject;
  try {
    new Model(root).validate();
    return [];
  } catch (err) {
    const errors = (err as { errors?: SchemaError[] }).errors;
    if (!Array.isArray(errors)) throw err;
    const elsewhere = [...reportedElsewhere, ...(reportedElsewhereByKind[kindKey] ?? [])];
    return toCauses(root, errors, [...unenforcedRequirements, ...(unenforcedByKind[kindKey] ?? [])])
      .filter((c) => c.reason === 'FieldValueTypeInvalid' || !elsewhere.some((re) => re.test(c.field)));
  }
}
