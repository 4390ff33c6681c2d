// Records core/v1 Events about objects as client-go's event recorder does:
// fire-and-forget, one Event per distinct (object, type, reason, message), and
// a repeat within ten minutes counted on the existing Event (count,
// lastTimestamp) instead of a new one.
import { hostname } from 'node:os';
import type { KubeObject } from '../reference/api/object.ts';
import { ApiRequestError, type ApiClient } from './api-client.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  /** Writes (or counts) the Event in the background; failures are logged. */
  record(obj: KubeObject, type: EventType, reason: string, message: string): void;
  /** Resolves once every Event recorded so far is written or has failed. */
  flush(): Promise<void>;
}

export interface EventRecorderOptions {
  /** Where write failures go (default console.error). */
  log?: (message: string) => void;
}

/** How long a repeated event is counted on the Event first written for it (client-go: 10 minutes). */
const aggregationWindowMs = 10 * 60 * 1000;

interface SeenEvent {
  namespace: string;
  name: string;
  count: number;
  lastSeenMs: number;
  /** The last write for this event; the next one waits for it (a count patch needs the Event created). */
  written: Promise<void>;
}

interface EventBody extends KubeObject {
  count: number;
  lastTimestamp: string;
}

export function createEventRecorder(client: ApiClient, component: string, host: string = hostname(), options: EventRecorderOptions = {}): EventRecorder {
  const log = options.log ?? ((m: string) => console.error(m));
  const seen = new Map<string, SeenEvent>();
  const pending = new Set<Promise<void>>();
  let lastNanos = 0n;

  /** Epoch nanoseconds, strictly increasing, so that Event names never collide. */
  function uniqueNanos(nowMs: number): bigint {
    const nanos = BigInt(nowMs) * 1_000_000n;
    lastNanos = nanos > lastNanos ? nanos : lastNanos + 1n;
    return lastNanos;
  }

  function forgetExpired(nowMs: number): void {
    // `seen` is in order of last sighting: the expired ones come first.
    for (const [key, e] of seen) {
      if (nowMs - e.lastSeenMs < aggregationWindowMs) break;
      seen.delete(key);
    }
  }

  function track(write: Promise<void>): Promise<void> {
    const settled = write.catch((err: Error) => log(`event recorder: ${err.message}`));
    pending.add(settled);
    void settled.finally(() => pending.delete(settled));
    return settled;
  }

  function eventsPath(namespace: string): string {
    return `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`;
  }

  function record(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const m = obj.metadata ?? {};
    const namespace = m.namespace || 'default';
    const involvedObject = {
      kind: obj.kind,
      namespace: m.namespace,
      name: m.name,
      uid: m.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: m.resourceVersion,
    };
    const nowMs = Date.now();
    const now = new Date(nowMs).toISOString().replace(/\.\d+Z$/, 'Z');
    forgetExpired(nowMs);
    const key = JSON.stringify([involvedObject.kind, involvedObject.namespace, involvedObject.name, involvedObject.uid, involvedObject.apiVersion, type, reason, message]);
    function newEvent(eventName: string, count: number): EventBody {
      return {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: eventName, namespace },
        involvedObject,
        reason,
        message,
        type,
        source: { component, host },
        reportingComponent: component,
        reportingInstance: host,
        firstTimestamp: now,
        lastTimestamp: now,
        count,
      };
    }
    const previous = seen.get(key);
    if (previous) {
      seen.delete(key);
      previous.count++;
      previous.lastSeenMs = nowMs;
      seen.set(key, previous);
      const count = previous.count;
      const patch = { count, lastTimestamp: now };
      previous.written = track(
        previous.written.then(async () => {
          try {
            await client.patch(`${eventsPath(previous.namespace)}/${encodeURIComponent(previous.name)}`, 'merge', patch);
          } catch (err) {
            if (!(err instanceof ApiRequestError && err.code === 404)) throw err;
            // The Event went away (expired or deleted): write it again with its count.
            await client.create(eventsPath(previous.namespace), newEvent(previous.name, count));
          }
        }),
      );
      return;
    }
    const name = `${m.name}.${uniqueNanos(nowMs).toString(16)}`;
    const entry: SeenEvent = { namespace, name, count: 1, lastSeenMs: nowMs, written: Promise.resolve() };
    seen.set(key, entry);
    entry.written = track(client.create(eventsPath(namespace), newEvent(name, 1)).then(() => undefined));
  }

  return {
    record,
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
