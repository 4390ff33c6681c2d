// The rbac.authorization.k8s.io/v1 objects as the authorizer reads them.
import type { KubeObject } from '../object.ts';
import type { PolicyRule } from './policy-rule.ts';

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

export interface RoleObject extends KubeObject {
  rules?: PolicyRule[];
  aggregationRule?: { clusterRoleSelectors?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] }[] };
}

export interface BindingObject extends KubeObject {
  subjects?: Subject[];
  roleRef: RoleRef;
}

export const rbacGroup = 'rbac.authorization.k8s.io';
