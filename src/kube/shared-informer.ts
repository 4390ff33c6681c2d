// Shared informers over an ApiClient: one list+watch per collection path and
// query, however many components ask for it (see informer.ts for the contract).
import type { KubeObject } from '../reference/api/object.ts';
import type { ApiClient, WatchEventType, WatchHandle } from './api-client.ts';
import { objectKey, type Informer, type InformerHandlers } from './informer.ts';

export interface InformerFactoryOptions {
  /** Where handler exceptions and list/watch failures go (default console.error). */
  log?: (message: string) => void;
  /** First retry delay after a failure, doubling per failure in a row (default 100 ms). */
  initialBackoffMs?: number;
  /** Cap of the retry delay (default 5 s). */
  maxBackoffMs?: number;
}

/** How one watch ended: on its own, with 410 Gone (list again), or with another error. */
type WatchOutcome = 'ended' | 'expired' | 'failed';

class SharedInformer<T extends KubeObject> implements Informer<T> {
  private readonly cache = new Map<string, T>();
  private readonly handlers: InformerHandlers<T>[] = [];
  private readonly description: string;
  private resourceVersion = '';
  private hasSynced = false;
  private markSynced!: () => void;
  private readonly syncedPromise = new Promise<void>((resolve) => (this.markSynced = resolve));
  private stopped = false;
  private running: Promise<void> | undefined;
  private currentWatch: WatchHandle | undefined;
  private wakeSleeper: (() => void) | undefined;

  private readonly client: ApiClient;
  private readonly path: string;
  private readonly query: Record<string, string>;
  private readonly options: Required<InformerFactoryOptions>;

  constructor(client: ApiClient, path: string, query: Record<string, string>, options: Required<InformerFactoryOptions>) {
    this.client = client;
    this.path = path;
    this.query = query;
    this.options = options;
    const q = new URLSearchParams(query).toString();
    this.description = q ? `${path}?${q}` : path;
  }

  on(handlers: InformerHandlers<T>): void {
    this.handlers.push(handlers);
    if (this.hasSynced) for (const obj of this.cache.values()) this.call('add', () => handlers.add?.(obj));
  }

  synced(): Promise<void> {
    return this.syncedPromise;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(namespace ? `${namespace}/${name}` : name);
  }

  list(namespace?: string): T[] {
    const all = [...this.cache.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata?.namespace === namespace);
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.currentWatch?.stop();
    this.wakeSleeper?.();
    await this.running;
  }

  private async run(): Promise<void> {
    let needList = true;
    let backoff = this.options.initialBackoffMs;
    while (!this.stopped) {
      let outcome: WatchOutcome;
      let progressed = false;
      if (needList) {
        try {
          await this.relist();
          needList = false;
          progressed = true;
        } catch (err) {
          this.options.log(`informer ${this.description}: list failed: ${(err as Error).message}`);
        }
      }
      if (needList) {
        outcome = 'failed';
      } else {
        const result = await this.watchOnce();
        outcome = result.outcome;
        progressed ||= result.progressed;
        if (outcome === 'expired') needList = true;
      }
      if (progressed) backoff = this.options.initialBackoffMs;
      // Retry at once after progress or 410; back off after a failure or a
      // watch that ended without telling anything.
      if (outcome === 'expired' || (outcome === 'ended' && progressed)) continue;
      await this.sleep(backoff);
      backoff = Math.min(backoff * 2, this.options.maxBackoffMs);
    }
  }

  /** Lists, replaces the cache, and tells handlers what differs from it. */
  private async relist(): Promise<void> {
    const { items, resourceVersion } = await this.client.list<T>(this.path, this.query);
    if (this.stopped) return;
    const fresh = new Map(items.map((o) => [objectKey(o), o] as const));
    const previous = new Map(this.cache);
    this.cache.clear();
    for (const [key, obj] of fresh) this.cache.set(key, obj);
    this.resourceVersion = resourceVersion;
    for (const [key, obj] of fresh) {
      const old = previous.get(key);
      if (!old) this.emit('add', obj);
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.emit('update', obj, old);
    }
    for (const [key, old] of previous) if (!fresh.has(key)) this.emit('delete', old);
    if (!this.hasSynced) {
      this.hasSynced = true;
      this.markSynced();
    }
  }

  private async watchOnce(): Promise<{ outcome: WatchOutcome; progressed: boolean }> {
    let outcome: WatchOutcome = 'ended';
    let progressed = false;
    let errored = false;
    const handle = this.client.watch(this.path, { ...this.query, resourceVersion: this.resourceVersion }, (type, object) => {
      if (errored) return;
      if (type === 'ERROR') {
        errored = true;
        outcome = object.code === 410 ? 'expired' : 'failed';
        if (outcome === 'failed') this.options.log(`informer ${this.description}: watch error: ${String(object.message ?? JSON.stringify(object))}`);
        handle.stop();
        return;
      }
      progressed = true;
      this.apply(type, object as T);
    });
    this.currentWatch = handle;
    if (this.stopped) handle.stop();
    await handle.done;
    this.currentWatch = undefined;
    return { outcome, progressed };
  }

  private apply(type: Exclude<WatchEventType, 'ERROR'>, obj: T): void {
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (type === 'BOOKMARK') return;
    const key = objectKey(obj);
    const old = this.cache.get(key);
    if (type === 'DELETED') {
      if (!old) return;
      this.cache.delete(key);
      this.emit('delete', obj);
      return;
    }
    this.cache.set(key, obj);
    if (old) this.emit('update', obj, old);
    else this.emit('add', obj);
  }

  private emit(kind: 'add' | 'update' | 'delete', obj: T, old?: T): void {
    for (const h of this.handlers) {
      if (kind === 'add') this.call(kind, () => h.add?.(obj));
      else if (kind === 'update') this.call(kind, () => h.update?.(old!, obj));
      else this.call(kind, () => h.delete?.(obj));
    }
  }

  private call(kind: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.options.log(`informer ${this.description}: ${kind} handler threw: ${(err as Error)?.stack ?? String(err)}`);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleeper = done;
    });
  }
}

/** Hands out one shared informer per collection path and query; starts and stops them all. */
export class InformerFactory {
  private readonly informers = new Map<string, SharedInformer<KubeObject>>();
  private readonly options: Required<InformerFactoryOptions>;
  private readonly client: ApiClient;
  private started = false;

  constructor(client: ApiClient, options: InformerFactoryOptions = {}) {
    this.client = client;
    this.options = {
      log: options.log ?? ((m) => console.error(m)),
      initialBackoffMs: options.initialBackoffMs ?? 100,
      maxBackoffMs: options.maxBackoffMs ?? 5000,
    };
  }

  /** The informer for path (a collection path) and query (e.g. { labelSelector }); started at once if the factory is. */
  for<T extends KubeObject = KubeObject>(path: string, query: Record<string, string> = {}): Informer<T> {
    const key = `${path}?${new URLSearchParams(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))).toString()}`;
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new SharedInformer<KubeObject>(this.client, path, query, this.options);
      this.informers.set(key, informer);
      if (this.started) informer.start();
    }
    return informer as unknown as Informer<T>;
  }

  start(): void {
    this.started = true;
    for (const informer of this.informers.values()) informer.start();
  }

  /** Stops every informer for good; resolves once their watches are closed. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}
