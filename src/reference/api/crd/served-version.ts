// Conversion strategy None: every served version of a CRD reads and writes
// the same stored objects, and only apiVersion changes between them. An
// object is answered in the version the request addressed.
import type { KubeObject } from '../object.ts';
import { apiVersionOf, type ResourceType } from '../resources.ts';
import type { WatchSink } from '../watch.ts';
import { customResourceOf } from './custom-resource-type.ts';

export function inServedVersion(t: ResourceType, obj: KubeObject): KubeObject {
  if (!customResourceOf(t) || obj.apiVersion === apiVersionOf(t)) return obj;
  return { ...obj, apiVersion: apiVersionOf(t) };
}

/** A watch's events with their objects in the served version (bookmarks and errors pass as they are). */
export function servedVersionSink(t: ResourceType, sink: WatchSink): WatchSink {
  if (!customResourceOf(t)) return sink;
  return {
    send: (events) => sink.send(events.map((e) => (e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED' ? { ...e, object: inServedVersion(t, e.object as KubeObject) } : e))),
    end: () => sink.end(),
  };
}

/** A custom resource's list kind (its CRD's names.listKind); KindList for built-in types. */
export function listKindOf(t: ResourceType): string {
  return customResourceOf(t)?.names.listKind ?? `${t.kind}List`;
}
