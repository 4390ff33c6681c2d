// A shared informer: one list+watch per resource, a cache of its objects, and
// handlers told of every change, as client-go's SharedIndexInformer. It lists,
// then watches from the list's resourceVersion with bookmarks; when the watch
// ends it watches again from the last resourceVersion seen; on 410 Gone it lists
// again and tells handlers what changed meanwhile.
import type { KubeObject } from '../reference/api/object.ts';

export interface InformerHandlers<T extends KubeObject = KubeObject> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  delete?(obj: T): void;
}

export interface Informer<T extends KubeObject = KubeObject> {
  /** Register handlers; those added after sync get an add() for each cached object. */
  on(handlers: InformerHandlers<T>): void;
  /** Resolves once the first list is in the cache. */
  synced(): Promise<void>;
  get(namespace: string | undefined, name: string): T | undefined;
  list(namespace?: string): T[];
}

/** "ns/name", or "name" for cluster-scoped objects: the key of caches and work queues. */
export function objectKey(obj: KubeObject): string {
  const m = obj.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name}` : `${m.name}`;
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i === -1 ? { namespace: undefined, name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
