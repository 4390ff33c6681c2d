// The type-specific half of every write: kube-apiserver's defaulting and
// admission (defaults, priority from PriorityClasses), validation, and the
// field manager's record of who wrote what.
import type { Store } from '../store/store.ts';
import { applyDefaults } from './defaults/apply-defaults.ts';
import { recordUpdate } from './patch/record-update.ts';
import type { ObjectPolicy } from './registry.ts';
import { apiVersionOf, resourceTypes, type ResourceType } from './resources.ts';
import { builtinTypeInfo } from './schema/type-info.ts';
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
  return {
    async allocate(t, obj) {
      if (isService(t)) await services.allocate(obj, store);
    },
    async release(t, obj) {
      if (isService(t)) await services.release(obj, store);
    },
    async applyDefaults(t, obj, isCreate) {
      // Pod priority is resolved once, at admission of a new pod, from the PriorityClasses that exist then.
      const classes = isCreate && isPod(t) ? (await store.list(prefixOf(priorityClasses))).items.map((kv) => decodeObject(kv)) : [];
      applyDefaults(t, obj, { priorityClasses: classes, ...options });
    },
    validate(t, obj, old, subresource) {
      return validateObject(t, obj, old, subresource);
    },
    recordUpdate(t, before, after, manager, subresource) {
      const result = recordUpdate({
        before,
        after,
        manager,
        operation: 'Update',
        ...(subresource ? { subresource } : {}),
        apiVersion: apiVersionOf(t),
        typeInfo: builtinTypeInfo(),
        now: new Date(),
      });
      const meta = (after.metadata ??= {});
      if (result.managedFields.length) meta.managedFields = result.managedFields;
      else delete meta.managedFields;
    },
  };
}
