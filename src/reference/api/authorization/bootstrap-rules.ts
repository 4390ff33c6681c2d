// Shorthands the bootstrap policy is written with, as upstream's rbacv1helpers.
import type { PolicyRule } from './policy-rule.ts';

export const read = ['get', 'list', 'watch'];
export const write = ['create', 'update', 'patch', 'delete', 'deletecollection'];
export const readWrite = [...read, ...write];

export function rule(verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule {
  return { verbs, apiGroups, resources, ...(resourceNames ? { resourceNames } : {}) };
}

export function urls(verbs: string[], nonResourceURLs: string[]): PolicyRule {
  return { verbs, nonResourceURLs };
}

/** Recording events, core and events.k8s.io. */
export function eventsRules(): PolicyRule[] {
  return [rule(['create', 'update', 'patch'], ['', 'events.k8s.io'], ['events'])];
}
