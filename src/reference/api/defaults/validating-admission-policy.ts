// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicies
// (SetDefaults_ValidatingAdmissionPolicySpec, SetDefaults_MatchResources):
// Fail, Equivalent, selectors that select everything, rules of any scope.
import { isObj, objs, type Obj } from '../validation/object-access.ts';

export function defaultValidatingAdmissionPolicy(policy: Obj): void {
  if (!isObj(policy.spec)) return;
  const spec = policy.spec;
  spec.failurePolicy ??= 'Fail';
  if (isObj(spec.matchConstraints)) {
    const m = spec.matchConstraints;
    m.matchPolicy ??= 'Equivalent';
    m.namespaceSelector ??= {};
    m.objectSelector ??= {};
    for (const rule of [...objs(m.resourceRules), ...objs(m.excludeResourceRules)]) rule.scope ??= '*';
  }
}
