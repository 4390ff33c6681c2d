// Lists a collection, then watches it from the list's resourceVersion,
// re-checking a predicate over the objects after every change: the runner's
// one way to wait, never polling. A watch that ends, breaks or expires (410)
// is re-established from a fresh list; any other 4xx fails the wait.
import type { ApiClient, WatchHandle } from '../kube/api-client.ts';
import type { KubeObject } from '../reference/api/object.ts';

export class WaitAborted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaitAborted';
  }
}

function keyOf(o: KubeObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

export function watchUntil<T extends KubeObject, R>(
  client: ApiClient, collectionPath: string, query: Record<string, string>, predicate: (objects: T[]) => R | undefined | false,
  what: string, signal: AbortSignal,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const objects = new Map<string, T>();
    let handle: WatchHandle | undefined;
    let finished = false;
    const finish = (outcome: { value: R } | { error: Error }) => {
      if (finished) return;
      finished = true;
      signal.removeEventListener('abort', onAbort);
      handle?.stop();
      if ('value' in outcome) resolve(outcome.value);
      else reject(outcome.error);
    };
    const check = () => {
      let result: R | undefined | false;
      try {
        result = predicate([...objects.values()]);
      } catch (err) {
        finish({ error: err as Error });
        return;
      }
      if (result !== undefined && result !== false) finish({ value: result });
    };
    const onAbort = () => {
      const seen = [...objects.keys()].join(', ') || 'nothing';
      finish({ error: new WaitAborted(`gave up waiting for ${what}: last saw ${seen} in ${collectionPath}`) });
    };
    const listAndWatch = async () => {
      const list = await client.list<T>(collectionPath, query);
      if (finished) return;
      objects.clear();
      for (const o of list.items) objects.set(keyOf(o), o);
      check();
      if (finished) return;
      handle = client.watch(collectionPath, { ...query, resourceVersion: list.resourceVersion, allowWatchBookmarks: 'true' }, (type, object) => {
        if (finished || type === 'BOOKMARK') return;
        if (type === 'ERROR') {
          const status = object as { code?: number; message?: string };
          if (status.code !== undefined && status.code >= 400 && status.code < 500 && status.code !== 410) finish({ error: new Error(`watch of ${collectionPath} failed (${status.code}): ${status.message ?? 'no message'}`) });
          return;
        }
        if (type === 'DELETED') objects.delete(keyOf(object));
        else objects.set(keyOf(object), object as T);
        check();
      });
      await handle.done;
      if (!finished) await listAndWatch();
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    listAndWatch().catch((err: Error) => finish({ error: err }));
  });
}
