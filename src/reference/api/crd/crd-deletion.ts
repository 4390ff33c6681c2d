// Deleting a CustomResourceDefinition, as its REST storage does upstream: the
// first delete adds the customresourcecleanup finalizer, so the CRD waits
// (Terminating) until the CRD controller has deleted every object of its types.
import { deleteObject, validateDeleteOptions, type DeleteOptions, type DeleteResult } from '../deletion.ts';
import type { Registry } from '../registry.ts';
import { conflict, notFound } from '../status.ts';
import { cleanupFinalizer } from './crd-object.ts';
import { crdType } from './crd-controller.ts';

export async function deleteCrd(registry: Registry, name: string, options: DeleteOptions): Promise<DeleteResult> {
  validateDeleteOptions(options);
  const current = await registry.tryGet(crdType, undefined, name);
  if (!current) throw notFound(crdType, name);
  const meta = current.obj.metadata ?? {};
  const dryRun = (options.dryRun ?? []).includes('All');
  if (meta.deletionTimestamp || dryRun || (meta.finalizers ?? []).includes(cleanupFinalizer)) return deleteObject(registry, crdType, undefined, name, options);
  const wanted = options.preconditions?.resourceVersion;
  if (wanted && wanted !== meta.resourceVersion) {
    throw conflict(crdType, name, `Precondition failed: ResourceVersion in precondition: ${wanted}, ResourceVersion in object meta: ${meta.resourceVersion ?? ''}`);
  }
  await registry.write(crdType, undefined, name, (cur) => {
    const next = cur!;
    next.metadata!.finalizers = [...(next.metadata!.finalizers ?? []), cleanupFinalizer];
    return next;
  }, { fieldManager: 'kube-apiserver', dryRun: false });
  const { resourceVersion: _checked, ...preconditions } = options.preconditions ?? {};
  return deleteObject(registry, crdType, undefined, name, { ...options, ...(options.preconditions ? { preconditions } : {}) });
}
