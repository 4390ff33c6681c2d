// kube-apiserver's admission plugins that act on new objects, in upstream's
// order: LimitRanger's defaults in the mutating phase; LimitRanger's bounds,
// then ResourceQuota (always last) in the validating phase. Updates of
// services and claims are charged what they add (node ports, load balancers,
// storage). Quota charged to an object that is then not stored (a later
// failure, a dry run) or that is deleted is given back.
import type { Store } from '../../store/store.ts';
import type { KubeObject } from '../object.ts';
import { resourceTypes, type ResourceType } from '../resources.ts';
import { decodeObject, prefixOf } from '../storage-keys.ts';
import { applyLimitRangeDefaults, enforceLimitRanges, limitRangerApplies } from './limit-ranger.ts';
import { objectUsage } from './quota-usage.ts';
import { chargeResourceQuotas, refund } from './resource-quota.ts';
import { growth } from './resource-list.ts';

const limitRangesType = resourceTypes.find((t) => t.group === '' && t.plural === 'limitranges')!;

export interface AdmissionChain {
  /** The mutating plugins, on a new object after defaulting. */
  mutate(t: ResourceType, obj: KubeObject): Promise<void>;
  /** The validating plugins, on a new object; throws the plugin's refusal. */
  admit(t: ResourceType, obj: KubeObject): Promise<void>;
  /** The validating plugins on an update of the main resource: quota for what it adds. */
  admitUpdate(t: ResourceType, obj: KubeObject, old: KubeObject): Promise<void>;
  /** Gives back what admit charged for an object that is gone or was never stored. */
  release(t: ResourceType, obj: KubeObject): Promise<void>;
}

export function createAdmissionChain(store: Store): AdmissionChain {
  const limitRanges = async (obj: KubeObject): Promise<KubeObject[]> =>
    (await store.list(prefixOf(limitRangesType, obj.metadata?.namespace))).items.map((kv) => decodeObject(kv));
  return {
    async mutate(t, obj) {
      if (limitRangerApplies(t) && obj.metadata?.namespace) applyLimitRangeDefaults(t, obj, await limitRanges(obj));
    },
    async admit(t, obj) {
      if (limitRangerApplies(t) && obj.metadata?.namespace) enforceLimitRanges(t, obj, await limitRanges(obj));
      await chargeResourceQuotas(store, t, obj);
    },
    async admitUpdate(t, obj, old) {
      // Upstream's service and claim evaluators handle updates; object counts and pods do not.
      if (t.group !== '' || (t.kind !== 'Service' && t.kind !== 'PersistentVolumeClaim')) return;
      const added = growth(objectUsage(t, obj), objectUsage(t, old));
      if (added.size) await chargeResourceQuotas(store, t, obj, added);
    },
    async release(t, obj) {
      await refund(store, t, obj);
    },
  };
}
