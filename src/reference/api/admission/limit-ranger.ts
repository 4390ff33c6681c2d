// The LimitRanger admission plugin (plugin/pkg/admission/limitranger), on
// creates of pods and PersistentVolumeClaims: the namespace's LimitRanges
// fill in containers' missing requests and limits (default, defaultRequest;
// noted in the kubernetes.io/limit-ranger annotation), then refuse what is
// below min, above max or past maxLimitRequestRatio, per Container, per Pod
// and per PersistentVolumeClaim, with upstream's messages.
import { podQOSClass } from '../defaults/qos-class.ts';
import type { KubeObject } from '../object.ts';
import type { ResourceType } from '../resources.ts';
import { ensureObj, isObj, obj, objs, type Obj } from '../validation/object-access.ts';
import { formatQuantity, type Quantity } from '../validation/quantity.ts';
import { admissionForbidden, aggregate } from './admission-error.ts';
import { containerResources, podResources, resourceList, type ResourceList } from './resource-list.ts';

export const limitRangerAnnotation = 'kubernetes.io/limit-ranger';

interface LimitItem {
  type: string;
  max: ResourceList;
  min: ResourceList;
  default: ResourceList;
  defaultRequest: ResourceList;
  maxLimitRequestRatio: ResourceList;
}

function items(limitRanges: readonly KubeObject[]): LimitItem[] {
  return limitRanges.flatMap((lr) => objs(obj(lr.spec).limits)).map((item) => ({
    type: String(item.type ?? ''),
    max: resourceList(item.max),
    min: resourceList(item.min),
    default: resourceList(item.default),
    defaultRequest: resourceList(item.defaultRequest),
    maxLimitRequestRatio: resourceList(item.maxLimitRequestRatio),
  }));
}

function isPod(t: ResourceType): boolean {
  return t.group === '' && t.kind === 'Pod';
}

function isClaim(t: ResourceType): boolean {
  return t.group === '' && t.kind === 'PersistentVolumeClaim';
}

export function limitRangerApplies(t: ResourceType): boolean {
  return isPod(t) || isClaim(t);
}

/** The Container items' defaults, the first item's winning per resource (upstream defaultContainerResourceRequirements). */
function containerDefaults(limitItems: LimitItem[]): { limits: ResourceList; requests: ResourceList } {
  const limits: ResourceList = new Map();
  const requests: ResourceList = new Map();
  for (const item of limitItems.filter((i) => i.type === 'Container')) {
    for (const [name, q] of item.default) if (!limits.has(name)) limits.set(name, q);
    for (const [name, q] of item.defaultRequest) if (!requests.has(name)) requests.set(name, q);
  }
  return { limits, requests };
}

function sorted(names: string[]): string[] {
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Sets what the container lacks; returns the annotation's notes (upstream mergeContainerResources). */
function mergeContainer(container: Obj, defaults: { limits: ResourceList; requests: ResourceList }, prefix: string): string[] {
  const resources = ensureObj(container, 'resources');
  const notes: string[] = [];
  for (const [field, list, word] of [['requests', defaults.requests, 'request'], ['limits', defaults.limits, 'limit']] as const) {
    const set: string[] = [];
    for (const [name, q] of list) {
      const current: Obj = isObj(resources[field]) ? resources[field] : {};
      if (name in current) continue;
      resources[field] = { ...current, [name]: formatQuantity(q) };
      set.push(name);
    }
    if (set.length) notes.push(`${sorted(set).join(', ')} ${word} for ${prefix} ${String(container.name ?? '')}`);
  }
  return notes;
}

/**
 * The mutating half: a new pod's containers get the defaults of the
 * namespace's LimitRanges. Changes the pod in place.
 */
export function applyLimitRangeDefaults(t: ResourceType, object: KubeObject, limitRanges: readonly KubeObject[]): void {
  if (!isPod(t)) return;
  const defaults = containerDefaults(items(limitRanges));
  if (defaults.limits.size === 0 && defaults.requests.size === 0) return;
  const spec = obj(object.spec);
  // Defaults apply in the order containers then init containers, and are noted in that order.
  const notes = [
    ...objs(spec.containers).flatMap((c) => mergeContainer(c, defaults, 'container')),
    ...objs(spec.initContainers).flatMap((c) => mergeContainer(c, defaults, 'init container')),
  ];
  if (!notes.length) return;
  const meta = (object.metadata ??= {});
  meta.annotations = { ...meta.annotations, [limitRangerAnnotation]: `LimitRanger plugin set: ${notes.join('; ')}` };
  // The QoS class is decided after admission, so it sees the defaults.
  ensureObj(object as Obj, 'status').qosClass = podQOSClass(spec);
}

/** Milli-units, as upstream compares when nothing overflows (requestLimitEnforcedValues). */
function milli(q: Quantity | undefined): bigint {
  if (!q) return 0n;
  const m = q.nanos / 1_000_000n;
  return q.nanos % 1_000_000n !== 0n && q.nanos > 0n ? m + 1n : m;
}

function text(q: Quantity): string {
  return formatQuantity(q);
}

function minConstraint(kind: string, name: string, enforced: Quantity, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  if (!req) return `minimum ${name} usage per ${kind} is ${text(enforced)}.  No request is specified`;
  if (milli(req) < milli(enforced)) return `minimum ${name} usage per ${kind} is ${text(enforced)}, but request is ${text(req)}`;
  if (lim && milli(lim) < milli(enforced)) return `minimum ${name} usage per ${kind} is ${text(enforced)}, but limit is ${text(lim)}`;
  return undefined;
}

function maxConstraint(kind: string, name: string, enforced: Quantity, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  if (!lim) return `maximum ${name} usage per ${kind} is ${text(enforced)}.  No limit is specified`;
  if (milli(lim) > milli(enforced)) return `maximum ${name} usage per ${kind} is ${text(enforced)}, but limit is ${text(lim)}`;
  if (req && milli(req) > milli(enforced)) return `maximum ${name} usage per ${kind} is ${text(enforced)}, but request is ${text(req)}`;
  return undefined;
}

function maxRequestConstraint(kind: string, name: string, enforced: Quantity, requests: ResourceList): string | undefined {
  const req = requests.get(name);
  if (!req) return `maximum ${name} usage per ${kind} is ${text(enforced)}.  No request is specified`;
  if (milli(req) > milli(enforced)) return `maximum ${name} usage per ${kind} is ${text(enforced)}, but request is ${text(req)}`;
  return undefined;
}

function ratioConstraint(kind: string, name: string, enforced: Quantity, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = milli(requests.get(name));
  const lim = milli(limits.get(name));
  if (req === 0n) return `${name} max limit to request ratio per ${kind} is ${text(enforced)}, but no request is specified or request is 0`;
  if (lim === 0n) return `${name} max limit to request ratio per ${kind} is ${text(enforced)}, but no limit is specified or limit is 0`;
  const ratio = Number(lim) / Number(req);
  if (ratio * 1000 > Number(milli(enforced))) return `${name} max limit to request ratio per ${kind} is ${text(enforced)}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

function byName(list: ResourceList): [string, Quantity][] {
  return [...list].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function checkAll(item: LimitItem, kind: string, requests: ResourceList, limits: ResourceList): string[] {
  const errors: (string | undefined)[] = [
    ...byName(item.min).map(([name, q]) => minConstraint(kind, name, q, requests, limits)),
    ...byName(item.max).map(([name, q]) => maxConstraint(kind, name, q, requests, limits)),
    ...byName(item.maxLimitRequestRatio).map(([name, q]) => ratioConstraint(kind, name, q, requests, limits)),
  ];
  return errors.filter((e): e is string => e !== undefined);
}

function podViolations(pod: KubeObject, limitItems: LimitItem[]): string[] {
  const spec = obj(pod.spec);
  const errors: string[] = [];
  for (const item of limitItems) {
    if (item.type === 'Container') {
      for (const c of [...containerResources(spec, 'containers'), ...containerResources(spec, 'initContainers')]) {
        errors.push(...checkAll(item, 'Container', c.requests, c.limits));
      }
    } else if (item.type === 'Pod') {
      errors.push(...checkAll(item, 'Pod', podResources(spec, 'requests'), podResources(spec, 'limits')));
    }
  }
  return errors;
}

function claimViolations(claim: KubeObject, limitItems: LimitItem[]): string[] {
  const requests = resourceList(obj(obj(obj(claim.spec).resources).requests));
  const errors: (string | undefined)[] = [];
  for (const item of limitItems.filter((i) => i.type === 'PersistentVolumeClaim')) {
    errors.push(...byName(item.min).map(([name, q]) => minConstraint('PersistentVolumeClaim', name, q, requests, new Map())));
    errors.push(...byName(item.max).map(([name, q]) => maxRequestConstraint('PersistentVolumeClaim', name, q, requests)));
  }
  return errors.filter((e): e is string => e !== undefined);
}

/** The validating half: throws the 403 upstream answers when the new object breaks a LimitRange. */
export function enforceLimitRanges(t: ResourceType, object: KubeObject, limitRanges: readonly KubeObject[]): void {
  const limitItems = items(limitRanges);
  const errors = isPod(t) ? podViolations(object, limitItems) : isClaim(t) ? claimViolations(object, limitItems) : [];
  if (errors.length) throw admissionForbidden(t, object, aggregate(errors));
}
