// An in-memory copy of every object under one store prefix, kept current by a
// store watch: what kube-apiserver's RBAC authorizer reads through its shared
// informers. A watch that ends (a compaction passed it, a backend hiccup) is
// replaced by a fresh list and watch.
import type { Store, Watcher } from '../../store/store.ts';
import type { KubeObject } from '../object.ts';
import { decodeObject } from '../storage-keys.ts';

const rewatchDelayMs = 200;

export class StoreMirror {
  readonly #store: Store;
  readonly #prefix: string;
  readonly #objects = new Map<string, KubeObject>();
  readonly #onChange: () => void;
  #watcher: Watcher | undefined;
  #stopped = false;
  #retry: NodeJS.Timeout | undefined;

  constructor(store: Store, prefix: string, onChange: () => void = () => {}) {
    this.#store = store;
    this.#prefix = prefix;
    this.#onChange = onChange;
  }

  /** Resolves once the first list is in. */
  async start(): Promise<void> {
    const listed = await this.#store.list(this.#prefix);
    this.#objects.clear();
    for (const kv of listed.items) this.#objects.set(kv.key, decodeObject(kv));
    this.#onChange();
    this.#watcher = await this.#store.watch(this.#prefix, listed.revision, {
      onEvents: (events) => {
        for (const e of events) {
          if (e.type === 'delete') this.#objects.delete(e.kv.key);
          else this.#objects.set(e.kv.key, decodeObject(e.kv));
        }
        this.#onChange();
      },
      onError: () => {
        if (this.#stopped) return;
        this.#retry = setTimeout(() => void this.start().catch(() => this.#retryLater()), rewatchDelayMs);
      },
    });
  }

  #retryLater(): void {
    if (!this.#stopped) this.#retry = setTimeout(() => void this.start().catch(() => this.#retryLater()), rewatchDelayMs);
  }

  values(): IterableIterator<KubeObject> {
    return this.#objects.values();
  }

  get(key: string): KubeObject | undefined {
    return this.#objects.get(key);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    await this.#watcher?.close();
  }
}
