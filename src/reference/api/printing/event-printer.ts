// Events (core/v1 and events.k8s.io/v1, which upstream prints alike): LAST
// SEEN, TYPE, REASON, OBJECT "kind/name", MESSAGE; wide: SUBOBJECT, SOURCE,
// FIRST SEEN, COUNT, NAME.
import type { KubeObject } from '../object.ts';
import { apiType, column, fieldDoc, nameColumn, wide } from './columns.ts';
import { objectName } from './cell-format.ts';
import { timeSince } from './human-duration.ts';
import type { PrintedRow, Printer } from './table-types.ts';

/** The fields the printer reads, in core/v1's names. */
interface CoreEvent extends KubeObject {
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  count?: number;
  series?: { count?: number; lastObservedTime?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

interface EventsV1Event extends KubeObject {
  regarding?: CoreEvent['involvedObject'];
  note?: string;
  reason?: string;
  type?: string;
  deprecatedSource?: CoreEvent['source'];
  deprecatedFirstTimestamp?: string;
  deprecatedLastTimestamp?: string;
  deprecatedCount?: number;
  eventTime?: string;
  series?: CoreEvent['series'];
  reportingController?: string;
  reportingInstance?: string;
}

/** An events.k8s.io/v1 Event in core/v1's field names (upstream converts both to one internal type). */
export function asCoreEvent(e: EventsV1Event): CoreEvent {
  const core: CoreEvent = { metadata: e.metadata ?? {} };
  if (e.regarding) core.involvedObject = e.regarding;
  if (e.note !== undefined) core.message = e.note;
  if (e.reason !== undefined) core.reason = e.reason;
  if (e.type !== undefined) core.type = e.type;
  if (e.deprecatedSource) core.source = e.deprecatedSource;
  if (e.deprecatedFirstTimestamp) core.firstTimestamp = e.deprecatedFirstTimestamp;
  if (e.deprecatedLastTimestamp) core.lastTimestamp = e.deprecatedLastTimestamp;
  if (e.deprecatedCount !== undefined) core.count = e.deprecatedCount;
  if (e.eventTime) core.eventTime = e.eventTime;
  if (e.series) core.series = e.series;
  if (e.reportingController) core.reportingComponent = e.reportingController;
  if (e.reportingInstance) core.reportingInstance = e.reportingInstance;
  return core;
}

function eventSource(e: CoreEvent): string {
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

function eventCells(e: CoreEvent, now: number): PrintedRow {
  const first = e.firstTimestamp ? timeSince(e.firstTimestamp, now) : timeSince(e.eventTime, now);
  let last = e.lastTimestamp ? timeSince(e.lastTimestamp, now) : first;
  let count = e.count ?? 0;
  if (e.series) {
    last = timeSince(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    // Singleton events of the new API have no count.
    count = 1;
  }
  const involved = e.involvedObject ?? {};
  const kind = (involved.kind ?? '').toLowerCase();
  const target = involved.name ? `${kind}/${involved.name}` : kind;
  return {
    cells: [last, e.type ?? '', e.reason ?? '', target, involved.fieldPath ?? '', eventSource(e), (e.message ?? '').trim(), first, count, objectName(e)],
  };
}

const event = apiType('core.v1', 'Event');

function eventPrinter(toCore: (obj: KubeObject) => CoreEvent): Printer {
  return {
    columns: [
      column('Last Seen', 'string', fieldDoc(event, 'lastTimestamp')),
      column('Type', 'string', fieldDoc(event, 'type')),
      column('Reason', 'string', fieldDoc(event, 'reason')),
      column('Object', 'string', fieldDoc(event, 'involvedObject')),
      wide('Subobject', 'string', fieldDoc(apiType('core.v1', 'ObjectReference'), 'fieldPath')),
      wide('Source', 'string', fieldDoc(event, 'source')),
      column('Message', 'string', fieldDoc(event, 'message')),
      wide('First Seen', 'string', fieldDoc(event, 'firstTimestamp')),
      wide('Count', 'string', fieldDoc(event, 'count')),
      nameColumn(1),
    ],
    row: (obj, now) => eventCells(toCore(obj), now),
  };
}

export const coreEventPrinter = eventPrinter((obj) => obj as CoreEvent);
export const eventsV1EventPrinter = eventPrinter((obj) => asCoreEvent(obj as EventsV1Event));
