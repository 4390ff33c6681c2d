// The namespace half of kube-controller-manager that the API server cannot do
// without: a namespace marked for deletion (phase Terminating) has everything
// in it deleted, then its "kubernetes" finalizer removed, and then it is gone.
import type { Watcher } from '../store/store.ts';
import { deleteObject } from './deletion.ts';
import { listObjects } from './list.ts';
import type { Registry } from './registry.ts';
import { resourceTypes, type ResourceType } from './resources.ts';
import { ApiError } from './status.ts';
import { decodeObject, prefixOf } from './storage-keys.ts';

const finalizerName = 'kubernetes';

export interface NamespaceLifecycleOptions {
  /** How soon to look again at a namespace whose content is still going. */
  retryMs: number;
  log: (message: string) => void;
  /** The types whose objects a namespace holds (the built-in table unless given: a catalog's, with custom resources). */
  types?: () => readonly ResourceType[];
}

export class NamespaceLifecycle {
  private readonly registry: Registry;
  private readonly namespaces: ResourceType;
  private readonly options: NamespaceLifecycleOptions;
  private readonly pending = new Set<string>();
  private watcher: Watcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;

  constructor(registry: Registry, options: NamespaceLifecycleOptions) {
    this.registry = registry;
    this.namespaces = registry.namespaceType;
    this.options = options;
  }

  async start(): Promise<void> {
    const page = await this.registry.store.list(prefixOf(this.namespaces));
    for (const kv of page.items) this.consider(decodeObject(kv));
    this.watcher = await this.registry.store.watch(prefixOf(this.namespaces), page.revision, {
      onEvents: (events) => {
        for (const e of events) if (e.type === 'put') this.consider(decodeObject(e.kv));
      },
      onError: (err) => {
        if (!this.stopped) this.options.log(`namespace lifecycle: watch ended: ${err.message}; restarting`);
        if (!this.stopped) void this.start();
      },
    });
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.watcher?.close();
  }

  private consider(ns: { metadata?: { name?: string; deletionTimestamp?: string } }): void {
    if (ns.metadata?.deletionTimestamp && ns.metadata.name) {
      this.pending.add(ns.metadata.name);
      this.kick();
    }
  }

  private kick(): void {
    if (this.running || this.stopped || this.pending.size === 0) return;
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.pending.size && !this.stopped) this.timer = setTimeout(() => this.kick(), this.options.retryMs);
    });
  }

  private async drain(): Promise<void> {
    for (const name of [...this.pending]) {
      try {
        if (await this.finalize(name)) this.pending.delete(name);
      } catch (err) {
        this.options.log(`namespace lifecycle: ${name}: ${(err as Error).message}`);
      }
    }
  }

  /** True when the namespace is gone or finalized; false while content remains. */
  private async finalize(name: string): Promise<boolean> {
    const current = await this.registry.tryGet(this.namespaces, undefined, name);
    if (!current?.obj.metadata?.deletionTimestamp) return true;
    let remaining = 0;
    for (const t of this.namespacedTypes()) {
      const page = await listObjects(this.registry, t, name, { filter: () => true, unfiltered: true });
      for (const obj of page.items) {
        remaining++;
        if (obj.metadata?.deletionTimestamp) continue;
        try {
          await deleteObject(this.registry, t, name, obj.metadata!.name!, { propagationPolicy: 'Background' });
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
    }
    if (remaining > 0) {
      const left = await this.countRemaining(name);
      if (left > 0) return false;
    }
    await this.registry.write(this.namespaces, undefined, name, (ns) => {
      const spec = (ns!.spec ?? {}) as { finalizers?: string[] };
      return { ...ns!, spec: { ...spec, finalizers: (spec.finalizers ?? []).filter((f) => f !== finalizerName) } };
    }, { fieldManager: 'namespace-controller', dryRun: false, subresource: 'finalize' });
    return true;
  }

  /** One type per stored resource: a custom resource's served versions share their objects. */
  private namespacedTypes(): ResourceType[] {
    const seen = new Set<string>();
    return (this.options.types?.() ?? resourceTypes).filter((t) => {
      const key = `${t.group}/${t.plural}`;
      if (!t.namespaced || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  private async countRemaining(name: string): Promise<number> {
    let n = 0;
    for (const t of this.namespacedTypes()) {
      n += (await this.registry.store.list(prefixOf(t, name), { limit: 1 })).items.length;
    }
    return n;
  }
}
