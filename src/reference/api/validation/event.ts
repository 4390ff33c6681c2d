// Events, in both groups. core/v1 keeps upstream's lenient legacy rules (the
// involved object's namespace must agree with the event's); events.k8s.io/v1
// is strict on create. Field paths are the internal Event's, as upstream
// reports them for both groups (involvedObject, message, ...).
import { child } from './field-path.ts';
import { byteLength, isDNS1123Subdomain, isQualifiedName } from './formats.ts';
import { pathSegmentName } from './names.ts';
import { isObj, num, obj, semanticEqual, str, type Obj } from './object-access.ts';
import { invalid, required, type StatusCause } from './status-cause.ts';

/** The fields legacy validation looks at, read from either group's shape. */
interface EventView {
  namespace: string;
  involvedNamespace: string;
  eventTime: boolean;
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  message: string;
}

function coreView(event: Obj): EventView {
  return {
    namespace: str(obj(event.metadata).namespace),
    involvedNamespace: str(obj(event.involvedObject).namespace),
    eventTime: Boolean(event.eventTime),
    reportingController: str(event.reportingComponent),
    reportingInstance: str(event.reportingInstance),
    action: str(event.action),
    reason: str(event.reason),
    message: str(event.message),
  };
}

function eventsView(event: Obj): EventView {
  return {
    namespace: str(obj(event.metadata).namespace),
    involvedNamespace: str(obj(event.regarding).namespace),
    eventTime: Boolean(event.eventTime),
    reportingController: str(event.reportingController),
    reportingInstance: str(event.reportingInstance),
    action: str(event.action),
    reason: str(event.reason),
    message: str(event.note),
  };
}

function validateLength(value: string, limit: number, path: string): StatusCause[] {
  return byteLength(value) > limit ? [invalid(path, '', `can have at most ${limit} characters`)] : [];
}

function legacyValidate(e: EventView, reportingControllerField: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const nsPath = child('involvedObject', 'namespace');
  if (!e.eventTime) {
    const mismatch = e.involvedNamespace ? e.namespace !== e.involvedNamespace : e.namespace !== '' && e.namespace !== 'default';
    if (mismatch) causes.push(invalid(nsPath, e.involvedNamespace, 'does not match event.namespace'));
  } else {
    if (!e.involvedNamespace && e.namespace !== 'default' && e.namespace !== 'kube-system') {
      causes.push(invalid(nsPath, e.involvedNamespace, 'does not match event.namespace'));
    }
    if (!e.reportingController) causes.push(required(reportingControllerField));
    causes.push(...isQualifiedName(e.reportingController).map((msg) => invalid(reportingControllerField, e.reportingController, msg)));
    if (!e.reportingInstance) causes.push(required('reportingInstance'));
    causes.push(...validateLength(e.reportingInstance, 128, 'reportingInstance'));
    if (!e.action) causes.push(required('action'));
    causes.push(...validateLength(e.action, 128, 'action'));
    if (!e.reason) causes.push(required('reason'));
    causes.push(...validateLength(e.reason, 128, 'reason'));
    causes.push(...validateLength(e.message, 1024, 'message'));
  }
  causes.push(...isDNS1123Subdomain(e.namespace).map((msg) => invalid('namespace', e.namespace, msg)));
  return causes;
}

/** core/v1 Events on update: the legacy rules only, no ObjectMeta checks. */
export function validateCoreEvent(event: Obj): StatusCause[] {
  return legacyValidate(coreView(event), 'reportingComponent');
}

/** On create the name must also be usable in a URL. */
export function validateCoreEventCreate(event: Obj): StatusCause[] {
  const name = str(obj(event.metadata).name);
  const nameCauses = pathSegmentName(name, false).map((msg) => invalid(child('metadata', 'name'), name, msg));
  return [...nameCauses, ...validateCoreEvent(event)];
}

function validateSeries(event: Obj): StatusCause[] {
  if (!isObj(event.series)) return [];
  const count = num(event.series.count);
  const causes: StatusCause[] = [];
  if (count < 2) causes.push(invalid(child('series', 'count'), '', 'should be at least 2'));
  if (!event.series.lastObservedTime) causes.push(required(child('series', 'lastObservedTime')));
  return causes;
}

export function validateEventsEventCreate(event: Obj): StatusCause[] {
  const causes = legacyValidate(eventsView(event), 'reportingController');
  causes.push(...validateSeries(event));
  if (!event.eventTime) causes.push(required('eventTime'));
  const type = str(event.type);
  if (type !== 'Normal' && type !== 'Warning') causes.push(invalid('type', '', `has invalid value: ${type}`));
  if (event.deprecatedFirstTimestamp) causes.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (event.deprecatedLastTimestamp) causes.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (num(event.deprecatedCount) !== 0) causes.push(invalid('count', '', 'needs to be unset'));
  const source = obj(event.deprecatedSource);
  if (str(source.component) || str(source.host)) causes.push(invalid('source', '', 'needs to be unset'));
  return causes;
}

/** events.k8s.io/v1 field name -> the internal field upstream names in immutability errors. */
const immutableEventFields: [string, string][] = [
  ['regarding', 'involvedObject'], ['reason', 'reason'], ['note', 'message'], ['type', 'type'], ['eventTime', 'eventTime'],
  ['action', 'action'], ['related', 'related'], ['reportingController', 'reportingController'], ['reportingInstance', 'reportingInstance'],
];

export function validateEventsEventUpdate(event: Obj, old: Obj): StatusCause[] {
  const causes = legacyValidate(eventsView(event), 'reportingController');
  causes.push(...validateSeries(event));
  for (const [field, upstreamName] of immutableEventFields) {
    if (!semanticEqual(event[field], old[field])) causes.push(invalid(upstreamName, event[field] ?? null, 'field is immutable'));
  }
  return causes;
}
