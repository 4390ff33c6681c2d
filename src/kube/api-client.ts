// The client kdrill's own components (scheduler, controllers, simulated nodes)
// use to talk to an API server: JSON over kept-alive HTTPS connections, as
// client-go does. (client-node 2.0.1 opens a TLS connection per request, too
// slow for a scheduler binding thousands of pods.)
import type { KubeObject } from '../reference/api/object.ts';

export interface ListResult<T extends KubeObject = KubeObject> {
  items: T[];
  resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchHandle {
  /** Resolves when the stream ended (server closed it, an error, or stop()). */
  readonly done: Promise<void>;
  stop(): void;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export class ApiRequestError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly status: Record<string, unknown> | undefined;
  constructor(code: number, reason: string, message: string, status?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiRequestError';
    this.code = code;
    this.reason = reason;
    this.status = status;
  }
}

export interface ApiClient {
  get<T extends KubeObject = KubeObject>(path: string): Promise<T>;
  /** Lists all pages (limit/continue) of a collection path; query is e.g. { labelSelector }. */
  list<T extends KubeObject = KubeObject>(path: string, query?: Record<string, string>): Promise<ListResult<T>>;
  create<T extends KubeObject = KubeObject>(collectionPath: string, body: KubeObject, query?: Record<string, string>): Promise<T>;
  update<T extends KubeObject = KubeObject>(path: string, body: KubeObject, query?: Record<string, string>): Promise<T>;
  patch<T extends KubeObject = KubeObject>(path: string, type: PatchType, body: unknown, query?: Record<string, string>): Promise<T>;
  /** A GET whose answer is text, not JSON (pods/NAME/log). */
  getText(path: string): Promise<string>;
  /** Resolves with the response body (the object, or a Status). */
  delete(path: string, options?: Record<string, unknown>): Promise<unknown>;
  /**
   * A watch on a collection path from resourceVersion, with bookmarks. A
   * non-2xx response arrives as one ERROR event carrying its Status (410 when
   * the resourceVersion is too old); a broken connection or an undecodable
   * event as an ERROR event with a code 500 Status. `done` always resolves.
   */
  watch(path: string, query: Record<string, string>, onEvent: (type: WatchEventType, object: KubeObject) => void): WatchHandle;
  close(): void;
}
