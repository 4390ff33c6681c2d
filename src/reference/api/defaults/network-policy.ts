// networking.k8s.io/v1 NetworkPolicies (SetDefaults_NetworkPolicy): ports are
// TCP unless stated; without policyTypes a policy is an Ingress one, and an
// Egress one too when it has egress rules.
import { arr, isObj, objs, type Obj } from '../validation/object-access.ts';

export function defaultNetworkPolicy(policy: Obj): void {
  if (!isObj(policy.spec)) return;
  const spec = policy.spec;
  for (const rule of [...objs(spec.ingress), ...objs(spec.egress)]) for (const port of objs(rule.ports)) port.protocol ??= 'TCP';
  if (arr(spec.policyTypes).length === 0) spec.policyTypes = arr(spec.egress).length ? ['Ingress', 'Egress'] : ['Ingress'];
}
