// Events: the fields Go always writes out, even empty (non-pointer structs
// and strings without omitempty), so stored events read as kube-apiserver's do.
import type { Obj } from '../validation/object-access.ts';

export function defaultCoreEvent(event: Obj): void {
  event.involvedObject ??= {};
  event.source ??= {};
  event.firstTimestamp ??= null;
  event.lastTimestamp ??= null;
  event.eventTime ??= null;
  event.reportingComponent ??= '';
  event.reportingInstance ??= '';
}

export function defaultEventsEvent(event: Obj): void {
  event.eventTime ??= null;
  event.regarding ??= {};
  event.deprecatedSource ??= {};
  event.deprecatedFirstTimestamp ??= null;
  event.deprecatedLastTimestamp ??= null;
}
