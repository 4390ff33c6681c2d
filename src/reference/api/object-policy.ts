// The type-specific half of every write: kube-apiserver's defaulting and
// admission (defaults, priority from PriorityClasses), validation, and the
// field manager's record of who wrote what.
import type { Store } from '../store/store.ts';
import { createAdmissionChain } from './admission/admission-chain.ts';
import { applyDefaults } from './defaults/apply-defaults.ts';
import { recordUpdate } from './patch/record-update.ts';
import type { ObjectPolicy } from './registry.ts';
import { apiVersionOf, resourceTypes, type ResourceType } from './resources.ts';
import { typeInfoFor } from './crd/crd-type-info.ts';
import { applyCustomDefaults, validateCustom } from './crd/custom-resource-policy.ts';
import { decodeObject, prefixOf } from './storage-keys.ts';
import { createServiceAllocator } from './service-allocation/service-allocator.ts';
import { validateObject } from './validation/validate-object.ts';

const priorityClasses = resourceTypes.find((t) => t.group === 'scheduling.k8s.io' && t.plural === 'priorityclasses')!;

function isPod(t: ResourceType): boolean {
  return t.group === '' && t.kind === 'Pod';
}

function isService(t: ResourceType): boolean {
  return t.group === '' && t.kind === 'Service';
}

export function createObjectPolicy(store: Store, options: { defaultTolerationSeconds?: number } = {}): ObjectPolicy {
  const services = createServiceAllocator();
  const admission = createAdmissionChain(store);
  return {
    async allocate(t, obj) {
      await admission.admit(t, obj);
      try {
        if (isService(t)) await services.allocate(obj, store);
      } catch (err) {
        await admission.release(t, obj);
        throw err;
      }
    },
    async release(t, obj) {
      if (isService(t)) await services.release(obj, store);
      await admission.release(t, obj);
    },
    admitUpdate: (t, obj, old) => admission.admitUpdate(t, obj, old),
    async applyDefaults(t, obj, isCreate) {
      if (applyCustomDefaults(t, obj, isCreate)) return;
      // Pod priority is resolved once, at admission of a new pod, from the PriorityClasses that exist then.
      const classes = isCreate && isPod(t) ? (await store.list(prefixOf(priorityClasses))).items.map((kv) => decodeObject(kv)) : [];
      applyDefaults(t, obj, { priorityClasses: classes, ...options });
      if (isCreate) await admission.mutate(t, obj);
    },
    validate(t, obj, old, subresource) {
      return validateCustom(t, obj, old, subresource) ?? validateObject(t, obj, old, subresource);
    },
    recordUpdate(t, before, after, manager, subresource) {
      const result = recordUpdate({
        before,
        after,
        manager,
        operation: 'Update',
        ...(subresource ? { subresource } : {}),
        apiVersion: apiVersionOf(t),
        typeInfo: typeInfoFor(t),
        now: new Date(),
      });
      const meta = (after.metadata ??= {});
      if (result.managedFields.length) meta.managedFields = result.managedFields;
      else delete meta.managedFields;
    },
  };
}
