// The garbage collector (upstream pkg/controller/garbagecollector): deletes
// objects whose owners (by ownerReferences uid) are gone, carries out
// foreground deletion (dependents that block their owner's deletion go first,
// then the foregroundDeletion finalizer) and orphaning (ownerReferences to the
// owner removed from its dependents, then the orphan finalizer).
import type { KubeObject } from '../api/object.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import { updateOwnerReferences, type OwnerReference } from './controller-ref.ts';
import { collectedResources, collectionPath, itemPath, resourceFor, type CollectedResource } from './garbage-collector-resources.ts';

const foregroundFinalizer = 'foregroundDeletion';
const orphanFinalizer = 'orphan';
const workers = 5;

interface Node {
  resource: CollectedResource;
  obj: KubeObject;
}

function hasFinalizer(obj: KubeObject, f: string): boolean {
  return obj.metadata?.finalizers?.includes(f) ?? false;
}

function deletingDependents(obj: KubeObject): boolean {
  return obj.metadata?.deletionTimestamp !== undefined && hasFinalizer(obj, foregroundFinalizer);
}

function codeOf(err: unknown): number | undefined {
  return (err as { code?: number }).code;
}

export async function startGarbageCollector(ctx: ControllerContext): Promise<Controller> {
  const queue = createWorkQueue({ log: ctx.log });
  const nodes = new Map<string, Node>();
  /** owner uid → uids of objects that reference it. */
  const dependents = new Map<string, Set<string>>();

  const unindex = (obj: KubeObject): void => {
    const uid = obj.metadata?.uid ?? '';
    for (const ref of obj.metadata?.ownerReferences ?? []) {
      const set = dependents.get(ref.uid);
      set?.delete(uid);
      if (set?.size === 0) dependents.delete(ref.uid);
    }
  };
  const index = (resource: CollectedResource, obj: KubeObject): void => {
    const uid = obj.metadata?.uid ?? '';
    nodes.set(uid, { resource, obj });
    for (const ref of obj.metadata?.ownerReferences ?? []) {
      let set = dependents.get(ref.uid);
      if (!set) dependents.set(ref.uid, (set = new Set()));
      set.add(uid);
    }
  };
  const consider = (obj: KubeObject): void => {
    const m = obj.metadata ?? {};
    if (m.ownerReferences?.length || (m.deletionTimestamp && (hasFinalizer(obj, foregroundFinalizer) || hasFinalizer(obj, orphanFinalizer)))) {
      queue.add(m.uid ?? '');
    }
  };

  const informers = collectedResources.map((resource) => {
    const informer = ctx.informers.for(collectionPath(resource));
    informer.on({
      add(obj) {
        index(resource, obj);
        consider(obj);
      },
      update(oldObj, obj) {
        unindex(oldObj);
        index(resource, obj);
        consider(obj);
        // An owner waiting for its dependents looks again when one lets go of it.
        for (const ref of oldObj.metadata?.ownerReferences ?? []) queue.add(ref.uid);
      },
      delete(obj) {
        unindex(obj);
        nodes.delete(obj.metadata?.uid ?? '');
        for (const uid of dependents.get(obj.metadata?.uid ?? '') ?? []) queue.add(uid);
        for (const ref of obj.metadata?.ownerReferences ?? []) queue.add(ref.uid);
      },
    });
    return informer;
  });

  const pathOf = (node: Node): string => itemPath(node.resource, node.obj.metadata!.namespace!, node.obj.metadata!.name!);

  const fresh = async (node: Node): Promise<KubeObject | undefined> => {
    try {
      const obj = await ctx.client.get(pathOf(node));
      return obj.metadata?.uid === node.obj.metadata?.uid ? obj : undefined;
    } catch (err) {
      if (codeOf(err) === 404) return undefined;
      throw err;
    }
  };

  const removeFinalizer = async (node: Node, finalizer: string): Promise<void> => {
    const obj = await fresh(node);
    if (!obj || !hasFinalizer(obj, finalizer)) return;
    obj.metadata!.finalizers = obj.metadata!.finalizers!.filter((f) => f !== finalizer);
    await ctx.client.update(pathOf(node), obj);
  };

  /** The owner as it is now, or undefined when it is gone (another uid under its name is gone too). Unknown kinds count as present. */
  const ownerOf = async (ref: OwnerReference, namespace: string): Promise<KubeObject | undefined> => {
    const cached = nodes.get(ref.uid);
    if (cached) return cached.obj;
    const resource = resourceFor(ref.apiVersion, ref.kind);
    if (!resource) return { metadata: { uid: ref.uid } };
    try {
      const owner = await ctx.client.get(itemPath(resource, namespace, ref.name));
      return owner.metadata?.uid === ref.uid ? owner : undefined;
    } catch (err) {
      if (codeOf(err) === 404) return undefined;
      throw err;
    }
  };

  /** Upstream attemptToDeleteItem: delete an object none of whose owners remain, or drop the references to gone ones. */
  const attemptToDelete = async (node: Node): Promise<void> => {
    const latest = await fresh(node);
    if (!latest) return;
    const namespace = latest.metadata!.namespace!;
    const solid: OwnerReference[] = [];
    const gone: string[] = [];
    let waiting = false;
    for (const ref of latest.metadata?.ownerReferences ?? []) {
      const owner = await ownerOf(ref, namespace);
      if (!owner) gone.push(ref.uid);
      else if (deletingDependents(owner)) {
        waiting = true;
        gone.push(ref.uid);
      } else solid.push(ref);
    }
    if (solid.length) {
      if (gone.length) await updateOwnerReferences(ctx.client, pathOf(node), latest, (refs) => refs.filter((r) => !gone.includes(r.uid)));
      return;
    }
    if (!gone.length) return;
    // An owner deleted in the foreground passes the policy on to dependents that have dependents of their own.
    const hasDependents = (dependents.get(latest.metadata?.uid ?? '')?.size ?? 0) > 0;
    const policy = waiting && hasDependents ? 'Foreground' : hasFinalizer(latest, orphanFinalizer) ? 'Orphan' : hasFinalizer(latest, foregroundFinalizer) ? 'Foreground' : 'Background';
    try {
      await ctx.client.delete(pathOf(node), { propagationPolicy: policy, preconditions: { uid: latest.metadata?.uid } });
    } catch (err) {
      if (codeOf(err) !== 404 && codeOf(err) !== 409) throw err;
    }
  };

  /** Upstream processDeletingDependentsItem: the finalizer goes once no dependent blocks it. */
  const processDeletingDependents = async (node: Node): Promise<void> => {
    const uid = node.obj.metadata?.uid ?? '';
    const blocking = [...(dependents.get(uid) ?? [])]
      .map((d) => nodes.get(d))
      .filter((d): d is Node => d !== undefined && (d.obj.metadata?.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion === true));
    if (!blocking.length) return removeFinalizer(node, foregroundFinalizer);
    for (const dep of blocking) if (!deletingDependents(dep.obj)) queue.add(dep.obj.metadata?.uid ?? '');
  };

  /** Upstream orphanDependents: dependents forget the owner, then its orphan finalizer goes. */
  const orphanDependents = async (node: Node): Promise<void> => {
    const uid = node.obj.metadata?.uid ?? '';
    for (const depUid of [...(dependents.get(uid) ?? [])]) {
      const dep = nodes.get(depUid);
      if (!dep) continue;
      const latest = await fresh(dep);
      if (latest) await updateOwnerReferences(ctx.client, pathOf(dep), latest, (refs) => refs.filter((r) => r.uid !== uid));
    }
    await removeFinalizer(node, orphanFinalizer);
  };

  const sync = async (uid: string): Promise<void> => {
    const node = nodes.get(uid);
    if (!node) return;
    const obj = node.obj;
    if (obj.metadata?.deletionTimestamp) {
      if (hasFinalizer(obj, orphanFinalizer)) return orphanDependents(node);
      if (hasFinalizer(obj, foregroundFinalizer)) return processDeletingDependents(node);
      return;
    }
    if (obj.metadata?.ownerReferences?.length) await attemptToDelete(node);
  };

  await Promise.all(informers.map((i) => i.synced()));
  queue.run(workers, sync);
  return { stop: () => queue.stop() };
}
