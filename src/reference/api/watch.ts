// Watches as kube-apiserver serves them: from a resourceVersion (replaying what
// happened since), or from "now" after the current state as ADDED events;
// selector-aware (an object leaving the selection is DELETED for this watch);
// BOOKMARKs when the store reports progress; a compacted start is an ERROR
// event carrying 410 Expired, which clients answer by listing again.
import { CompactedError, type WatchEvent } from '../store/store.ts';
import type { KubeObject } from './object.ts';
import type { ObjectFilter } from './list.ts';
import type { Registry } from './registry.ts';
import { apiVersionOf, type ResourceType } from './resources.ts';
import { badRequest, gone } from './status.ts';
import { decodeObject, prefixOf } from './storage-keys.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface ApiWatchEvent {
  type: WatchEventType;
  object: KubeObject | Record<string, unknown>;
}

export interface WatchQuery {
  filter: ObjectFilter;
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
}

export interface WatchSink {
  send(events: ApiWatchEvent[]): void;
  /** The watch ended from the server side. */
  end(): void;
}

export interface ApiWatch {
  stop(): Promise<void>;
}

function toApiEvent(e: WatchEvent, filter: ObjectFilter): ApiWatchEvent | undefined {
  if (e.type === 'delete') {
    if (!e.prevKv) return undefined;
    const old = decodeObject(e.prevKv, e.revision);
    return filter(old) ? { type: 'DELETED', object: old } : undefined;
  }
  const obj = decodeObject(e.kv);
  const matches = filter(obj);
  if (!e.prevKv) return matches ? { type: 'ADDED', object: obj } : undefined;
  const prev = decodeObject(e.prevKv, e.revision);
  const matched = filter(prev);
  if (matches) return { type: matched ? 'MODIFIED' : 'ADDED', object: obj };
  // As kube-apiserver's cacher: leaving the selection is DELETED with the content it had while selected, at this revision.
  if (matched) return { type: 'DELETED', object: prev };
  return undefined;
}

function bookmark(t: ResourceType, revision: number, annotations?: Record<string, string>): ApiWatchEvent {
  return {
    type: 'BOOKMARK',
    object: { kind: t.kind, apiVersion: apiVersionOf(t), metadata: { resourceVersion: String(revision), ...(annotations ? { annotations } : {}) } },
  };
}

export async function startWatch(
  registry: Registry,
  t: ResourceType,
  namespace: string | undefined,
  q: WatchQuery,
  sink: WatchSink,
): Promise<ApiWatch> {
  const prefix = prefixOf(t, namespace);
  const rv = q.resourceVersion ?? '';
  let after: number;
  const initial: ApiWatchEvent[] = [];
  const fromNow = rv === '' || rv === '0' || q.sendInitialEvents === true;
  if (fromNow) {
    const page = await registry.store.list(prefix);
    for (const kv of page.items) {
      const obj = decodeObject(kv);
      if (q.filter(obj)) initial.push({ type: 'ADDED', object: obj });
    }
    after = page.revision;
    if (q.sendInitialEvents && q.allowBookmarks) initial.push(bookmark(t, after, { 'k8s.io/initial-events-end': 'true' }));
  } else {
    after = Number(rv);
    if (!Number.isInteger(after) || after < 0) throw badRequest(`invalid resource version "${rv}"`);
  }
  if (initial.length) sink.send(initial);
  let lastSent = after;
  try {
    const watcher = await registry.store.watch(prefix, after, {
      onEvents(events) {
        const out: ApiWatchEvent[] = [];
        for (const e of events) {
          const converted = toApiEvent(e, q.filter);
          if (converted) out.push(converted);
          lastSent = e.revision;
        }
        if (out.length) sink.send(out);
      },
      onError() {
        sink.end();
      },
      onProgress(revision) {
        if (q.allowBookmarks && revision >= lastSent) sink.send([bookmark(t, revision)]);
      },
    });
    return { stop: () => watcher.close() };
  } catch (err) {
    if (err instanceof CompactedError) {
      const status = gone(`too old resource version: ${after} (${err.compacted})`).toStatus();
      sink.send([{ type: 'ERROR', object: status }]);
      sink.end();
      return { stop: async () => {} };
    }
    throw err;
  }
}
