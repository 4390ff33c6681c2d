// What an object counts for against a ResourceQuota, as upstream's quota
// evaluators (pkg/quota/v1/evaluator/core, generic): pods (object count and
// compute requests/limits, not once finished), services (node ports, load
// balancers), PersistentVolumeClaims (storage, per storage class) and the
// count/<resource> object counts of every type; and which quotas' scopes
// (Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass,
// CrossNamespacePodAffinity) select a pod. Shared by the admission plugin and
// the quota controller.
import { podQOSClass } from '../defaults/qos-class.ts';
import type { KubeObject } from '../object.ts';
import { resourceTypes, type ResourceType } from '../resources.ts';
import { arr, isObj, obj, objs, str, type Obj } from '../validation/object-access.ts';
import { containerResources, count, podResources, resourceList, type ResourceList } from './resource-list.ts';

/** Object counts quota knew before count/<resource> (the legacy names). */
const legacyCounts: Record<string, string> = {
  '/pods': 'pods',
  '/services': 'services',
  '/configmaps': 'configmaps',
  '/secrets': 'secrets',
  '/persistentvolumeclaims': 'persistentvolumeclaims',
  '/replicationcontrollers': 'replicationcontrollers',
  '/resourcequotas': 'resourcequotas',
};

const computeResources = ['cpu', 'memory', 'ephemeral-storage'];
const storageClassSuffix = '.storageclass.storage.k8s.io/';

export function countName(t: ResourceType): string {
  return `count/${t.plural}${t.group ? `.${t.group}` : ''}`;
}

function isPod(t: ResourceType): boolean {
  return t.group === '' && t.kind === 'Pod';
}

/** Whether `name` is a resource the type's evaluator tracks (upstream MatchingResources). */
export function tracks(t: ResourceType, name: string): boolean {
  if (name === countName(t) || name === legacyCounts[`${t.group}/${t.plural}`]) return true;
  if (t.group !== '') return false;
  if (t.kind === 'Pod') return computeResources.includes(name) || name.startsWith('requests.') || name.startsWith('limits.') || name.startsWith('hugepages-');
  if (t.kind === 'Service') return name === 'services.nodeports' || name === 'services.loadbalancers';
  if (t.kind === 'PersistentVolumeClaim') return name === 'requests.storage' || name.includes(storageClassSuffix);
  return false;
}

/** The types whose objects a quota with these hard resources counts. */
export function trackedTypes(names: string[]): ResourceType[] {
  return resourceTypes.filter((t) => t.namespaced && t.verbs.includes('list') && names.some((n) => tracks(t, n)));
}

function isTerminal(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function podUsage(pod: KubeObject): ResourceList {
  // A finished pod holds nothing (QuotaV1Pod); one being deleted still does until it is gone.
  if (isTerminal(pod)) return new Map();
  const spec = obj(pod.spec);
  const usage: ResourceList = new Map([['pods', count(1)], ['count/pods', count(1)]]);
  for (const [name, q] of podResources(spec, 'requests')) {
    usage.set(`requests.${name}`, q);
    if (computeResources.includes(name) || name.startsWith('hugepages-')) usage.set(name, q);
  }
  for (const [name, q] of podResources(spec, 'limits')) usage.set(`limits.${name}`, q);
  return usage;
}

function serviceUsage(service: KubeObject): ResourceList {
  const spec = obj(service.spec);
  const ports = objs(spec.ports);
  const usage: ResourceList = new Map([['services', count(1)], ['count/services', count(1)]]);
  if (spec.type === 'NodePort') usage.set('services.nodeports', count(ports.length));
  if (spec.type === 'LoadBalancer') {
    // Without node port allocation only the ports that ask for one count.
    const nodePorts = spec.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p.nodePort !== undefined && p.nodePort !== 0).length : ports.length;
    usage.set('services.nodeports', count(nodePorts));
    usage.set('services.loadbalancers', count(1));
  }
  return usage;
}

function claimUsage(claim: KubeObject): ResourceList {
  const spec = obj(claim.spec);
  const usage: ResourceList = new Map([['persistentvolumeclaims', count(1)], ['count/persistentvolumeclaims', count(1)]]);
  const storage = resourceList(obj(obj(spec.resources).requests)).get('storage');
  if (storage) usage.set('requests.storage', storage);
  const storageClass = str(spec.storageClassName);
  if (storageClass) {
    usage.set(`${storageClass}${storageClassSuffix}persistentvolumeclaims`, count(1));
    if (storage) usage.set(`${storageClass}${storageClassSuffix}requests.storage`, storage);
  }
  return usage;
}

/** Everything the object counts for (upstream Evaluator.Usage). */
export function objectUsage(t: ResourceType, object: KubeObject): ResourceList {
  if (t.group === '' && t.kind === 'Pod') return podUsage(object);
  if (t.group === '' && t.kind === 'Service') return serviceUsage(object);
  if (t.group === '' && t.kind === 'PersistentVolumeClaim') return claimUsage(object);
  const usage: ResourceList = new Map([[countName(t), count(1)]]);
  const legacy = legacyCounts[`${t.group}/${t.plural}`];
  if (legacy) usage.set(legacy, count(1));
  return usage;
}

interface ScopeRequirement {
  scopeName: string;
  operator: string;
  values: string[];
}

/** spec.scopes (each an Exists) and spec.scopeSelector's expressions (upstream getScopeSelectorsFromQuota). */
export function quotaScopes(quota: KubeObject): ScopeRequirement[] {
  const spec = obj(quota.spec);
  return [
    ...arr(spec.scopes).map((s) => ({ scopeName: str(s), operator: 'Exists', values: [] })),
    ...objs(obj(spec.scopeSelector).matchExpressions).map((e) => ({ scopeName: str(e.scopeName), operator: str(e.operator), values: arr(e.values).map(str) })),
  ];
}

function hasCrossNamespaceAffinity(spec: Obj): boolean {
  const affinity = obj(spec.affinity);
  const terms = ['podAffinity', 'podAntiAffinity'].flatMap((kind) => {
    const a = obj(affinity[kind]);
    return [...objs(a.requiredDuringSchedulingIgnoredDuringExecution), ...objs(a.preferredDuringSchedulingIgnoredDuringExecution).map((w) => obj(w.podAffinityTerm))];
  });
  return terms.some((term) => isObj(term.namespaceSelector) || arr(term.namespaces).length > 0);
}

function podInScope(pod: KubeObject, scope: ScopeRequirement): boolean {
  const spec = obj(pod.spec);
  const deadline = spec.activeDeadlineSeconds;
  const terminating = typeof deadline === 'number' && deadline >= 0;
  switch (scope.scopeName) {
    case 'Terminating': return terminating;
    case 'NotTerminating': return !terminating;
    case 'BestEffort': return podQOSClass(spec) === 'BestEffort';
    case 'NotBestEffort': return podQOSClass(spec) !== 'BestEffort';
    case 'CrossNamespacePodAffinity': return hasCrossNamespaceAffinity(spec);
    case 'PriorityClass': {
      const priorityClass = str(spec.priorityClassName);
      switch (scope.operator) {
        case 'Exists': return priorityClass !== '';
        case 'DoesNotExist': return priorityClass === '';
        case 'In': return scope.values.includes(priorityClass);
        case 'NotIn': return !scope.values.includes(priorityClass);
        default: return false;
      }
    }
    default: return false;
  }
}

/**
 * Whether the quota counts this object (upstream Evaluator.Matches): it
 * limits something the object's type is counted in, and every scope selects
 * the object (only pods have scopes).
 */
export function quotaSelects(quota: KubeObject, hardNames: string[], t: ResourceType, object: KubeObject): boolean {
  if (!hardNames.some((n) => tracks(t, n))) return false;
  const scopes = quotaScopes(quota);
  if (!scopes.length) return true;
  return isPod(t) && scopes.every((s) => podInScope(object, s));
}

/** Resources a container must state once a quota limits them (upstream's backward-compatible pod Constraints). */
const mustStateResources = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

/** "must specify limits.cpu for: c1,c2; ..." when the pod's containers leave out what the quota limits; undefined otherwise. */
export function missingComputeResources(t: ResourceType, object: KubeObject, hardNames: string[]): string | undefined {
  if (!isPod(t)) return undefined;
  const required = mustStateResources.filter((n) => hardNames.includes(n));
  if (!required.length) return undefined;
  const spec = obj(object.spec);
  const missing = new Map<string, Set<string>>();
  for (const c of [...containerResources(spec, 'containers'), ...containerResources(spec, 'initContainers')]) {
    const stated = new Set<string>();
    for (const name of c.requests.keys()) {
      stated.add(`requests.${name}`);
      if (name === 'cpu' || name === 'memory') stated.add(name);
    }
    for (const name of c.limits.keys()) stated.add(`limits.${name}`);
    for (const name of required) {
      if (!stated.has(name)) missing.set(name, (missing.get(name) ?? new Set()).add(c.name));
    }
  }
  if (!missing.size) return undefined;
  const parts = [...missing].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, containers]) => `${name} for: ${[...containers].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}
