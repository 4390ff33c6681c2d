// The API server's own loops for CustomResourceDefinitions, as
// apiextensions-apiserver runs them: the naming controller (names accepted
// unless another CRD of the group uses them), establishing (the types are
// served and Established is True), and the finalizer that deletes every
// custom resource of a CRD being deleted before the CRD itself goes.
import type { Watcher } from '../../store/store.ts';
import { deleteObject } from '../deletion.ts';
import { listObjects } from '../list.ts';
import type { Registry } from '../registry.ts';
import { resourceTypes, type ResourceType } from '../resources.ts';
import { ApiError } from '../status.ts';
import { decodeObject, prefixOf } from '../storage-keys.ts';
import { cleanupFinalizer, isEstablished, type CrdCondition, type CrdNames, type CustomResourceDefinition } from './crd-object.ts';
import { customResourceTypes } from './custom-resource-type.ts';
import type { ResourceCatalog } from './resource-catalog.ts';

export const crdType: ResourceType = resourceTypes.find((t) => t.group === 'apiextensions.k8s.io' && t.plural === 'customresourcedefinitions')!;

export interface CrdControllerOptions {
  /** How soon to look again at a CRD whose objects are still being deleted, or after a failure. */
  retryMs: number;
  log: (message: string) => void;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Upstream's naming controller: the first name of the CRD's that another CRD of the group already accepted. */
function nameConflict(crd: CustomResourceDefinition, others: CustomResourceDefinition[]): string | undefined {
  const names = crd.spec.names;
  for (const other of others) {
    if (other.metadata?.name === crd.metadata?.name || other.spec.group !== crd.spec.group) continue;
    const taken = other.status?.acceptedNames;
    if (!taken) continue;
    const used = new Set([taken.plural, taken.singular, ...(taken.shortNames ?? [])].filter(Boolean));
    if (used.has(names.plural)) return `"${names.plural}" is already in use`;
    if (names.singular && used.has(names.singular)) return `"${names.singular}" is already in use`;
    for (const s of names.shortNames ?? []) if (used.has(s)) return `"${s}" is already in use`;
    if (taken.kind === names.kind) return `"${names.kind}" is already in use`;
    if (taken.listKind && taken.listKind === names.listKind) return `"${names.listKind}" is already in use`;
  }
  return undefined;
}

function setCondition(conditions: CrdCondition[], next: CrdCondition): CrdCondition[] {
  const current = conditions.find((c) => c.type === next.type);
  const same = current && current.status === next.status && current.reason === next.reason && current.message === next.message;
  if (same) return conditions;
  const lastTransitionTime = current && current.status === next.status ? current.lastTransitionTime : now();
  return [...conditions.filter((c) => c.type !== next.type), { ...next, lastTransitionTime }];
}

export class CrdController {
  private readonly registry: Registry;
  private readonly catalog: ResourceCatalog;
  private readonly options: CrdControllerOptions;
  private readonly queue = new Set<string>();
  private watcher: Watcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;

  constructor(registry: Registry, catalog: ResourceCatalog, options: CrdControllerOptions) {
    this.registry = registry;
    this.catalog = catalog;
    this.options = options;
  }

  /** Serves the established CRDs before it returns, so that a restarted server routes their types at once. */
  async start(): Promise<void> {
    const page = await this.registry.store.list(prefixOf(crdType));
    for (const kv of page.items) {
      const crd = decodeObject(kv) as CustomResourceDefinition;
      this.serveIfEstablished(crd);
      this.queue.add(crd.metadata!.name!);
    }
    this.watcher = await this.registry.store.watch(prefixOf(crdType), page.revision, {
      onEvents: (events) => {
        for (const e of events) {
          if (e.type === 'put') this.queue.add((decodeObject(e.kv) as CustomResourceDefinition).metadata!.name!);
          else {
            const name = e.kv.key.slice(prefixOf(crdType).length);
            this.catalog.withdraw(name);
            this.requeueAll().catch((err: Error) => {
              if (!this.stopped) this.options.log(`crd controller: ${err.message}`);
            });
          }
        }
        this.kick();
      },
      onError: (err) => {
        if (this.stopped) return;
        this.options.log(`crd controller: watch ended: ${err.message}; restarting`);
        this.start().catch((e: Error) => this.options.log(`crd controller: restart failed: ${e.message}`));
      },
    });
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.watcher?.close();
  }

  private serveIfEstablished(crd: CustomResourceDefinition): void {
    const accepted = crd.status?.acceptedNames;
    if (isEstablished(crd) && accepted?.plural) this.catalog.serve(crd.metadata!.name!, customResourceTypes(crd, accepted));
  }

  /** Another CRD's names may have been freed. */
  private async requeueAll(): Promise<void> {
    const page = await this.registry.store.list(prefixOf(crdType));
    for (const kv of page.items) this.queue.add((decodeObject(kv) as CustomResourceDefinition).metadata!.name!);
    this.kick();
  }

  private kick(): void {
    if (this.running || this.stopped || this.queue.size === 0) return;
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.queue.size && !this.stopped) this.timer = setTimeout(() => this.kick(), 0);
    });
  }

  private async drain(): Promise<void> {
    const retry: string[] = [];
    for (const name of [...this.queue]) {
      this.queue.delete(name);
      try {
        if (!(await this.reconcile(name))) retry.push(name);
      } catch (err) {
        if (!this.stopped) this.options.log(`crd controller: ${name}: ${(err as Error).message}`);
        retry.push(name);
      }
    }
    if (retry.length && !this.stopped) {
      this.timer = setTimeout(() => {
        for (const name of retry) this.queue.add(name);
        this.kick();
      }, this.options.retryMs);
    }
  }

  /** False when the CRD needs another look later (its objects are still being deleted). */
  private async reconcile(name: string): Promise<boolean> {
    const current = await this.registry.tryGet(crdType, undefined, name);
    if (!current) {
      this.catalog.withdraw(name);
      return true;
    }
    const crd = current.obj as CustomResourceDefinition;
    if (crd.metadata?.deletionTimestamp) return this.finalize(crd);
    await this.updateStatus(crd);
    return true;
  }

  private async updateStatus(crd: CustomResourceDefinition): Promise<void> {
    const name = crd.metadata!.name!;
    const all = (await this.registry.store.list(prefixOf(crdType))).items.map((kv) => decodeObject(kv) as CustomResourceDefinition);
    const conflict = nameConflict(crd, all);
    const updated = await this.registry.write(crdType, undefined, name, (cur) => {
      const next = cur as CustomResourceDefinition;
      const status = (next.status ??= {});
      let conditions = status.conditions ?? [];
      if (conflict) {
        conditions = setCondition(conditions, { type: 'NamesAccepted', status: 'False', reason: 'NameConflict', message: conflict });
        if (!isEstablished(next)) {
          conditions = setCondition(conditions, { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' });
        }
      } else {
        status.acceptedNames = structuredClone(next.spec.names) as CrdNames;
        conditions = setCondition(conditions, { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' });
        conditions = setCondition(conditions, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' });
      }
      status.conditions = conditions;
      return next;
    }, { fieldManager: 'kube-apiserver', dryRun: false, subresource: 'status' });
    this.serveIfEstablished(updated as CustomResourceDefinition);
  }

  /** Deletes every object of the CRD's types, then drops the cleanup finalizer (the CRD then goes). */
  private async finalize(crd: CustomResourceDefinition): Promise<boolean> {
    const name = crd.metadata!.name!;
    if (!(crd.metadata?.finalizers ?? []).includes(cleanupFinalizer)) return true;
    this.catalog.markTerminating(name);
    if (!crd.status?.conditions?.some((c) => c.type === 'Terminating' && c.status === 'True')) {
      await this.registry.write(crdType, undefined, name, (cur) => {
        const next = cur as CustomResourceDefinition;
        const status = (next.status ??= {});
        status.conditions = setCondition(status.conditions ?? [], { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' });
        return next;
      }, { fieldManager: 'kube-apiserver', dryRun: false, subresource: 'status' });
    }
    const t = this.catalog.customTypes().find((c) => c.custom.crdName === name);
    if (t) {
      const page = await listObjects(this.registry, t, undefined, { filter: () => true, unfiltered: true });
      for (const obj of page.items) {
        if (obj.metadata?.deletionTimestamp) continue;
        try {
          await deleteObject(this.registry, t, obj.metadata?.namespace, obj.metadata!.name!, { propagationPolicy: 'Background' });
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
      if ((await this.registry.store.list(prefixOf(t), { limit: 1 })).items.length > 0) return false;
    }
    this.catalog.withdraw(name);
    await this.registry.write(crdType, undefined, name, (cur) => {
      const next = cur!;
      next.metadata!.finalizers = (next.metadata!.finalizers ?? []).filter((f) => f !== cleanupFinalizer);
      return next;
    }, { fieldManager: 'kube-apiserver', dryRun: false });
    return true;
  }
}
